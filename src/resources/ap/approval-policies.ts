/**
 * Bill approval policies (docs/bill-v3-resources.md section 10): which bills need approval
 * (rules on the bill's amount, vendor and classifications) and by whom, in order. BILL's
 * field names and answers; the record keeps every version a PUT made and when, so that a
 * bill's approvers are the policies as they were when the bill was entered or last changed
 * (bill-approval.ts), computed, never copied onto the bill.
 */
import { type Static, Type } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { type AuthDeps, fail, ok, type Result } from "../../auth/context.ts";
import { newIdWithPrefix } from "../../auth/crypto/ids.ts";
import type { ErrorItem } from "../../errors.ts";
import { same } from "../../http/schemas/same.ts";
import type { RoleType } from "../../stores/types/organizations.ts";
import type { ResourceRecord } from "../../stores/types/resources.ts";
import { defineResource, type ReadContext } from "../declaration.ts";
import { readContext } from "../engine.ts";
import { text } from "../schema-kit.ts";
import { checkBody, errorsOf } from "../validate.ts";
import { cents } from "./bill-amount.ts";

/** The store's kind of a policy, and the path under /connect/v3. */
export const POLICY_KIND = "bill-approvals/policies";
/** (ours) BILL's policy ids are `{organization_id}-{unique_id}`; ours are 20 characters like every id. */
export const POLICY_PREFIX = "apl";
/** Who may create, replace and delete policies (ours: BILL's web app gives it to administrators). */
export const POLICY_WRITERS: readonly RoleType[] = ["ADMINISTRATOR"];
/** The roles an approver must have [DP: "Administrator, Accountant, and Approver ... bill approvals"]. */
export const APPROVER_ROLES: readonly RoleType[] = ["ADMINISTRATOR", "ACCOUNTANT", "APPROVER"];

const AMOUNT_OPS = ["eq", "ne", "gt", "gte", "lt", "lte"] as const;
const ID_OPS = ["eq", "ne", "in", "nin"] as const;
type RuleOp = (typeof AMOUNT_OPS)[number] | (typeof ID_OPS)[number];

/** What a bill's stored fields give a rule: the line items' classification ids included. */
interface BillFields {
  vendorId: string;
  classifications?: Record<string, string | undefined>;
  billLineItems: {
    amount?: number;
    quantity?: number;
    price?: number;
    classifications?: Record<string, string | undefined>;
  }[];
}

interface RuleKind {
  readonly ops: readonly RuleOp[];
  /** An id rule: the prefix of its values, and the classification field it reads (absent: vendorId). */
  readonly prefix?: string;
  readonly field?: string;
}

/** The rule keys [PM: policy examples]: the bill's amount, its vendor, classification ids. */
export const RULE_KEYS: Readonly<Record<string, RuleKind>> = {
  BILL_AMOUNT: { ops: AMOUNT_OPS },
  VENDOR_ID: { ops: ID_OPS, prefix: "009" },
  CHART_OF_ACCOUNT_ID: { ops: ID_OPS, prefix: "0ca", field: "chartOfAccountId" },
  LOCATION_ID: { ops: ID_OPS, prefix: "loc", field: "locationId" },
  JOB_ID: { ops: ID_OPS, prefix: "job", field: "jobId" },
};

const RuleInput = Type.Object({
  key: Type.Enum(Object.keys(RULE_KEYS)),
  op: Type.Enum([...new Set<string>([...AMOUNT_OPS, ...ID_OPS])]),
  values: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100 }),
});

/** The body of a create and of a PUT [PM: "Create a bill approval policy"]. */
export const PolicyBody = Type.Object({
  policyName: text(1, 100),
  rules: Type.Array(RuleInput, { minItems: 1, maxItems: 20 }),
  approvers: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 20 }),
});

const Str = Type.String();

