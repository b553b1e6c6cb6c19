/**
 * Bills (docs/bill-v3-resources.md section 3): what an organization owes a vendor. Field names
 * and the `00n` id prefix are BILL's; the computed amounts follow section 3.4, from the
 * payments and vendor credits applied to the bill (bill-money.ts).
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
import { cents, fromCents, lineAmount, totalCents } from "./bill-amount.ts";
import { BILL_APPROVAL_READS, billApproval } from "./bill-approval.ts";
import { BILL_MONEY_READS, billMoney } from "./bill-money.ts";

const LINE_PREFIX = "bli";

const BillClassifications = Type.Object({
  chartOfAccountId: Type.Optional(idOf("0ca")),
  accountingClassId: Type.Optional(idOf("cls")),
  departmentId: Type.Optional(idOf("0de")),
  locationId: Type.Optional(idOf("loc")),
  itemId: Type.Optional(idOf("0ii")),
});

const LineClassifications = Type.Object({
  ...BillClassifications.properties,
  employeeId: Type.Optional(idOf("emp")),
  jobId: Type.Optional(idOf("job")),
  customerId: Type.Optional(idOf("0cu")),
});

const LineItemInput = Type.Object({
  id: Type.Optional(idOf(LINE_PREFIX)),
  amount: Type.Optional(Money),
  quantity: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e9 })),
  price: Type.Optional(Money),
  description: Type.Optional(text(0, 4000)),
  classifications: Type.Optional(LineClassifications),
});

const Invoice = Type.Object({ invoiceNumber: text(1, 50), invoiceDate: DateText });

const optionalFields = {
  description: text(0, 4000),
  purchaseOrderNumber: text(0, 100),
  payFromChartOfAccountId: idOf("0ca"),
  classifications: BillClassifications,
  exchangeRate: Type.Number({ exclusiveMinimum: 0, maximum: 1e6 }),
};

export const CreateBillBody = Type.Object({
  vendorId: idOf("009"),
  dueDate: DateText,
  invoice: Invoice,
  billLineItems: Type.Array(LineItemInput, { minItems: 1, maxItems: 500 }),
  ...partial(optionalFields).properties,
});

export const UpdateBillBody = partial({
  vendorId: idOf("009"),
  dueDate: DateText,
  invoice: partial(Invoice.properties),
  billLineItems: Type.Array(LineItemInput, { minItems: 1, maxItems: 500 }),
  ...optionalFields,
});

const Str = Type.String();
const opt = Type.Optional;
const Num = Type.Number();

const LineItemView = Type.Object({
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
      locationId: opt(Str),
      itemId: opt(Str),
      employeeId: opt(Str),
      jobId: opt(Str),
      customerId: opt(Str),
    }),
  ),
});

export const BillSchema = Type.Object({
  id: Str,
  archived: Type.Boolean(),
  vendorId: Str,
  vendorName: Str,
  amount: Num,
  fundingAmount: Num,
  exchangeRate: Num,
  paidAmount: Num,
  dueAmount: Num,
  scheduledAmount: Num,
  creditAmount: Num,
  dueDate: Str,
  invoice: Type.Object({ invoiceNumber: Str, invoiceDate: Str }),
  billLineItems: Type.Array(LineItemView),
  description: opt(Str),
  purchaseOrderNumber: opt(Str),
  payFromChartOfAccountId: opt(Str),
  classifications: opt(
    Type.Object({
      chartOfAccountId: opt(Str),
      accountingClassId: opt(Str),
      departmentId: opt(Str),
      locationId: opt(Str),
      itemId: opt(Str),
    }),
  ),
  paymentStatus: Type.Enum(["PAID", "UNPAID", "PARTIAL", "SCHEDULED"]),
  approvalStatus: Type.Enum(["UNASSIGNED", "ASSIGNED", "APPROVING", "APPROVED", "DENIED"]),
  approvers: Type.Array(
    Type.Object({ userId: Str, status: Str, approverOrder: Type.Integer(), statusChangedTime: opt(Str) }),
  ),
  createdBy: Str,
  createdTime: Str,
  updatedTime: Str,
});

export type Bill = Static<typeof BillSchema>;
type LineItem = Static<typeof LineItemInput> & { id: string };
type BillData = Omit<Static<typeof CreateBillBody>, "billLineItems"> & {
  billLineItems: LineItem[];
  createdBy: string;
};

const hasAtMostCents = (amount: number) => Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6;

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

function build(body: Record<string, unknown>, context: BuildContext): Record<string, unknown> {
  const data = body as Static<typeof CreateBillBody>;
  // A new bill's line items get new ids; ids sent on create are read-only and ignored.
  return {
    ...data,
    billLineItems: withLineIds(data.billLineItems, context, new Set()),
    createdBy: context.userId,
  };
}

const invalid = (path: string): ErrorItem => ({ key: "INVALID_VALUE", params: { paramName0: path } });

/** PUT: lines with this bill's ids are kept and updated, lines without are new, the rest go. */
function replace(
  stored: Record<string, unknown>,
  body: Record<string, unknown>,
  context: BuildContext,
): Change {
  const old = stored as BillData;
  const next = body as Static<typeof CreateBillBody>;
  const ids = new Set(old.billLineItems.map((line) => line.id));
  const errors = next.billLineItems.flatMap((line, i) =>
    line.id !== undefined && !ids.has(line.id) ? [invalid(`billLineItems[${i}].id`)] : [],
  );
  if (errors.length > 0) return { errors };
  return {
    data: { ...next, billLineItems: withLineIds(next.billLineItems, context, ids), createdBy: old.createdBy },
  };
}

