/**
 * Vendor credits (docs/bill-v3-resources.md section 9): what a vendor owes the organization
 * back, applied to bills through payments. Field names and the `vcr` id prefix are BILL's
 * (v3 Postman collection `POST /v3/vendor-credits`; changelog "Bills API improvements for
 * vendor credits"). `amount`, `appliedAmount` and `status` are computed from the lines and
 * from the payments that apply the credit.
 */
import { type Static, Type } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { formatTimestamp } from "../../clock.ts";
import type { ErrorItem } from "../../errors.ts";
import { same } from "../../http/schemas/same.ts";
import type { ResourceRecord } from "../../stores/types/resources.ts";
import { type BuildContext, type Change, defineResource, type ReadContext } from "../declaration.ts";
import { mergeLinePatch } from "../engine.ts";
import { parseTime } from "../query.ts";
import { DateText, idOf, Money, partial, present, text } from "../schema-kit.ts";
import {
  cents,
  creditApplied,
  fromCents,
  hasAtMostCents,
  PAYMENTS,
  VENDOR_CREDITS,
} from "./payment-state.ts";

/** (ours) BILL documents no prefix for vendor credit lines. */
const LINE_PREFIX = "vcl";

const LineClassifications = Type.Object({
  chartOfAccountId: Type.Optional(idOf("0ca")),
  accountingClassId: Type.Optional(idOf("cls")),
  departmentId: Type.Optional(idOf("0de")),
  jobId: Type.Optional(idOf("job")),
  locationId: Type.Optional(idOf("loc")),
  itemId: Type.Optional(idOf("0ii")),
  employeeId: Type.Optional(idOf("emp")),
  customerId: Type.Optional(idOf("0cu")),
});

const LineInput = Type.Object({
  id: Type.Optional(idOf(LINE_PREFIX)),
  amount: Money,
  description: Type.Optional(text(0, 4000)),
  classifications: Type.Optional(LineClassifications),
});

const optionalFields = {
  description: text(0, 4000),
  applyToChartOfAccountId: idOf("0ca"),
  applyToBankAccountId: idOf("bac"),
};

export const CreateVendorCreditBody = Type.Object({
  vendorId: idOf("009"),
  referenceNumber: text(1, 100),
  creditDate: DateText,
  vendorCreditLineItems: Type.Array(LineInput, { minItems: 1, maxItems: 500 }),
  ...partial(optionalFields).properties,
});

export const UpdateVendorCreditBody = partial({
  vendorId: idOf("009"),
  referenceNumber: text(1, 100),
  creditDate: DateText,
  vendorCreditLineItems: Type.Array(partial(LineInput.properties), { minItems: 1, maxItems: 500 }),
  ...optionalFields,
});

const Str = Type.String();
const opt = Type.Optional;
const Num = Type.Number();

export const VENDOR_CREDIT_STATUSES = ["NOT_APPLIED", "PARTIALLY_APPLIED", "FULLY_APPLIED"] as const;

export const VendorCreditSchema = Type.Object({
  id: Str,
  vendorId: Str,
  referenceNumber: Str,
  creditDate: Str,
  description: opt(Str),
  archived: Type.Boolean(),
  applyToChartOfAccountId: opt(Str),
  applyToBankAccountId: opt(Str),
  amount: Num,
  appliedAmount: Num,
  status: Type.Enum([...VENDOR_CREDIT_STATUSES]),
  createdTime: Str,
  updatedTime: Str,
  vendorCreditLineItems: Type.Array(
    Type.Object({
      id: Str,
      description: opt(Str),
      amount: Num,
      classifications: opt(
        Type.Object({
          chartOfAccountId: opt(Str),
          accountingClassId: opt(Str),
          departmentId: opt(Str),
          jobId: opt(Str),
          locationId: opt(Str),
          itemId: opt(Str),
          employeeId: opt(Str),
          customerId: opt(Str),
        }),
      ),
    }),
  ),
});

export type VendorCredit = Static<typeof VendorCreditSchema>;
type Line = Static<typeof LineInput> & { id: string };
type CreditData = Omit<Static<typeof CreateVendorCreditBody>, "vendorCreditLineItems"> & {
  vendorCreditLineItems: Line[];
  createdBy: string;
};

const invalid = (path: string): ErrorItem => ({ key: "INVALID_VALUE", params: { paramName0: path } });

const withLineIds = (lines: readonly Static<typeof LineInput>[], context: BuildContext, keep: Set<string>) =>
  lines.map(({ id, ...line }) => ({ id: id && keep.has(id) ? id : context.newId(LINE_PREFIX), ...line }));

function build(body: Record<string, unknown>, context: BuildContext): Record<string, unknown> {
  const data = body as Static<typeof CreateVendorCreditBody>;
  return {
    ...data,
    vendorCreditLineItems: withLineIds(data.vendorCreditLineItems, context, new Set()),
    createdBy: context.userId,
  };
}

/** PUT [PM: "Replace a vendor credit"]: lines with this credit's ids stay, lines without are new, the rest go. */
function replace(
  stored: Record<string, unknown>,
  body: Record<string, unknown>,
  context: BuildContext,
): Change {
  const old = stored as CreditData;
  const next = body as Static<typeof CreateVendorCreditBody>;
  const ids = new Set(old.vendorCreditLineItems.map((line) => line.id));
  const errors = next.vendorCreditLineItems.flatMap((line, i) =>
    line.id !== undefined && !ids.has(line.id) ? [invalid(`vendorCreditLineItems[${i}].id`)] : [],
  );
  if (errors.length > 0) return { errors };
  return {
    data: {
      ...next,
      vendorCreditLineItems: withLineIds(next.vendorCreditLineItems, context, ids),
      createdBy: old.createdBy,
    },
  };
}