/** The policy on the wire [PM: policy responses]. */
export const PolicySchema = Type.Object({
  id: Str,
  policyName: Str,
  status: Str,
  rules: Type.Array(
    Type.Object({
      key: Str,
      op: Str,
      values: Type.Array(Type.Object({ value: Str, displayName: Str })),
    }),
  ),
  approvers: Type.Object({
    users: Type.Array(Type.Object({ userId: Str, fullName: Str })),
    groups: Type.Array(
      Type.Object({
        groupName: Str,
        groupId: Str,
        users: Type.Array(Type.Object({ id: Str, fullName: Str })),
      }),
    ),
  }),
});

export type PolicyBodyValue = Static<typeof PolicyBody>;
export type Policy = Static<typeof PolicySchema>;

/** One version of a policy: what a create or a PUT set, from `since` (ms) on. */
export interface PolicyVersion extends PolicyBodyValue {
  since: number;
}

/** A policy's stored fields: its versions, oldest first, and when it was deleted. */
export interface PolicyData {
  versions: PolicyVersion[];
  deletedAt?: number;
}

const invalid = (path: string): ErrorItem => ({ key: "INVALID_VALUE", params: { paramName0: path } });
const AMOUNT_VALUE = /^\d{1,12}(\.\d{1,2})?$/;
const ID_VALUE = /^[0-9A-Za-z]{20}$/;

/** The version of a policy in force at `at` (ms), or undefined when it did not exist or was deleted. */
export function policyAt(record: ResourceRecord, at: number): PolicyVersion | undefined {
  const data = record.data as unknown as PolicyData;
  if (record.createdAt > at || (data.deletedAt !== undefined && data.deletedAt <= at)) return undefined;
  return data.versions.filter((version) => version.since <= at).at(-1);
}

/** Whether every rule of the version matches the bill as stored now (rules combine with AND, ours). */
export function matches(version: PolicyBodyValue, bill: BillFields, amountCents: number): boolean {
  return version.rules.every((rule) => {
    const kind = RULE_KEYS[rule.key];
    if (!kind) return false;
    const op = rule.op as RuleOp;
    if (kind.prefix === undefined) {
      const limit = cents(Number(rule.values[0]));
      return compare(op, amountCents, limit);
    }
    const field = kind.field;
    const found =
      field === undefined
        ? [bill.vendorId]
        : [bill.classifications?.[field], ...bill.billLineItems.map((line) => line.classifications?.[field])];
    const hit = found.some((value) => value !== undefined && rule.values.includes(value));
    return op === "eq" || op === "in" ? hit : !hit;
  });
}

function compare(op: RuleOp, value: number, limit: number): boolean {
  switch (op) {
    case "eq":
      return value === limit;
    case "ne":
      return value !== limit;
    case "gt":
      return value > limit;
    case "gte":
      return value >= limit;
    case "lt":
      return value < limit;
    case "lte":
      return value <= limit;
    default:
      return false;
  }
}

/** Who acts, in which organization. */
export interface PolicyScope {
  organizationId: string;
  userId: string;
}

/** The body's problems beyond its schema: ops per key, value formats, vendors and approvers of this organization. */
async function policyProblems(
  stores: AuthDeps["stores"],
  organizationId: string,
  body: PolicyBodyValue,
): Promise<ErrorItem[]> {
  const problems: ErrorItem[] = [];
  for (const [i, rule] of body.rules.entries()) {
    const kind = RULE_KEYS[rule.key] as RuleKind;
    if (!kind.ops.includes(rule.op as RuleOp)) {
      problems.push(invalid(`rules[${i}].op`));
      continue;
    }
    // (ours) A comparison takes one value; in and nin a list.
    if (rule.op !== "in" && rule.op !== "nin" && rule.values.length !== 1) {
      problems.push(invalid(`rules[${i}].values`));
      continue;
    }
    for (const [j, value] of rule.values.entries()) {
      const at = `rules[${i}].values[${j}]`;
      if (kind.prefix === undefined) {
        if (!AMOUNT_VALUE.test(value)) problems.push(invalid(at));
      } else if (!ID_VALUE.test(value) || !value.startsWith(kind.prefix)) {
        problems.push(invalid(at));
      } else if (kind.field === undefined) {
        const vendor = await stores.resources.find(organizationId, "vendors", value);
        if (!vendor || vendor.archived) problems.push(invalid(at));
      }
    }
  }
  const seen = new Set<string>();
  for (const [i, userId] of body.approvers.entries()) {
    // Another organization's user is as unknown as no user at all (ours, never revealed).
    const member = ID_VALUE.test(userId)
      ? await stores.memberships.findMember(organizationId, userId)
      : undefined;
    const usable = member && !member.archived && !member.pending && APPROVER_ROLES.includes(member.roleType);
    if (!usable || seen.has(userId)) problems.push(invalid(`approvers[${i}]`));
    seen.add(userId);
  }
  return problems;
}