/** PATCH: the lines named by id change field by field; the others stay. */
function merge(stored: Record<string, unknown>, patch: Record<string, unknown>): Change {
  return mergeLinePatch(stored, patch, "billLineItems");
}

function check(stored: Record<string, unknown>, context: CheckContext): ErrorItem[] {
  const data = stored as BillData;
  const problems: ErrorItem[] = [];
  for (const [path, value] of [
    ["dueDate", data.dueDate],
    ["invoice.invoiceDate", data.invoice?.invoiceDate],
  ] as const) {
    if (value !== undefined && Number.isNaN(parseTime(value))) problems.push(invalid(path));
  }
  for (const [i, line] of data.billLineItems.entries()) {
    if (line.amount === undefined && (line.quantity === undefined || line.price === undefined)) {
      problems.push({ key: "MISSING_PARAMETER", params: { paramName0: `billLineItems[${i}].amount` } });
    }
    // (ours) An amount has at most cents; a unit price may have more (the product is rounded).
    if (line.amount !== undefined && !hasAtMostCents(line.amount)) {
      problems.push(invalid(`billLineItems[${i}].amount`));
    }
  }
  if (problems.length === 0 && totalCents(data) <= 0) problems.push(invalid("amount"));
  // (ours, 3.3) A change may not bring the amount below what payments and credits already took.
  if (problems.length === 0 && context.id !== undefined) {
    const { paid, credit, scheduled } = billMoney({ id: context.id } as ResourceRecord, context);
    if (totalCents(data) < paid + credit + scheduled) problems.push(invalid("amount"));
  }
  return problems;
}

function view(record: ResourceRecord, context: ReadContext): Bill {
  const data = record.data as BillData;
  const amount = totalCents(data);
  const exchangeRate = data.exchangeRate ?? 1;
  const { paid, credit, scheduled } = billMoney(record, context);
  const due = Math.max(0, amount - paid - credit);
  const approval = billApproval(record, context);
  return {
    id: record.id,
    archived: record.archived,
    vendorId: data.vendorId,
    vendorName: String(context.lookup("vendors", data.vendorId)?.data.name ?? ""),
    amount: fromCents(amount),
    fundingAmount: fromCents(cents(fromCents(amount) * exchangeRate)),
    exchangeRate,
    paidAmount: fromCents(paid),
    dueAmount: fromCents(due),
    scheduledAmount: fromCents(scheduled),
    creditAmount: fromCents(credit),
    dueDate: data.dueDate,
    invoice: { invoiceNumber: data.invoice.invoiceNumber, invoiceDate: data.invoice.invoiceDate },
    billLineItems: data.billLineItems.map((line) => ({
      id: line.id,
      amount: lineAmount(line),
      ...present("quantity", line.quantity),
      ...present("price", line.price),
      ...present("description", line.description),
      ...present("classifications", line.classifications),
    })),
    ...present("description", data.description),
    ...present("purchaseOrderNumber", data.purchaseOrderNumber),
    ...present("payFromChartOfAccountId", data.payFromChartOfAccountId),
    ...present("classifications", data.classifications),
    paymentStatus:
      due === 0 ? "PAID" : scheduled > 0 ? "SCHEDULED" : paid + credit > 0 ? "PARTIAL" : "UNPAID",
    approvalStatus: approval.approvalStatus,
    approvers: approval.approvers,
    createdBy: data.createdBy,
    createdTime: formatTimestamp(record.createdAt),
    updatedTime: formatTimestamp(record.updatedAt),
  };
}

