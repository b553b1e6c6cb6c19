/**
 * What a bill's payments and vendor credits make of its amounts (docs/bill-v3-resources.md
 * section 3.4): cents paid, cents credited, cents scheduled. Computed from the records the
 * bill `reads` on every view, never stored on the bill, so they move with the clock.
 *
 * Payments and vendor credits are not served yet: nothing reads, nothing is paid.
 */
import type { ResourceRecord } from "../../stores/types/resources.ts";
import type { ReadContext } from "../declaration.ts";

/** The kinds a bill's amounts are computed from. */
export const BILL_MONEY_READS: readonly string[] = [];

export interface BillMoney {
  /** Cents paid by processed payments. */
  paid: number;
  /** Cents of vendor credits applied. */
  credit: number;
  /** Cents of payments scheduled and not processed yet. */
  scheduled: number;
}

export function billMoney(_bill: ResourceRecord, _context: ReadContext): BillMoney {
  return { paid: 0, credit: 0, scheduled: 0 };
}
