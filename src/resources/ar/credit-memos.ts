/**
 * Credit memos (docs/bill-v3-resources.md section 11.6): an adjustment of what a customer owes.
 * Field names and the `ccr` prefix are BILL's (Postman `POST /v3/credit-memos`; API reference
 * "Replace multiple credit memos"). A credit memo is applied to invoices through their
 * `creditAmount` [DP: Create an invoice]; `appliedAmount`, `usage` and `status` are computed.
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
  creditMemoLineCents,
  creditMemoTotalCents,
  fromCents,
  hasAtMostCents,
  uncoveredInvoices,
} from "./ar-money.ts";
import { arReferences } from "./ar-references.ts";

/** (ours) BILL names no prefix for credit memo line items. */
const LINE_PREFIX = "cli";

const MemoClassifications = Type.Object({
  accountingClassId: Type.Optional(idOf("cls")),
  departmentId: Type.Optional(idOf("0de")),
  jobId: Type.Optional(idOf("job")),
  locationId: Type.Optional(idOf("loc")),
});

const LineItemInput = Type.Object({
  id: Type.Optional(idOf(LINE_PREFIX)),
  description: Type.Optional(text(0, 4000)),
  amount: Type.Optional(Money),
  price: Type.Optional(Money),
  quantity: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e9 })),
  ratePercent: Type.Optional(Type.Number({ minimum: -100, maximum: 100 })),
  taxable: Type.Optional(Type.Boolean()),
  classifications: Type.Optional(
    Type.Object({
      chartOfAccountId: Type.Optional(idOf("0ca")),
      ...MemoClassifications.properties,
      itemId: Type.Optional(idOf("0ii")),
    }),
  ),
});

const Lines = Type.Array(LineItemInput, { minItems: 1, maxItems: 500 });

const optionalFields = {
  description: text(0, 4000),
  payToChartOfAccountId: idOf("0ca"),
  payToBankAccountId: idOf("bac"),
  classifications: MemoClassifications,
};

const required = {
  customerId: idOf("0cu"),
  referenceNumber: text(1, 100),
  creditDate: DateText,
  creditMemoLineItems: Lines,
};

export const CreateCreditMemoBody = Type.Object({ ...required, ...partial(optionalFields).properties });
export const UpdateCreditMemoBody = partial({ ...required, ...optionalFields });

const Str = Type.String();
const opt = Type.Optional;
const Num = Type.Number();

