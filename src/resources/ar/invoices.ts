/**
 * Invoices (docs/bill-v3-resources.md section 11): what a customer owes the organization. Field
 * names, the `00e` id prefix and the `customer: {id}` of a create are BILL's (v3 Postman
 * collection, `POST /v3/invoices`; Invoices guide). Amounts, payments, credit and status are
 * computed from the receivable payments and credit memos (ar-money.ts), never stored twice.
 */
import { type Static, Type } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { formatTimestamp } from "../../clock.ts";
import type { ErrorItem } from "../../errors.ts";
import { same } from "../../http/schemas/same.ts";
import type { ResourceRecord } from "../../stores/types/resources.ts";
import {
  type BuildContext,
  type Change,
  type CheckContext,
  defineResource,
  type ReadContext,
} from "../declaration.ts";
import { mergeLinePatch } from "../engine.ts";
import { parseTime } from "../query.ts";
import { DateText, idOf, Money, partial, present, text } from "../schema-kit.ts";
import {
  AR_READS,
  arLedger,
  cents,
  fromCents,
  hasAtMostCents,
  invoiceLineCents,
  invoiceTotalCents,
  uncoveredInvoices,
} from "./ar-money.ts";
import { arReferences } from "./ar-references.ts";

/** (ours) BILL names no prefix for invoice line items. */
const LINE_PREFIX = "ili";

const InvoiceClassifications = Type.Object({
  accountingClassId: Type.Optional(idOf("cls")),
  departmentId: Type.Optional(idOf("0de")),
  jobId: Type.Optional(idOf("job")),
  locationId: Type.Optional(idOf("loc")),
});

const LineClassifications = Type.Object({
  chartOfAccountId: Type.Optional(idOf("0ca")),
  ...InvoiceClassifications.properties,
  itemId: Type.Optional(idOf("0ii")),
});

const LineItemInput = Type.Object({
  id: Type.Optional(idOf(LINE_PREFIX)),
  amount: Type.Optional(Money),
  quantity: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e9 })),
  price: Type.Optional(Money),
  description: Type.Optional(text(0, 4000)),
  classifications: Type.Optional(LineClassifications),
});

const Customer = Type.Object({ id: idOf("0cu") });
const Lines = Type.Array(LineItemInput, { minItems: 1, maxItems: 500 });

const optionalFields = {
  invoiceNumber: text(1, 100),
  invoiceDate: DateText,
  dueDate: DateText,
  payToChartOfAccountId: idOf("0ca"),
  classifications: InvoiceClassifications,
  creditAmount: Type.Number({ minimum: 0, maximum: 1e12 }),
  enableCardPayment: Type.Boolean(),
  exchangeRate: Type.Number({ exclusiveMinimum: 0, maximum: 1e6 }),
  // (ours) An invoice is e-mailed with POST /v3/invoices/{id}/email; `sendEmail: true` is refused.
  processingOptions: Type.Object({ sendEmail: Type.Optional(Type.Literal(false)) }),
};

export const CreateInvoiceBody = Type.Object({
  customer: Customer,
  invoiceLineItems: Lines,
  ...partial(optionalFields).properties,
});

export const UpdateInvoiceBody = partial({ customer: Customer, invoiceLineItems: Lines, ...optionalFields });

const Str = Type.String();
const opt = Type.Optional;
const Num = Type.Number();

export const InvoiceSchema = Type.Object({
  id: Str,
  archived: Type.Boolean(),
  invoiceNumber: Str,
  invoiceDate: Str,
  dueDate: Str,
  customerId: Str,
  totalAmount: Num,
  paidAmount: Num,
  dueAmount: Num,
  scheduledAmount: Num,
  creditAmount: Num,
  status: Type.Enum(["OPEN", "PARTIAL_PAYMENT", "PAID", "SCHEDULED", "VOID", "UNDEFINED"]),
  exchangeRate: Num,
  enableCardPayment: Type.Boolean(),
  invoiceLineItems: Type.Array(
    Type.Object({
      id: Str,
      amount: Num,
      quantity: opt(Num),
      price: opt(Num),
      description: opt(Str),
      classifications: opt(
        Type.Object({
          chartOfAccountId: opt(Str),
          accountingClassId: opt(Str),
          departmentId: opt(Str),
          jobId: opt(Str),
          locationId: opt(Str),
          itemId: opt(Str),
        }),
      ),
    }),
  ),
  payToChartOfAccountId: opt(Str),
  classifications: opt(
    Type.Object({
      accountingClassId: opt(Str),
      departmentId: opt(Str),
      jobId: opt(Str),
      locationId: opt(Str),
    }),
  ),
  payments: Type.Array(Type.Object({ id: Str, amount: Num, status: Type.Enum(["PAID"]), date: Str })),
  createdBy: Str,
  createdTime: Str,
  updatedTime: Str,
});