/** A validated body, or every problem with it (BDC_1108 first, then BDC_9001). */
async function validBody(
  stores: AuthDeps["stores"],
  organizationId: string,
  raw: Record<string, unknown>,
): Promise<Result<PolicyBodyValue>> {
  const checked = checkBody(PolicyBody, raw);
  const errors = errorsOf(checked);
  if (errors.length > 0) return { ok: false, errors };
  const body = checked.value as PolicyBodyValue;
  const problems = await policyProblems(stores, organizationId, body);
  return problems.length > 0 ? { ok: false, errors: problems } : ok(body);
}

const current = (record: ResourceRecord): PolicyVersion =>
  (record.data as unknown as PolicyData).versions.at(-1) as PolicyVersion;

/** A policy on the wire, with its approvers' and vendors' current names. */
function policyView(record: ResourceRecord, context: ReadContext): Policy {
  const version = current(record);
  return {
    id: record.id,
    policyName: version.policyName,
    // (ours) BILL shows a status string and documents no values; a listed policy is ACTIVE.
    status: "ACTIVE",
    rules: version.rules.map((rule) => ({
      key: rule.key,
      op: rule.op,
      values: rule.values.map((value) => ({
        value,
        displayName:
          rule.key === "VENDOR_ID" ? String(context.lookup("vendors", value)?.data.name ?? value) : value,
      })),
    })),
    approvers: {
      users: version.approvers.map((userId) => {
        const member = context.member(userId);
        const fullName = member ? `${member.firstName} ${member.lastName}`.trim() : "";
        return { userId, fullName };
      }),
      groups: [],
    },
  };
}

/**
 * Policies as one declaration (docs/bill-v3-resources.md section 10), for what is generic over
 * RESOURCES: the operator API and the console list them. BILL's policy routes are their own
 * (src/routes/bill-approvals.ts: a bare-array list, DELETE, versions), so no generic route is
 * served, and a seed file does not declare them.
 */
export const approvalPolicies = defineResource({
  name: POLICY_KIND,
  label: "bill approval policy",
  idPrefix: POLICY_PREFIX,
  routes: [],
  createBody: PolicyBody,
  updateBody: Type.Object({}),
  wire: PolicySchema,
  fields: { id: "string", policyName: "string", status: "string" },
  filters: { id: { ops: ["eq", "ne", "in"] }, policyName: { ops: ["eq", "sw"] } },
  sorts: ["policyName"],
  defaultSort: [],
  writers: POLICY_WRITERS,
  reads: ["vendors"],
  readsMembers: true,
  // Never called (no generic create): a policy made whole is one version from its creation on.
  build: (body) => ({ versions: [{ ...body, since: 0 }] }),
  view: policyView,
});

/** The policies on the wire (the declaration's view over them). */
export async function policyViews(
  stores: AuthDeps["stores"],
  organizationId: string,
  records: readonly ResourceRecord[],
): Promise<Policy[]> {
  const data = records.map((record) => record.data);
  // A policy's view reads no time: the context's clock is not used.
  const context = await readContext(stores, organizationId, approvalPolicies, data, 0);
  return records.map((record) => policyView(record, context));
}

