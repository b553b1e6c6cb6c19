/**
 * What a stored payment means at an instant (docs/bill-v3-resources.md section 9): its status
 * follows from its stored state and the injected clock, never from a background job, and the
 * bills and vendor credits it draws on read their amounts from it.
 */
import type { ResourceRecord } from "../../stores/types/resources.ts";
import type { ReadContext } from "../declaration.ts";

/** The store kind (and path) of payments and of vendor credits. */
export const PAYMENTS = "payments";
export const VENDOR_CREDITS = "vendor-credits";

export interface CreditUse {
  id: string;
  amount: number;
}

/** One bill a payment pays (BILL's `billPayments[]`), with the vendor credits applied to it. */
export interface StoredBillPayment {
  id: string;
  billId: string;
  amount: number;
  vendorCredits?: CreditUse[];
}

/** A payment's stored fields; `status` is never stored, only `state` set by cancel and void. */
export interface PaymentData {
  vendorId: string;
  processDate: string;
  billPayments: StoredBillPayment[];
  /** false for a payment recorded with `POST /v3/bills/record-payment` (made outside BILL). */
  onlinePayment: boolean;
  fundingAccount?: { type: string; id?: string };
  processingOptions?: Record<string, unknown>;
  description?: string;
  toPrintCheck?: boolean;
  createdBy: string;
  state?: "CANCELLED" | "VOID";
  voidInfo?: { requestedBy: string; type: string; status: string; reason?: string; createdAt: number }[];
}

export type PaymentStatus = "SCHEDULED" | "PAID" | "CANCELLED" | "VOID";

/** Money in cents, rounded half away from zero (as bills). */
export const cents = (amount: number) => Math.sign(amount) * Math.round(Math.abs(amount) * 100);
export const fromCents = (value: number) => value / 100;
export const hasAtMostCents = (amount: number) => Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6;

/** 00:00 UTC of a `yyyy-MM-dd` date (ms). */
export const startOfDate = (date: string) => Date.parse(`${date}T00:00:00.000Z`);

/** The UTC calendar date of an instant, `yyyy-MM-dd`. */
export const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * (ours) A payment is SCHEDULED until its processDate arrives, at 00:00 UTC of that date by
 * the injected clock; then PAID. A recorded (offline) payment is PAID at once. Cancel and void
 * store their state.
 */
export function paymentStatus(data: PaymentData, now: number): PaymentStatus {
  if (data.state) return data.state;
  if (!data.onlinePayment) return "PAID";
  return now >= startOfDate(data.processDate) ? "PAID" : "SCHEDULED";
}

/** Whether a payment still draws on its bills and credits (not canceled or voided). */
export const isActive = (status: PaymentStatus) => status === "SCHEDULED" || status === "PAID";

/** Cents of a vendor credit applied by the active payments the context holds. */
export function creditApplied(creditId: string, context: ReadContext): number {
  let applied = 0;
  for (const payment of context.all(PAYMENTS)) {
    const data = payment.data as unknown as PaymentData;
    if (!isActive(paymentStatus(data, context.now))) continue;
    for (const line of data.billPayments) {
      for (const use of line.vendorCredits ?? []) if (use.id === creditId) applied += cents(use.amount);
    }
  }
  return applied;
}

/** The active bill payments of a bill: each with its payment's status. */
export function billPaymentsOf(
  bill: ResourceRecord,
  context: ReadContext,
): { status: PaymentStatus; line: StoredBillPayment }[] {
  const found: { status: PaymentStatus; line: StoredBillPayment }[] = [];
  for (const payment of context.all(PAYMENTS)) {
    const data = payment.data as unknown as PaymentData;
    const status = paymentStatus(data, context.now);
    if (!isActive(status)) continue;
    for (const line of data.billPayments) if (line.billId === bill.id) found.push({ status, line });
  }
  return found;
}
