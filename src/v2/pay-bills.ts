/**
 * `POST /api/v2/PayBills.json` over v3 payments (docs/bill-sign-in-modes.md section 2): v2's
 * `data` (vendor, funding account, `billPays`) as the payments that v3's `POST
 * /v3/payments/bulk` makes, and the payments made as v2's answer. Pure, like the entity
 * mappings: the route (src/routes/v2/pay-bills.ts) checks the session, the role and MFA, and
 * makes the payments through the same createPayments as src/routes/payments.ts.
 *
 * Stub until the v2-entities mapping lands: every call answers that PayBills is not served.
 */
import type { NewPayment, PaymentPaths } from "../resources/ap/payment-actions.ts";
import type { V2Failure } from "./envelope.ts";

/** v2's PayBills request as v3 payments to make, all or none, or BILL's v2 error. */
export type PayBillsRequest = { ok: true; value: NewPayment[] } | V2Failure;

/** How createPayments' errors name v2's fields: bill payment `i`'s `field`. */
export const PAY_BILLS_PATHS: PaymentPaths = {
  at: (index, field) => `billPays[${index}].${field}`,
  vendor: "vendorId",
};

/** The payments a PayBills call asks for, from its parsed `data` object. */
export function payBillsFromV2(_data: Readonly<Record<string, unknown>>): PayBillsRequest {
  return { ok: false, code: "BDC_1121", message: "API not supported." };
}

/** The `response_data` of a PayBills call: the v3 payments made, as v2's objects. */
export function payBillsToV2(payments: readonly Readonly<Record<string, unknown>>[]): unknown {
  return payments;
}
