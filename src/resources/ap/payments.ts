/**
 * Payments (docs/bill-v3-resources.md section 9): money the organization sends a vendor for
 * bills. Field names and the `stp` id prefix are BILL's (v3 Postman collection
 * `POST /v3/payments`; the v2 SentPay object "begins with stp"). `status` is computed from the
 * stored state and the injected clock (payment-state.ts); the rules a new payment must meet are
 * `paymentProblems`, run by payment-actions.ts inside the transaction that locks its bills.
 */
import { type Static, type TSchema, Type } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { formatTimestamp } from "../../clock.ts";
import type { ErrorItem } from "../../errors.ts";
import { same } from "../../http/schemas/same.ts";
import type { RoleType } from "../../stores/types/organizations.ts";
import type { ResourceRecord } from "../../stores/types/resources.ts";
import { type BuildContext, defineResource, type ReadContext } from "../declaration.ts";
import { BANK_ACCOUNTS, isVerifiedBankAccount } from "../funding/bank-state.ts";
import { parseTime } from "../query.ts";
import { DateText, idOf, oneOf, present, text } from "../schema-kit.ts";
import { BILL_APPROVAL_READS, billApproval, mayPay } from "./bill-approval.ts";
import { bills } from "./bills.ts";
import {
  cents,
  dateOf,
  fromCents,
  hasAtMostCents,
  PAYMENTS,
  type PaymentData,
  paymentStatus,
  type StoredBillPayment,
  VENDOR_CREDITS,
} from "./payment-state.ts";
import { creditBalance } from "./vendor-credits.ts";

const Amount = Type.Number({ exclusiveMinimum: 0, maximum: 1e12 });

/** [PM] seen; only BANK_ACCOUNT is served (ours). */
export const FUNDING_TYPES = ["BANK_ACCOUNT", "CARD_ACCOUNT", "WALLET", "AP_CARD"] as const;
export const CHECK_DELIVERY = ["STANDARD", "UPS_1DAY", "UPS_2DAY", "RTP_DELIVERY"] as const;
export const VOID_TYPES = [
  "VOID_ONLY",
  "VOID_AND_REISSUE",
  "VOID_AND_REISSUE_VCARD",
  "VOID_AND_CREDIT",
] as const;
/** BILL's payment `status` values this server produces ([PM] also shows APPROVING). */
export const PAYMENT_STATUSES = ["SCHEDULED", "PAID", "CANCELLED", "VOID"] as const;

/** Who may pay [DP: BDC_1150 "the Administrator user role, Payer user role, or …"; v2 PayBills]. */
export const PAYERS: readonly RoleType[] = ["ADMINISTRATOR", "PAYER"];

const FundingAccount = Type.Object({
  type: oneOf(FUNDING_TYPES),
  id: Type.Optional(Type.String({ maxLength: 40 })),
});
const ProcessingOptions = Type.Object({
  requestPayFaster: Type.Optional(Type.Boolean()),
  createBill: Type.Optional(Type.Boolean()),
  requestCheckDeliveryType: Type.Optional(oneOf(CHECK_DELIVERY)),
});
const CreditUseInput = Type.Object({ id: idOf("vcr"), amount: Amount });
const CreditUses = Type.Array(CreditUseInput, { minItems: 1, maxItems: 50 });

/** `POST /v3/payments` [PM; DP "Create a payment"]. */
export const CreatePaymentBody = Type.Object({
  vendorId: Type.Optional(idOf("009")),
  billId: idOf("00n"),
  description: Type.Optional(text(0, 70)),
  processDate: Type.Optional(DateText),
  fundingAccount: FundingAccount,
  amount: Amount,
  processingOptions: Type.Optional(ProcessingOptions),
  vendorCredits: Type.Optional(CreditUses),
});

const BillPaymentInput = Type.Object({
  billId: idOf("00n"),
  amount: Amount,
  vendorCredits: Type.Optional(CreditUses),
});

/** `POST /v3/payments/bulk` [PM "Create a bulk payment"]: up to 50 bills, any vendors. */
export const BulkPaymentBody = Type.Object({
  vendorId: Type.Optional(idOf("009")),
  description: Type.Optional(text(0, 70)),
  processDate: Type.Optional(DateText),
  fundingAccount: FundingAccount,
  processingOptions: Type.Optional(ProcessingOptions),
  payments: Type.Array(BillPaymentInput, { minItems: 1, maxItems: 50 }),
});