const RANGES = ["gt", "gte", "lt", "lte"] as const;
const IDS = ["eq", "ne", "in"] as const;

const CHART_OF_ACCOUNTS = "classifications/chart-of-accounts";
const BILL_CLASSIFICATION_KINDS = {
  chartOfAccountId: CHART_OF_ACCOUNTS,
  accountingClassId: "classifications/accounting-classes",
  departmentId: "classifications/departments",
  locationId: "classifications/locations",
  itemId: "classifications/items",
};
const LINE_CLASSIFICATION_KINDS = {
  ...BILL_CLASSIFICATION_KINDS,
  employeeId: "classifications/employees",
  jobId: "classifications/jobs",
  customerId: "customers",
};

/**
 * What a bill names must be the organization's, unarchived (BDC_9001 naming the field): its
 * vendor, the chart of accounts it is paid from, its classifications and each line's.
 */
const BILL_REFERENCES: Record<string, string> = {
  vendorId: "vendors",
  payFromChartOfAccountId: CHART_OF_ACCOUNTS,
  ...Object.fromEntries(
    Object.entries(BILL_CLASSIFICATION_KINDS).map(([field, kind]) => [`classifications.${field}`, kind]),
  ),
  ...Object.fromEntries(
    Object.entries(LINE_CLASSIFICATION_KINDS).map(([field, kind]) => [
      `billLineItems.classifications.${field}`,
      kind,
    ]),
  ),
};

export const bills = defineResource({
  name: "bills",
  label: "bill",
  idPrefix: "00n",
  createBody: CreateBillBody,
  updateBody: UpdateBillBody,
  wire: BillSchema,
  fields: {
    id: "string",
    archived: "boolean",
    vendorId: "string",
    dueDate: "date",
    paymentStatus: "string",
    payFromChartOfAccountId: "string",
    "classifications.chartOfAccountId": "string",
    "classifications.accountingClassId": "string",
    "classifications.departmentId": "string",
    "classifications.locationId": "string",
    "classifications.itemId": "string",
    fundingAmount: "number",
    exchangeRate: "number",
    description: "string",
    createdTime: "datetime",
    updatedTime: "datetime",
  },
  filters: {
    id: { ops: IDS },
    archived: { ops: ["eq", "ne"] },
    vendorId: { ops: ["eq", "in"] },
    dueDate: { ops: RANGES },
    paymentStatus: { ops: ["eq", "ne", "in"], values: ["PAID", "UNPAID", "PARTIAL", "SCHEDULED"] },
    createdTime: { ops: RANGES },
    updatedTime: { ops: RANGES },
    payFromChartOfAccountId: { ops: IDS },
    "classifications.chartOfAccountId": { ops: IDS },
    "classifications.accountingClassId": { ops: IDS },
    "classifications.departmentId": { ops: IDS },
    "classifications.locationId": { ops: IDS },
    "classifications.itemId": { ops: IDS },
  },
  sorts: [
    "archived",
    "fundingAmount",
    "exchangeRate",
    "description",
    "dueDate",
    "createdTime",
    "updatedTime",
  ],
  defaultSort: [{ field: "createdTime", desc: false }],
  bulk: { max: 100 },
  writers: ["ADMINISTRATOR", "ACCOUNTANT", "CLERK"],
  references: BILL_REFERENCES,
  reads: [...BILL_MONEY_READS, ...BILL_APPROVAL_READS],
  build,
  replace,
  merge,
  check,
  view,
});

// The client's wire types are these schemas' types (client/src/types.ts).
same<Bill, Wire.Bill>(true);
same<Static<typeof CreateBillBody>, Wire.CreateBillRequest>(true);
same<Static<typeof UpdateBillBody>, Wire.UpdateBillRequest>(true);
