/**
 * Receivable payments (docs/bill-v3-resources.md section 11.3): money a customer paid outside
 * BILL, recorded with `POST /v3/invoices/record-payment` and applied to that customer's
 * invoices. BILL's `0rp` prefix [DP: Recording an AR payment]; read with list and get only.
 */
import { type Static, Type } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { formatTimestamp } from "../../clock.ts";
import type { ErrorItem } from "../../errors.ts";
import { same } from "../../http/schemas/same.ts";
import type { ResourceRecord } from "../../stores/types/resources.ts";
import { type CheckContext, defineResource } from "../declaration.ts";
import { parseTime } from "../query.ts";
import { oneOf, text } from "../schema-kit.ts";
import { AR_READS, arLedger, cents, fromCents, hasAtMostCents } from "./ar-money.ts";

/** BILL's payment types [DP: Recording an AR payment]. */
export const PAYMENT_TYPES = ["CASH", "CHECK", "CREDIT_CARD", "ACH", "PAYPAL", "OTHER"] as const;

const Amount = Type.Number({ exclusiveMinimum: 0, maximum: 1e12 });

/** What the record-payment route stores once it has read BILL's body (numbers, not strings). */
export const StoredPaymentBody = Type.Object({
  customerId: Type.String({ pattern: "^0cu[0-9A-Za-z]{17}$" }),
  paymentDate: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }),
  paymentType: oneOf(PAYMENT_TYPES),
  amount: Amount,
  description: Type.Optional(text(0, 4000)),
  invoicePayments: Type.Array(
    Type.Object({ invoiceId: Type.String({ pattern: "^00e[0-9A-Za-z]{17}$" }), amount: Amount }),
    { minItems: 1, maxItems: 100 },
  ),
});

const Str = Type.String();
const Num = Type.Number();

export const ReceivablePaymentSchema = Type.Object({
  id: Str,
  customerId: Str,
  amount: Num,
  unappliedAmount: Num,
  paymentType: oneOf(PAYMENT_TYPES),
  paymentDate: Str,
  description: Type.Optional(Str),
  invoicePayments: Type.Array(Type.Object({ invoiceId: Str, amount: Num, paymentDate: Str })),
  status: Type.Enum(["PAID"]),
  onlinePayment: Type.Boolean(),
  createdBy: Str,
  createdTime: Str,
  updatedTime: Str,
});

export type ReceivablePayment = Static<typeof ReceivablePaymentSchema>;
type PaymentData = Static<typeof StoredPaymentBody> & { createdBy: string };

const invalid = (path: string): ErrorItem => ({ key: "INVALID_VALUE", params: { paramName0: path } });

/**
 * A payment applies only to unarchived invoices of its customer in the organization, each at
 * most once and for at most what it still owes; it applies no more than its amount. Paths name
 * BILL's body (`invoices[i].id`), as the caller wrote it.
 */
function check(stored: Record<string, unknown>, context: CheckContext): ErrorItem[] {
  const data = stored as PaymentData;
  const problems: ErrorItem[] = [];
  if (Number.isNaN(parseTime(data.paymentDate))) problems.push(invalid("paymentDate"));
  if (!hasAtMostCents(data.amount)) problems.push(invalid("amount"));
  const ledger = arLedger(context);
  const seen = new Set<string>();
  let applied = 0;
  for (const [i, item] of data.invoicePayments.entries()) {
    const invoice = context.all("invoices").find((r) => r.id === item.invoiceId);
    const customerId = (invoice?.data.customer as { id?: string } | undefined)?.id;
    if (!invoice || invoice.archived || customerId !== data.customerId || seen.has(item.invoiceId)) {
      problems.push(invalid(`invoices[${i}].id`));
      continue;
    }
    seen.add(item.invoiceId);
    if (!hasAtMostCents(item.amount) || cents(item.amount) > ledger.due(invoice)) {
      problems.push(invalid(`invoices[${i}].amount`));
    }
    applied += cents(item.amount);
  }
  if (problems.length === 0 && applied > cents(data.amount)) problems.push(invalid("amount"));
  return problems;
}

export function receivablePaymentView(record: ResourceRecord): ReceivablePayment {
  const data = record.data as PaymentData;
  const applied = data.invoicePayments.reduce((sum, item) => sum + cents(item.amount), 0);
  return {
    id: record.id,
    customerId: data.customerId,
    amount: data.amount,
    unappliedAmount: fromCents(cents(data.amount) - applied),
    paymentType: data.paymentType,
    paymentDate: data.paymentDate,
    ...(data.description === undefined ? {} : { description: data.description }),
    invoicePayments: data.invoicePayments.map((item) => ({
      invoiceId: item.invoiceId,
      amount: item.amount,
      paymentDate: data.paymentDate,
    })),
    // (ours) A payment recorded as received is PAID; it is never voided here.
    status: "PAID",
    onlinePayment: false,
    createdBy: data.createdBy,
    createdTime: formatTimestamp(record.createdAt),
    updatedTime: formatTimestamp(record.updatedAt),
  };
}

const RANGES = ["gt", "gte", "lt", "lte"] as const;

export const receivablePayments = defineResource({
  name: "receivable-payments",
  label: "receivable payment",
  idPrefix: "0rp",
  createBody: StoredPaymentBody,
  updateBody: Type.Object({}),
  wire: ReceivablePaymentSchema,
  fields: {
    id: "string",
    customerId: "string",
    paymentDate: "date",
    paymentType: "string",
    amount: "number",
    createdTime: "datetime",
    updatedTime: "datetime",
  },
  filters: {
    id: { ops: ["eq", "ne", "in"] },
    customerId: { ops: ["eq", "in"] },
    paymentDate: { ops: RANGES },
    paymentType: { ops: ["eq", "ne", "in"], values: PAYMENT_TYPES },
    createdTime: { ops: RANGES },
    updatedTime: { ops: RANGES },
  },
  sorts: ["paymentDate", "amount", "createdTime", "updatedTime"],
  defaultSort: [{ field: "createdTime", desc: false }],
  routes: ["list", "get"],
  // Who may record a payment (`POST /v3/invoices/record-payment`); the generic writes are not served.
  writers: ["ADMINISTRATOR", "ACCOUNTANT", "CLERK"],
  references: { customerId: "customers" },
  reads: AR_READS,
  build: (body, context) => ({ ...body, createdBy: context.userId }),
  check,
  view: receivablePaymentView,
});

same<ReceivablePayment, Wire.ReceivablePayment>(true);