/** `POST /v3/bills/record-payment` [PM "Record AP payment"; DP recordpayment]. */
export const RecordPaymentBody = Type.Object({
  vendorId: idOf("009"),
  processDate: DateText,
  toPrintCheck: Type.Boolean(),
  description: Type.Optional(text(0, 4000)),
  payments: Type.Array(BillPaymentInput, { minItems: 1, maxItems: 100 }),
});

/** `POST /v3/payments/{paymentId}/void` [PM]. */
export const VoidPaymentBody = Type.Object({
  reason: Type.Optional(text(0, 500)),
  type: Type.Optional(oneOf(VOID_TYPES)),
});

const Str = Type.String();
const Num = Type.Number();
const opt = <T extends TSchema>(schema: T) => Type.Optional(schema);

export const PaymentSchema = Type.Object({
  id: Str,
  vendorId: Str,
  vendorName: Str,
  billId: Str,
  billPayments: Type.Array(
    Type.Object({
      id: Str,
      billId: Str,
      amount: Num,
      vendorCredits: opt(Type.Array(Type.Object({ id: Str, amount: Num }))),
    }),
  ),
  description: opt(Str),
  processDate: Str,
  amount: Num,
  fundingAccount: opt(Type.Object({ type: Str, id: opt(Str) })),
  processingOptions: opt(
    Type.Object({
      requestPayFaster: opt(Type.Boolean()),
      createBill: opt(Type.Boolean()),
      requestCheckDeliveryType: opt(Str),
    }),
  ),
  status: Type.Enum([...PAYMENT_STATUSES]),
  singleStatus: opt(Type.Enum(["SCHEDULED", "CLEARED"])),
  exchangeRate: Num,
  fundingAmount: Num,
  onlinePayment: Type.Boolean(),
  disbursementType: Type.Enum(["ACH", "CHECK", "OFFLINE"]),
  toPrintCheck: opt(Type.Boolean()),
  voidInfo: opt(
    Type.Array(
      Type.Object({
        requestedBy: Str,
        type: Str,
        status: Str,
        reason: opt(Str),
        createdTime: Str,
        updatedTime: Str,
      }),
    ),
  ),
  createdBy: Str,
  createdTime: Str,
  updatedTime: Str,
});

export const PaymentOptionsSchema = Type.Object({
  amount: Num,
  vendorId: Str,
  fundingOptions: Type.Object({
    banks: Type.Array(
      Type.Object({
        available: Type.Boolean(),
        deliveryDate: Str,
        processDate: Str,
        reason: opt(Str),
        conditions: Type.Array(Str),
        id: Str,
        name: Str,
        fee: Num,
      }),
    ),
    cards: Type.Array(Type.Object({ id: Str, name: Str })),
  }),
});

export type Payment = Static<typeof PaymentSchema>;

const invalid = (path: string): ErrorItem => ({ key: "INVALID_VALUE", params: { paramName0: path } });

/** (ours) BILL's default process date, "the next US business day": the next weekday after today (UTC), holidays aside. */
export function nextBusinessDay(now: number): string {
  let day = Date.parse(`${dateOf(now)}T00:00:00.000Z`);
  do day += 86_400_000;
  while ([0, 6].includes(new Date(day).getUTCDay()));
  return dateOf(day);
}

/** (ours) An ACH delivery lands the next business day after processing; a check five. */
export function deliveryDate(processDate: string, days: number): string {
  let day = Date.parse(`${processDate}T00:00:00.000Z`);
  for (let left = days; left > 0; ) {
    day += 86_400_000;
    if (![0, 6].includes(new Date(day).getUTCDay())) left -= 1;
  }
  return dateOf(day);
}

/** One bill paid by a new payment, as the routes read it from a body. */
export interface BillPaymentRequest {
  billId: string;
  amount: number;
  vendorCredits?: { id: string; amount: number }[];
}

/** The stored fields of a new payment. */
export function buildPayment(
  input: {
    vendorId: string;
    processDate: string;
    lines: readonly BillPaymentRequest[];
    onlinePayment: boolean;
    fundingAccount?: { type: string; id?: string };
    processingOptions?: Record<string, unknown>;
    description?: string;
    toPrintCheck?: boolean;
  },
  context: BuildContext,
): PaymentData {
  return {
    vendorId: input.vendorId,
    processDate: input.processDate,
    billPayments: input.lines.map((line) => ({
      id: context.newId("blp"),
      billId: line.billId,
      amount: line.amount,
      ...present("vendorCredits", line.vendorCredits),
    })),
    onlinePayment: input.onlinePayment,
    ...present("fundingAccount", input.fundingAccount),
    ...present("processingOptions", input.processingOptions),
    ...present("description", input.description),
    ...present("toPrintCheck", input.toPrintCheck),
    createdBy: context.userId,
  };
}

