/**
 * What a bill's payments and vendor credits make of its amounts (docs/bill-v3-resources.md
 * sections 3.4 and 9): cents paid, cents credited, cents scheduled. Computed from the records
 * the bill `reads` on every view, never stored on the bill, so they move with the clock.
 */
import type { ResourceRecord } from "../../stores/types/resources.ts";
import type { ReadContext } from "../declaration.ts";
import { billPaymentsOf, cents, PAYMENTS } from "./payment-state.ts";

/** The kinds a bill's amounts are computed from. */
export const BILL_MONEY_READS: readonly string[] = [PAYMENTS];

export interface BillMoney {
  /** Cents paid by processed payments. */
  paid: number;
  /** Cents of vendor credits applied. */
  credit: number;
  /** Cents of payments scheduled and not processed yet. */
  scheduled: number;
}

/**
 * (ours) A payment's amount is paid once its status is PAID, scheduled while SCHEDULED; the
 * vendor credits it applies count from the moment it is made; canceled and voided payments
 * count for nothing.
 */
export function billMoney(bill: ResourceRecord, context: ReadContext): BillMoney {
  const money = { paid: 0, credit: 0, scheduled: 0 };
  for (const { status, line } of billPaymentsOf(bill, context)) {
    if (status === "PAID") money.paid += cents(line.amount);
    else money.scheduled += cents(line.amount);
    for (const use of line.vendorCredits ?? []) money.credit += cents(use.amount);
  }
  return money;
}