export type Invoice = Static<typeof InvoiceSchema>;
type LineItem = Static<typeof LineItemInput> & { id: string };
type InvoiceData = Omit<Static<typeof CreateInvoiceBody>, "invoiceLineItems" | "processingOptions"> & {
  invoiceLineItems: LineItem[];
  createdBy: string;
};

function withLineIds(
  lines: readonly Static<typeof LineItemInput>[],
  context: BuildContext,
  keep: Set<string>,
) {
  return lines.map(({ id, ...line }) => ({
    id: id && keep.has(id) ? id : context.newId(LINE_PREFIX),
    ...line,
  }));
}

/** The stored fields: the body without its processing options (they act, they are not kept). */
function stored(body: Record<string, unknown>) {
  const { processingOptions: _, ...data } = body;
  return data as Omit<Static<typeof CreateInvoiceBody>, "processingOptions">;
}

function build(body: Record<string, unknown>, context: BuildContext): Record<string, unknown> {
  const data = stored(body);
  return {
    ...data,
    invoiceLineItems: withLineIds(data.invoiceLineItems, context, new Set()),
    createdBy: context.userId,
  };
}

const invalid = (path: string): ErrorItem => ({ key: "INVALID_VALUE", params: { paramName0: path } });

/** PUT: lines with this invoice's ids are kept and updated, lines without are new, the rest go. */
function replace(old: Record<string, unknown>, body: Record<string, unknown>, context: BuildContext): Change {
  const next = stored(body);
  const ids = new Set((old as InvoiceData).invoiceLineItems.map((line) => line.id));
  const errors = next.invoiceLineItems.flatMap((line, i) =>
    line.id !== undefined && !ids.has(line.id) ? [invalid(`invoiceLineItems[${i}].id`)] : [],
  );
  if (errors.length > 0) return { errors };
  return {
    data: {
      ...next,
      invoiceLineItems: withLineIds(next.invoiceLineItems, context, ids),
      createdBy: (old as InvoiceData).createdBy,
    },
  };
}

/** PATCH: the lines named by id change field by field; the others stay. */
function merge(old: Record<string, unknown>, body: Record<string, unknown>): Change {
  // processingOptions is a create's instruction, never stored.
  const { processingOptions: _, ...patch } = body;
  return mergeLinePatch(old, patch, "invoiceLineItems");
}

function check(stored: Record<string, unknown>, context: CheckContext): ErrorItem[] {
  const data = stored as InvoiceData;
  const problems: ErrorItem[] = [];
  for (const name of ["invoiceDate", "dueDate"] as const) {
    const value = data[name];
    if (value !== undefined && Number.isNaN(parseTime(value))) problems.push(invalid(name));
  }
  for (const [i, line] of data.invoiceLineItems.entries()) {
    if (line.amount === undefined && (line.quantity === undefined || line.price === undefined)) {
      problems.push({ key: "MISSING_PARAMETER", params: { paramName0: `invoiceLineItems[${i}].amount` } });
    }
    if (line.amount !== undefined && !hasAtMostCents(line.amount)) {
      problems.push(invalid(`invoiceLineItems[${i}].amount`));
    }
  }
  if (data.creditAmount !== undefined && !hasAtMostCents(data.creditAmount))
    problems.push(invalid("creditAmount"));
  if (problems.length > 0) return problems;
  const total = invoiceTotalCents(data);
  if (total <= 0) return [invalid("totalAmount")];
  const before = context.id ? context.all("invoices").find((r) => r.id === context.id) : undefined;
  const record = {
    id: context.id ?? "",
    archived: before?.archived ?? false,
    createdAt: before?.createdAt ?? context.now,
    data: stored,
  };
  const ledger = arLedger(context, { kind: "invoices", record });
  const paid = ledger.paid(record.id);
  // (ours) Money already received stays with its customer and its invoice.
  const beforeCustomer = (before?.data as InvoiceData | undefined)?.customer.id;
  if (before && paid > 0 && beforeCustomer !== data.customer.id) return [invalid("customer.id")];
  if (paid > total) return [invalid("totalAmount")];
  if (paid + cents(data.creditAmount ?? 0) > total) return [invalid("creditAmount")];
  if (uncoveredInvoices(ledger).length > 0) return [invalid("creditAmount")];
  return [];
}

/** The day of a time (UTC), `yyyy-MM-dd`. */
const dayOf = (ms: number) => formatTimestamp(ms).slice(0, 10);