/**
 * The rules a new payment meets (section 9.3), against the context's bills, payments, bank
 * accounts and credits. `at(i)` names bill payment i's fields as the body does: `billId` for a
 * single payment, `payments[i].billId` for a bulk or recorded one. First the bill, then the
 * money, then the funding account and the date.
 */
export function paymentProblems(
  data: PaymentData,
  context: ReadContext,
  at: (index: number, field: string) => string,
  vendorField: string | undefined,
): ErrorItem[] {
  const problems: ErrorItem[] = [];
  // Credits applied by earlier lines of this payment count against what remains.
  const usedCredit = new Map<string, number>();
  const usedBill = new Map<string, number>();
  for (const [i, line] of data.billPayments.entries()) {
    const bill = context.lookup("bills", line.billId);
    if (!bill || bill.archived) {
      problems.push(invalid(at(i, "billId")));
      continue;
    }
    if (bill.data.vendorId !== data.vendorId) {
      problems.push(invalid(vendorField ?? at(i, "billId")));
      continue;
    }
    // (ours) A bill its approvers hold (or denied) is not paid.
    if (data.onlinePayment && !mayPay(billApproval(bill, context))) {
      problems.push(invalid(at(i, "billId")));
      continue;
    }
    if (!hasAtMostCents(line.amount)) {
      problems.push(invalid(at(i, "amount")));
      continue;
    }
    let credits = 0;
    for (const [j, use] of (line.vendorCredits ?? []).entries()) {
      const path = at(i, `vendorCredits[${j}]`);
      const credit = context.lookup(VENDOR_CREDITS, use.id);
      if (!credit || credit.archived || credit.data.vendorId !== data.vendorId) {
        problems.push(invalid(`${path}.id`));
        continue;
      }
      const used = (usedCredit.get(use.id) ?? 0) + cents(use.amount);
      if (!hasAtMostCents(use.amount) || used > creditBalance(credit, context).remaining) {
        problems.push(invalid(`${path}.amount`));
        continue;
      }
      usedCredit.set(use.id, used);
      credits += cents(use.amount);
    }
    // BILL: "You cannot overpay a bill." What is left: due, less what is scheduled already.
    const view = bills.view(bill, context) as { dueAmount: number; scheduledAmount: number };
    const open = cents(view.dueAmount) - cents(view.scheduledAmount) - (usedBill.get(bill.id) ?? 0);
    const paying = cents(line.amount) + credits;
    if (paying > open) problems.push(invalid(at(i, "amount")));
    usedBill.set(bill.id, (usedBill.get(bill.id) ?? 0) + paying);
  }
  if (!data.onlinePayment) {
    if (Number.isNaN(parseTime(data.processDate))) problems.push(invalid("processDate"));
    return problems;
  }
  const funding = data.fundingAccount;
  if (funding?.type !== "BANK_ACCOUNT") problems.push(invalid("fundingAccount.type"));
  else {
    const bank = funding.id === undefined ? undefined : context.lookup(BANK_ACCOUNTS, funding.id);
    if (funding.id === undefined)
      problems.push({ key: "MISSING_PARAMETER", params: { paramName0: "fundingAccount.id" } });
    else if (!bank || !isVerifiedBankAccount(bank)) problems.push(invalid("fundingAccount.id"));
  }
  // (ours) Today (UTC, by the injected clock) or later: a payment is never made in the past.
  if (Number.isNaN(parseTime(data.processDate)) || data.processDate < dateOf(context.now)) {
    problems.push(invalid("processDate"));
  }
  return problems;
}

