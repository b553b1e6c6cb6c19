/**
 * v2's `PayBills.json` [DP v2 "PayBills": developersupport.bill.com/hc/en-us/articles/
 * 215407363; v2 reference developer.bill.com/v2/reference/ap-vendortransactions-paybills] over
 * v3's payment creates (docs/bill-v3-resources.md section 9). v2's `data`:
 *
 *   { vendorId?, processDate?, bankAccountId?, description?,
 *     billPays: [{ billId, amount }], billCredits?: [{ billId, vendorCreditId, amount }] }
 *
 * is v3's bulk payment body (`POST /v3/payments/bulk`, `BulkPaymentBody`):
 *
 *   { vendorId?, processDate?, description?, fundingAccount: { type: "BANK_ACCOUNT", id? },
 *     payments: [{ billId, amount, vendorCredits?: [{ id, amount }] }] }
 *
 * one v3 payment per `billPays` entry, in order, all or nothing (v3 bulk's rule, and v2's: a
 * PayBills request pays its bills as one request). BILL pays up to 200 bills per PayBills
 * [DP]; v3's bulk route takes 50, so the v2 route makes the payments with `newPaymentsOf`
 * (createPayments, as the bulk route does) rather than through the bulk body's schema.
 * The answer is `{ sentPays: [SentPay, …] }` [3P: BILL's Java SDK reads `sentPays`; clients read
 * `response_data.sentPays[0].id`], one SentPay per payment (`paidBillsToV2`).
 */
import type { NewPayment, PaymentPaths } from "../resources/ap/payment-actions.ts";
import {
  conversion,
  defined,
  idOrNone,
  invalidValue,
  missing,
  NO_ID,
  nested,
  numberOrNull,
  textOrNull,
  V2Reader,
  v2Time,
} from "./entities/common.ts";
import type { V2Conversion } from "./entity.ts";

/** BILL's PayBills maximum [DP: "You can pay a maximum of 200 bills in one PayBills request"]. */
export const PAY_BILLS_MAX = 200;

/** v2's SentPay `status` [3P BILL Java SDK]: "0" approving, "1" scheduled, "2" paid, "3" canceled, "4" void. */
export const SENT_PAY_STATUS: Readonly<Record<string, string>> = {
  APPROVING: "0",
  SCHEDULED: "1",
  PAID: "2",
  CANCELLED: "3",
  VOID: "4",
};

/**
 * PayBills' `data` as v3's bulk payment body. Refused, with BILL's v2 codes: no `billPays`
 * (BDC_1108), more than 200 (BDC_1119 `billPays`), a bill payment without a bill or an
 * amount (BDC_1108), an amount that is not more than 0 (BDC_1119), a bill credit for a bill
 * that `billPays` does not pay (BDC_1119 `billCredits[j].billId`, ours). Without
 * `bankAccountId` the body's `fundingAccount` has no `id`: the route gives the
 * organization's default bank account, or BDC_1108 `bankAccountId` when it has none.
 */
export function payBillsFromV2(data: Readonly<Record<string, unknown>>): V2Conversion {
  const r = new V2Reader(data);
  const header = {
    vendorId: r.id("vendorId", "009"),
    processDate: r.date("processDate"),
    description: r.text("description", 70),
    fundingAccount: defined({ type: "BANK_ACCOUNT", id: r.id("bankAccountId", "bac") }),
  };
  const pays = r.objects("billPays");
  if (pays === undefined || pays.length === 0) r.problem ??= missing("billPays");
  else if (pays.length > PAY_BILLS_MAX) r.problem ??= invalidValue("billPays", pays.length);
  const payments = (pays ?? []).map((pay) => {
    const payment = {
      billId: pay.requiredId("billId", "00n"),
      amount: pay.requiredNumber("amount"),
      vendorCredits: [] as { id: string; amount: number }[],
    };
    if (payment.amount !== undefined && !(payment.amount > 0)) {
      pay.problem ??= invalidValue(`${pay.at}amount`, payment.amount);
    }
    r.adopt(pay);
    return payment;
  });
  for (const [j, credit] of (r.objects("billCredits") ?? []).entries()) {
    const billId = credit.requiredId("billId", "00n");
    const id = credit.requiredId("vendorCreditId", "vcr");
    const amount = credit.requiredNumber("amount");
    if (amount !== undefined && !(amount > 0)) credit.problem ??= invalidValue(`${credit.at}amount`, amount);
    // A credit goes with the bill's (first) payment: v3 applies credits on a bill payment.
    const payment = payments.find((p) => p.billId === billId);
    if (billId !== undefined && !payment) credit.problem ??= invalidValue(`billCredits[${j}].billId`, billId);
    r.adopt(credit);
    if (payment && id !== undefined && amount !== undefined) payment.vendorCredits.push({ id, amount });
  }
  return conversion(
    r,
    defined({
      ...header,
      payments: payments.map(({ vendorCredits, ...payment }) =>
        defined({ ...payment, vendorCredits: vendorCredits.length > 0 ? vendorCredits : undefined }),
      ),
    }),
  );
}