/** Whether the session's user may manage policies. */
export async function mayManagePolicies(deps: AuthDeps, scope: PolicyScope): Promise<boolean> {
  const member = await deps.stores.memberships.findMember(scope.organizationId, scope.userId);
  return member !== undefined && !member.archived && POLICY_WRITERS.includes(member.roleType);
}

/** The policies not deleted, oldest first (ours: BILL documents no order). */
export async function listPolicies(deps: AuthDeps, organizationId: string): Promise<Policy[]> {
  const records = await deps.stores.resources.listAll(organizationId, POLICY_KIND);
  return policyViews(
    deps.stores,
    organizationId,
    records.filter((record) => !record.archived),
  );
}

export async function createPolicy(
  deps: AuthDeps,
  scope: PolicyScope,
  raw: Record<string, unknown>,
): Promise<Result<Policy>> {
  const body = await validBody(deps.stores, scope.organizationId, raw);
  if (!body.ok) return body;
  const now = deps.clock.now();
  const data: PolicyData = { versions: [{ ...body.value, since: now }] };
  const record: ResourceRecord = {
    organizationId: scope.organizationId,
    kind: POLICY_KIND,
    id: newIdWithPrefix(POLICY_PREFIX),
    archived: false,
    data: data as unknown as Record<string, unknown>,
    createdAt: now,
    updatedAt: now,
  };
  await deps.stores.resources.create([record]);
  return ok((await policyViews(deps.stores, scope.organizationId, [record]))[0] as Policy);
}

/** A policy of the organization that is not deleted: BDC_9005 naming the id otherwise. */
async function livePolicy(
  stores: AuthDeps["stores"],
  organizationId: string,
  id: string,
): Promise<Result<ResourceRecord>> {
  const record = ID_VALUE.test(id) ? await stores.resources.find(organizationId, POLICY_KIND, id) : undefined;
  return record && !record.archived
    ? ok(record)
    : fail("NOT_FOUND", { paramName0: ID_VALUE.test(id) ? id : "policyId" });
}

/** PUT: a new version from now on; bills entered before keep the version they were entered under. */
export async function replacePolicy(
  deps: AuthDeps,
  scope: PolicyScope,
  id: string,
  raw: Record<string, unknown>,
): Promise<Result<Policy>> {
  const result = await deps.stores.transaction(async (stores): Promise<Result<ResourceRecord>> => {
    const found = await livePolicy(stores, scope.organizationId, id);
    if (!found.ok) return found;
    const body = await validBody(stores, scope.organizationId, raw);
    if (!body.ok) return body;
    const data = found.value.data as unknown as PolicyData;
    const { since: _since, ...latest } = current(found.value);
    // A PUT that changes nothing answers the policy as it is.
    if (JSON.stringify(latest) === JSON.stringify(body.value)) return found;
    const now = deps.clock.now();
    const versions = [...data.versions, { ...body.value, since: now }];
    const record = {
      ...found.value,
      data: { ...data, versions } as unknown as Record<string, unknown>,
      updatedAt: now,
    };
    await stores.resources.update(record);
    return ok(record);
  });
  if (!result.ok) return result;
  return ok((await policyViews(deps.stores, scope.organizationId, [result.value]))[0] as Policy);
}

/**
 * DELETE (ours: soft): the policy leaves the list and takes no new bills, and cannot be
 * restored [PM]; the record stays, so bills entered under it keep their approvers.
 */
export async function deletePolicy(deps: AuthDeps, scope: PolicyScope, id: string): Promise<Result<void>> {
  return deps.stores.transaction(async (stores): Promise<Result<void>> => {
    const found = await livePolicy(stores, scope.organizationId, id);
    if (!found.ok) return found;
    const now = deps.clock.now();
    const data = { ...found.value.data, deletedAt: now };
    await stores.resources.update({ ...found.value, archived: true, data, updatedAt: now });
    return ok(undefined);
  });
}

// The client's wire types are these schemas' types (client/src/wire/bill-approvals.ts).
same<Policy, Wire.BillApprovalPolicy>(true);
same<PolicyBodyValue, Wire.BillApprovalPolicyRequest>(true);