export function invoiceView(record: ResourceRecord, context: ReadContext): Invoice {
  const data = record.data as InvoiceData;
  const ledger = arLedger(context);
  const total = invoiceTotalCents(data);
  const paid = ledger.paid(record.id);
  const credit = ledger.credit(record.id);
  const due = ledger.due(record);
  return {
    id: record.id,
    archived: record.archived,
    // (ours) BILL generates a number when none is sent; ours is the invoice's own id.
    invoiceNumber: data.invoiceNumber ?? record.id,
    // [DP: Create an invoice] both default to the day the invoice is created (ours: in UTC).
    invoiceDate: data.invoiceDate ?? dayOf(record.createdAt),
    dueDate: data.dueDate ?? dayOf(record.createdAt),
    customerId: data.customer.id,
    totalAmount: fromCents(total),
    paidAmount: fromCents(paid),
    dueAmount: fromCents(due),
    scheduledAmount: 0,
    creditAmount: fromCents(credit),
    status: due === 0 ? "PAID" : paid + credit > 0 ? "PARTIAL_PAYMENT" : "OPEN",
    exchangeRate: data.exchangeRate ?? 1,
    enableCardPayment: data.enableCardPayment ?? false,
    invoiceLineItems: data.invoiceLineItems.map((line) => ({
      id: line.id,
      amount: fromCents(invoiceLineCents(line)),
      ...present("quantity", line.quantity),
      ...present("price", line.price),
      ...present("description", line.description),
      ...present("classifications", line.classifications),
    })),
    ...present("payToChartOfAccountId", data.payToChartOfAccountId),
    ...present("classifications", data.classifications),
    payments: ledger.payments(record.id).map((p) => ({
      id: p.id,
      amount: fromCents(p.cents),
      status: "PAID" as const,
      date: p.date,
    })),
    createdBy: data.createdBy,
    createdTime: formatTimestamp(record.createdAt),
    updatedTime: formatTimestamp(record.updatedAt),
  };
}

const RANGES = ["gt", "gte", "lt", "lte"] as const;
const IDS = ["eq", "ne", "in"] as const;
export const INVOICE_STATUSES = [
  "OPEN",
  "PARTIAL_PAYMENT",
  "PAID",
  "SCHEDULED",
  "VOID",
  "UNDEFINED",
] as const;

export const invoices = defineResource({
  name: "invoices",
  label: "invoice",
  idPrefix: "00e",
  createBody: CreateInvoiceBody,
  updateBody: UpdateInvoiceBody,
  wire: InvoiceSchema,
  fields: {
    id: "string",
    archived: "boolean",
    customerId: "string",
    invoiceNumber: "string",
    invoiceDate: "date",
    dueDate: "date",
    status: "string",
    totalAmount: "number",
    dueAmount: "number",
    payToChartOfAccountId: "string",
    "classifications.accountingClassId": "string",
    "classifications.departmentId": "string",
    "classifications.jobId": "string",
    "classifications.locationId": "string",
    createdTime: "datetime",
    updatedTime: "datetime",
  },
  filters: {
    id: { ops: IDS },
    archived: { ops: ["eq", "ne"] },
    customerId: { ops: ["eq", "in"] },
    invoiceNumber: { ops: ["eq", "sw"] },
    invoiceDate: { ops: RANGES },
    dueDate: { ops: RANGES },
    status: { ops: ["eq", "ne", "in"], values: INVOICE_STATUSES },
    createdTime: { ops: RANGES },
    updatedTime: { ops: RANGES },
    payToChartOfAccountId: { ops: IDS },
    "classifications.accountingClassId": { ops: IDS },
    "classifications.departmentId": { ops: IDS },
    "classifications.jobId": { ops: IDS },
    "classifications.locationId": { ops: IDS },
  },
  sorts: [
    "archived",
    "invoiceNumber",
    "invoiceDate",
    "dueDate",
    "totalAmount",
    "dueAmount",
    "createdTime",
    "updatedTime",
  ],
  defaultSort: [{ field: "createdTime", desc: false }],
  writers: ["ADMINISTRATOR", "ACCOUNTANT", "CLERK"],
  references: arReferences("customer.id", "invoiceLineItems"),
  reads: AR_READS,
  build,
  replace,
  merge,
  check,
  view: invoiceView,
});

// The client's wire types are these schemas' types (client/src/wire/ar.ts).
same<Invoice, Wire.Invoice>(true);
same<Static<typeof CreateInvoiceBody>, Wire.CreateInvoiceRequest>(true);
same<Static<typeof UpdateInvoiceBody>, Wire.UpdateInvoiceRequest>(true);