export const CreditMemoSchema = Type.Object({
  id: Str,
  archived: Type.Boolean(),
  customerId: Str,
  referenceNumber: Str,
  creditDate: Str,
  description: opt(Str),
  payToChartOfAccountId: opt(Str),
  payToBankAccountId: opt(Str),
  amount: Num,
  appliedAmount: Num,
  status: Type.Enum(["NOT_APPLIED", "PARTIALLY_APPLIED", "FULLY_APPLIED"]),
  creditMemoLineItems: Type.Array(
    Type.Object({
      id: Str,
      description: opt(Str),
      price: opt(Num),
      quantity: opt(Num),
      amount: Num,
      ratePercent: opt(Num),
      taxable: Type.Boolean(),
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
  classifications: opt(
    Type.Object({
      accountingClassId: opt(Str),
      departmentId: opt(Str),
      jobId: opt(Str),
      locationId: opt(Str),
    }),
  ),
  usage: Type.Array(Type.Object({ invoiceId: Str, amount: Num })),
  createdBy: Str,
  createdTime: Str,
  updatedTime: Str,
});

export type CreditMemo = Static<typeof CreditMemoSchema>;
type LineItem = Static<typeof LineItemInput> & { id: string };
type MemoData = Omit<Static<typeof CreateCreditMemoBody>, "creditMemoLineItems"> & {
  creditMemoLineItems: LineItem[];
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

function build(body: Record<string, unknown>, context: BuildContext): Record<string, unknown> {
  const data = body as Static<typeof CreateCreditMemoBody>;
  return {
    ...data,
    creditMemoLineItems: withLineIds(data.creditMemoLineItems, context, new Set()),
    createdBy: context.userId,
  };
}

const invalid = (path: string): ErrorItem => ({ key: "INVALID_VALUE", params: { paramName0: path } });

/** PUT [PM: "Replace multiple credit memos"]: lines with ids are kept, new ones get ids, the rest go. */
function replace(old: Record<string, unknown>, body: Record<string, unknown>, context: BuildContext): Change {
  const next = body as Static<typeof CreateCreditMemoBody>;
  const ids = new Set((old as MemoData).creditMemoLineItems.map((line) => line.id));
  const errors = next.creditMemoLineItems.flatMap((line, i) =>
    line.id !== undefined && !ids.has(line.id) ? [invalid(`creditMemoLineItems[${i}].id`)] : [],
  );
  if (errors.length > 0) return { errors };
  return {
    data: {
      ...next,
      creditMemoLineItems: withLineIds(next.creditMemoLineItems, context, ids),
      createdBy: (old as MemoData).createdBy,
    },
  };
}

/** PATCH: the lines named by id change field by field; the others stay. */
function merge(old: Record<string, unknown>, patch: Record<string, unknown>): Change {
  return mergeLinePatch(old, patch, "creditMemoLineItems");
}

function check(stored: Record<string, unknown>, context: CheckContext): ErrorItem[] {
  const data = stored as MemoData;
  const problems: ErrorItem[] = [];
  if (Number.isNaN(parseTime(data.creditDate))) problems.push(invalid("creditDate"));
  // [PM "Replace multiple credit memos": "You can set only one of payToChartOfAccountId or payToBankAccountId"]
  if (data.payToChartOfAccountId !== undefined && data.payToBankAccountId !== undefined) {
    problems.push(invalid("payToBankAccountId"));
  }
  for (const [i, line] of data.creditMemoLineItems.entries()) {
    const path = `creditMemoLineItems[${i}]`;
    // [DP: create credit memo] "either price or percentage (ratePercent) is required ... If you set one, do not set the other."
    if (line.ratePercent !== undefined && (line.price !== undefined || line.amount !== undefined)) {
      problems.push(invalid(`${path}.ratePercent`));
    } else if (line.ratePercent === undefined && line.price === undefined && line.amount === undefined) {
      problems.push({ key: "MISSING_PARAMETER", params: { paramName0: `${path}.price` } });
    }
    if (line.amount !== undefined && !hasAtMostCents(line.amount)) problems.push(invalid(`${path}.amount`));
  }
  if (problems.length > 0) return problems;
  if (creditMemoTotalCents(data) <= 0) return [invalid("amount")];
  const before = context.id ? context.all("credit-memos").find((r) => r.id === context.id) : undefined;
  const record = {
    id: context.id ?? "",
    archived: before?.archived ?? false,
    createdAt: before?.createdAt ?? context.now,
    data: stored,
  };
  // (ours) Credit already applied to invoices stays applied: the memo may not shrink below it
  // nor move to another customer while it is in use.
  const uncovered = uncoveredInvoices(arLedger(context, { kind: "credit-memos", record }));
  if (uncovered.length > 0) {
    const moved = before !== undefined && before.data.customerId !== data.customerId;
    return [invalid(moved ? "customerId" : "amount")];
  }
  return [];
}

function view(record: ResourceRecord, context: ReadContext): CreditMemo {
  const data = record.data as MemoData;
  const amounts = creditMemoLineCents(data.creditMemoLineItems);
  const amount = amounts.reduce((a, b) => a + b, 0);
  const usage = arLedger(context).usage(record.id);
  const applied = usage.reduce((sum, use) => sum + use.cents, 0);
  return {
    id: record.id,
    archived: record.archived,
    customerId: data.customerId,
    referenceNumber: data.referenceNumber,
    creditDate: data.creditDate,
    ...present("description", data.description),
    ...present("payToChartOfAccountId", data.payToChartOfAccountId),
    ...present("payToBankAccountId", data.payToBankAccountId),
    amount: fromCents(amount),
    appliedAmount: fromCents(applied),
    status: applied === 0 ? "NOT_APPLIED" : applied < amount ? "PARTIALLY_APPLIED" : "FULLY_APPLIED",
    creditMemoLineItems: data.creditMemoLineItems.map((line, i) => ({
      id: line.id,
      ...present("description", line.description),
      ...present("price", line.price),
      ...present("quantity", line.quantity),
      amount: fromCents(amounts[i] ?? 0),
      ...present("ratePercent", line.ratePercent),
      taxable: line.taxable ?? false,
      ...present("classifications", line.classifications),
    })),
    ...present("classifications", data.classifications),
    usage: usage.map((use) => ({ invoiceId: use.invoiceId, amount: fromCents(use.cents) })),
    createdBy: data.createdBy,
    createdTime: formatTimestamp(record.createdAt),
    updatedTime: formatTimestamp(record.updatedAt),
  };
}

const RANGES = ["gt", "gte", "lt", "lte"] as const;
export const CREDIT_MEMO_STATUSES = ["NOT_APPLIED", "PARTIALLY_APPLIED", "FULLY_APPLIED"] as const;

export const creditMemos = defineResource({
  name: "credit-memos",
  label: "credit memo",
  idPrefix: "ccr",
  createBody: CreateCreditMemoBody,
  updateBody: UpdateCreditMemoBody,
  wire: CreditMemoSchema,
  fields: {
    id: "string",
    archived: "boolean",
    customerId: "string",
    referenceNumber: "string",
    creditDate: "date",
    status: "string",
    amount: "number",
    appliedAmount: "number",
    createdTime: "datetime",
    updatedTime: "datetime",
  },
  filters: {
    id: { ops: ["eq", "ne", "in"] },
    archived: { ops: ["eq", "ne"] },
    customerId: { ops: ["eq", "in"] },
    referenceNumber: { ops: ["eq", "sw"] },
    creditDate: { ops: RANGES },
    status: { ops: ["eq", "ne", "in"], values: CREDIT_MEMO_STATUSES },
    createdTime: { ops: RANGES },
    updatedTime: { ops: RANGES },
  },
  sorts: ["archived", "referenceNumber", "creditDate", "amount", "createdTime", "updatedTime"],
  defaultSort: [{ field: "createdTime", desc: false }],
  // [PM: "You can create up to 50 credit memos"; every bulk answers {"creditMemos": [...]}]
  bulk: { max: 50, wrap: "creditMemos", update: true, replace: true, archive: true },
  writers: ["ADMINISTRATOR", "ACCOUNTANT", "CLERK"],
  references: arReferences("customerId", "creditMemoLineItems"),
  reads: AR_READS,
  build,
  replace,
  merge,
  check,
  view,
});

same<CreditMemo, Wire.CreditMemo>(true);
same<Static<typeof CreateCreditMemoBody>, Wire.CreateCreditMemoRequest>(true);
same<Static<typeof UpdateCreditMemoBody>, Wire.UpdateCreditMemoRequest>(true);