/** The v3 payments to make (payment-actions.ts `createPayments`) from `payBillsFromV2`'s body. */
export function newPaymentsOf(body: Readonly<Record<string, unknown>>): NewPayment[] {
  const lines = Array.isArray(body.payments) ? (body.payments as NewPayment["lines"][number][]) : [];
  const common = defined({
    vendorId: body.vendorId,
    processDate: body.processDate,
    description: body.description,
    fundingAccount: body.fundingAccount,
  }) as Omit<NewPayment, "lines" | "onlinePayment">;
  return lines.map((line) => ({ ...common, lines: [line], onlinePayment: true }));
}

/**
 * How `createPayments`' problems name PayBills' fields: bill payment i's `billId` and
 * `amount` are `billPays[i].…`, its credits `billPays[i].vendorCredits[j].…` (ours: v3 keeps
 * a bill's credits with its payment), the vendor `vendorId`. Whole-request problems keep v3's
 * names: `processDate`; `fundingAccount.id` and `fundingAccount.type` are v2's
 * `bankAccountId` (the route renames them).
 */
export const PAY_BILLS_PATHS: PaymentPaths = {
  at: (i, field) => `billPays[${i}].${field}`,
  vendor: "vendorId",
};

/** One v3 payment (the wire object) as v2's SentPay, with its BillPays and BillCredits. */
export function paidBillsToV2(v3Payment: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const lines = Array.isArray(v3Payment.billPayments)
    ? (v3Payment.billPayments as Record<string, unknown>[])
    : [];
  const status = typeof v3Payment.status === "string" ? v3Payment.status : "";
  const times = { createdTime: v2Time(v3Payment.createdTime), updatedTime: v2Time(v3Payment.updatedTime) };
  return {
    entity: "SentPay",
    id: v3Payment.id,
    processDate: textOrNull(v3Payment.processDate),
    amount: numberOrNull(v3Payment.amount),
    status: (Object.hasOwn(SENT_PAY_STATUS, status) ? SENT_PAY_STATUS[status] : undefined) ?? "1",
    description: textOrNull(v3Payment.description),
    txnNumber: null,
    name: null,
    vendorId: v3Payment.vendorId,
    isOnline: v3Payment.onlinePayment !== false,
    chartOfAccountId: NO_ID,
    syncReference: null,
    toPrintCheck: v3Payment.toPrintCheck === true,
    ...times,
    bankAccountId: idOrNone(nested(v3Payment, "fundingAccount").id),
    source: "0",
    billPays: lines.map((line) => ({
      entity: "BillPay",
      id: line.id,
      billId: line.billId,
      sentPayId: v3Payment.id,
      amount: numberOrNull(line.amount),
      ...times,
    })),
    billCredits: lines.flatMap((line) =>
      (Array.isArray(line.vendorCredits) ? (line.vendorCredits as Record<string, unknown>[]) : []).map(
        (credit) => ({
          entity: "BillCredit",
          billId: line.billId,
          vendorCreditId: credit.id,
          sentPayId: v3Payment.id,
          amount: numberOrNull(credit.amount),
          ...times,
        }),
      ),
    ),
  };
}

/** PayBills' `response_data`: every payment made, as SentPays. */
export const payBillsAnswer = (v3Payments: readonly Readonly<Record<string, unknown>>[]) => ({
  sentPays: v3Payments.map(paidBillsToV2),
});