/** PATCH [PM: "Update a vendor credit"]: the lines named by id change field by field; ids never change. */
function merge(stored: Record<string, unknown>, patch: Record<string, unknown>): Change {
  return mergeLinePatch(stored, patch, "vendorCreditLineItems");
}

const totalCents = (data: CreditData) =>
  data.vendorCreditLineItems.reduce((sum, line) => sum + cents(line.amount), 0);

function check(stored: Record<string, unknown>, context: ReadContext & { id?: string }): ErrorItem[] {
  const data = stored as CreditData;
  const problems: ErrorItem[] = [];
  if (Number.isNaN(parseTime(data.creditDate))) problems.push(invalid("creditDate"));
  for (const [i, line] of data.vendorCreditLineItems.entries()) {
    if (!hasAtMostCents(line.amount)) problems.push(invalid(`vendorCreditLineItems[${i}].amount`));
  }
  if (problems.length > 0) return problems;
  const total = totalCents(data);
  // (ours) A credit is worth something, and never less than what payments already applied.
  if (total <= 0 || (context.id !== undefined && total < creditApplied(context.id, context))) {
    problems.push(invalid("amount"));
  }
  // (ours) Once applied to the vendor's bills, a credit stays that vendor's.
  if (context.id !== undefined && creditApplied(context.id, context) > 0) {
    const before = context.lookup(VENDOR_CREDITS, context.id);
    if (before && before.data.vendorId !== data.vendorId) problems.push(invalid("vendorId"));
  }
  return problems;
}

/** NOT_APPLIED, PARTIALLY_APPLIED or FULLY_APPLIED, from cents applied out of cents total (ours: the rule). */
export const creditStatus = (total: number, applied: number): (typeof VENDOR_CREDIT_STATUSES)[number] =>
  applied <= 0 ? "NOT_APPLIED" : applied >= total ? "FULLY_APPLIED" : "PARTIALLY_APPLIED";

/** Cents of a credit: its lines' total, and what remains to apply. */
export function creditBalance(record: ResourceRecord, context: ReadContext) {
  const total = totalCents(record.data as CreditData);
  const applied = creditApplied(record.id, context);
  return { total, applied, remaining: Math.max(0, total - applied) };
}

function view(record: ResourceRecord, context: ReadContext): VendorCredit {
  const data = record.data as CreditData;
  const { total, applied } = creditBalance(record, context);
  return {
    id: record.id,
    vendorId: data.vendorId,
    referenceNumber: data.referenceNumber,
    creditDate: data.creditDate,
    ...present("description", data.description),
    archived: record.archived,
    ...present("applyToChartOfAccountId", data.applyToChartOfAccountId),
    ...present("applyToBankAccountId", data.applyToBankAccountId),
    amount: fromCents(total),
    appliedAmount: fromCents(applied),
    status: creditStatus(total, applied),
    createdTime: formatTimestamp(record.createdAt),
    updatedTime: formatTimestamp(record.updatedAt),
    vendorCreditLineItems: data.vendorCreditLineItems.map((line) => ({
      id: line.id,
      ...present("description", line.description),
      amount: line.amount,
      ...present("classifications", line.classifications),
    })),
  };
}

const RANGES = ["gt", "gte", "lt", "lte"] as const;

export const vendorCredits = defineResource({
  name: VENDOR_CREDITS,
  label: "vendor credit",
  idPrefix: "vcr",
  createBody: CreateVendorCreditBody,
  updateBody: UpdateVendorCreditBody,
  wire: VendorCreditSchema,
  fields: {
    id: "string",
    archived: "boolean",
    vendorId: "string",
    referenceNumber: "string",
    creditDate: "date",
    status: "string",
    amount: "number",
    appliedAmount: "number",
    createdTime: "datetime",
    updatedTime: "datetime",
  },
  // (ours) BILL lists no filterable fields for vendor credits.
  filters: {
    id: { ops: ["eq", "ne", "in"] },
    archived: { ops: ["eq", "ne"] },
    vendorId: { ops: ["eq", "in"] },
    referenceNumber: { ops: ["eq", "sw"] },
    creditDate: { ops: RANGES },
    status: { ops: ["eq", "ne", "in", "nin"], values: VENDOR_CREDIT_STATUSES },
    createdTime: { ops: RANGES },
    updatedTime: { ops: RANGES },
  },
  // BILL's sortable fields of credit memos [DP: "Sortable fields"], the AR twin (ours: the same here).
  sorts: ["archived", "creditDate", "amount", "appliedAmount", "createdTime", "updatedTime"],
  defaultSort: [{ field: "createdTime", desc: false }],
  // [PM: "up to 50 vendor credits"; create, PATCH, PUT and archive of many answer `{"vendorCredits":[…]}`]
  bulk: { max: 50, wrap: "vendorCredits", update: true, replace: true, archive: true },
  writers: ["ADMINISTRATOR", "ACCOUNTANT", "CLERK"],
  // [PM: "An archived vendor credit cannot be restored."]
  restore: false,
  references: { vendorId: "vendors" },
  reads: [PAYMENTS, VENDOR_CREDITS],
  build,
  replace,
  merge,
  check,
  view,
});

// The client's wire types are these schemas' types (client/src/wire/payments.ts).
same<VendorCredit, Wire.VendorCredit>(true);
same<Static<typeof CreateVendorCreditBody>, Wire.CreateVendorCreditRequest>(true);
same<Static<typeof UpdateVendorCreditBody>, Wire.UpdateVendorCreditRequest>(true);