function view(record: ResourceRecord, context: ReadContext): Payment {
  const data = record.data as unknown as PaymentData;
  const status = paymentStatus(data, context.now);
  const amount = data.billPayments.reduce((sum, line) => sum + cents(line.amount), 0);
  const vendor = context.lookup("vendors", data.vendorId);
  const hasBank = Boolean(
    (vendor?.data.paymentInformation as { bankAccount?: unknown } | undefined)?.bankAccount,
  );
  return {
    id: record.id,
    vendorId: data.vendorId,
    vendorName: String(vendor?.data.name ?? ""),
    billId: (data.billPayments[0] as StoredBillPayment).billId,
    billPayments: data.billPayments.map((line) => ({
      id: line.id,
      billId: line.billId,
      amount: line.amount,
      ...present("vendorCredits", line.vendorCredits),
    })),
    ...present("description", data.description),
    processDate: data.processDate,
    amount: fromCents(amount),
    ...present("fundingAccount", data.fundingAccount),
    ...present("processingOptions", data.processingOptions),
    status,
    ...present(
      "singleStatus",
      status === "SCHEDULED" ? ("SCHEDULED" as const) : status === "PAID" ? ("CLEARED" as const) : undefined,
    ),
    exchangeRate: 1,
    fundingAmount: fromCents(amount),
    onlinePayment: data.onlinePayment,
    disbursementType: !data.onlinePayment ? "OFFLINE" : hasBank ? "ACH" : "CHECK",
    ...present("toPrintCheck", data.toPrintCheck),
    ...present(
      "voidInfo",
      data.voidInfo?.map(({ createdAt, reason, ...rest }) => ({
        ...rest,
        ...present("reason", reason),
        createdTime: formatTimestamp(createdAt),
        updatedTime: formatTimestamp(createdAt),
      })),
    ),
    createdBy: data.createdBy,
    createdTime: formatTimestamp(record.createdAt),
    updatedTime: formatTimestamp(record.updatedAt),
  };
}

const RANGES = ["gt", "gte", "lt", "lte"] as const;

/**
 * The declaration drives lists, gets and the views; payments have their own routes
 * (src/routes/payments.ts): no PATCH, PUT, archive or restore [PM lists none].
 */
export const payments = defineResource({
  name: PAYMENTS,
  label: "payment",
  idPrefix: "stp",
  // Every payment route is its own (src/routes/payments.ts): creates lock the bills they pay.
  routes: [],
  createBody: CreatePaymentBody,
  updateBody: Type.Object({}),
  wire: PaymentSchema,
  fields: {
    id: "string",
    vendorId: "string",
    billId: "string",
    status: "string",
    processDate: "date",
    amount: "number",
    onlinePayment: "boolean",
    description: "string",
    confirmationNumber: "string",
    disbursementStatus: "string",
    createdTime: "datetime",
    updatedTime: "datetime",
  },
  // (ours) BILL's v3 table lists none for payments; these follow the v2 SentPay list.
  filters: {
    id: { ops: ["eq", "ne", "in"] },
    vendorId: { ops: ["eq", "in"] },
    billId: { ops: ["eq", "in"] },
    status: { ops: ["eq", "ne", "in", "nin"], values: PAYMENT_STATUSES },
    processDate: { ops: RANGES },
    amount: { ops: ["eq", ...RANGES] },
    onlinePayment: { ops: ["eq", "ne"] },
    createdTime: { ops: RANGES },
    updatedTime: { ops: RANGES },
  },
  // [DP: "Sortable fields", Payments]
  sorts: [
    "description",
    "processDate",
    "amount",
    "confirmationNumber",
    "onlinePayment",
    "createdTime",
    "updatedTime",
    "disbursementStatus",
  ],
  defaultSort: [{ field: "createdTime", desc: false }],
  writers: PAYERS,
  reads: ["bills", PAYMENTS, "vendors", BANK_ACCOUNTS, VENDOR_CREDITS, ...BILL_APPROVAL_READS],
  build: () => {
    throw new Error("payments are built by payment-actions.ts");
  },
  check: (data, context) =>
    paymentProblems(data as unknown as PaymentData, context, (_, field) => field, "vendorId"),
  view,
});

// The client's wire types are these schemas' types (client/src/wire/payments.ts).
same<Payment, Wire.Payment>(true);
same<Static<typeof CreatePaymentBody>, Wire.CreatePaymentRequest>(true);
same<Static<typeof BulkPaymentBody>, Wire.BulkPaymentRequest>(true);
same<Static<typeof RecordPaymentBody>, Wire.RecordPaymentRequest>(true);
same<Static<typeof VoidPaymentBody>, Wire.VoidPaymentRequest>(true);
same<Static<typeof PaymentOptionsSchema>, Wire.PaymentOptions>(true);
