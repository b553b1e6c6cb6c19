/**
 * Approving and denying bills, and the bills waiting for a user (docs/bill-v3-resources.md
 * section 10). Each approve or deny is a record of its own (`bill-approvals/actions`); the
 * bill's approval is computed from them (bill-approval.ts).
 */
import { type Static, Type } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { type AuthDeps, ok, type Result } from "../../auth/context.ts";
import { newIdWithPrefix } from "../../auth/crypto/ids.ts";
import type { ErrorItem } from "../../errors.ts";
import { same } from "../../http/schemas/same.ts";
import type { ResourceRecord } from "../../stores/types/resources.ts";
import { readContext, withIndex } from "../engine.ts";
import { oneOf, text } from "../schema-kit.ts";
import { checkBody } from "../validate.ts";
import { APPROVER_ROLES, type PolicyScope } from "./approval-policies.ts";
import { fromCents, totalCents } from "./bill-amount.ts";
import { ACTION_KIND, type ActionData, billApproval, waitingFor } from "./bill-approval.ts";
import { bills } from "./bills.ts";

/** (ours) The prefix of an action record's id; actions are never on the wire. */
export const ACTION_PREFIX = "apa";
/** (ours) At most this many bills in one call. */
export const MAX_ACTIONS = 100;

/** One item of `POST /v3/bill-approvals/actions` [PM: "Approve or deny a bill"]. */
export const ActionItem = Type.Object({
  billId: Type.String({ maxLength: 40 }),
  action: oneOf(["APPROVE", "DENY"]),
  comment: Type.Optional(text(0, 4000)),
});

/** One bill of `GET /v3/bill-approvals/pending-user-approvals` [PM]. */
export const PendingBill = Type.Object({
  billId: Type.String(),
  vendorId: Type.String(),
  amount: Type.Number(),
  dueDate: Type.String(),
});

const ID = /^[0-9A-Za-z]{20}$/;
const invalid = (path: string): ErrorItem => ({ key: "INVALID_VALUE", params: { paramName0: path } });

/** The body's items checked: every problem of every item, each naming its position. */
export function checkActions(items: readonly Record<string, unknown>[]): Result<ActionInput[]> {
  if (items.length === 0 || items.length > MAX_ACTIONS) return { ok: false, errors: [invalid("body")] };
  const checked = items.map((item) => checkBody(ActionItem, item));
  const missing = checked.flatMap((c, i) => withIndex(c.missing, i));
  const errors = missing.length > 0 ? missing : checked.flatMap((c, i) => withIndex(c.invalid, i));
  if (errors.length > 0) return { ok: false, errors };
  const values = checked.map((c) => c.value as unknown as ActionInput);
  // (ours) One action per bill in a call: two would race each other.
  const seen = new Set<string>();
  const twice = values.flatMap((value, i) => {
    const again = seen.has(value.billId);
    seen.add(value.billId);
    return again ? withIndex([invalid("billId")], i) : [];
  });
  return twice.length > 0 ? { ok: false, errors: twice } : ok(values);
}

export type ActionInput = Static<typeof ActionItem>;

/**
 * Approves or denies each bill for the session's user: all of them or none. A bill of another
 * organization is 404 BDC_9005; a bill that is not waiting for this user (not an approver,
 * not their turn, already decided, no policy) is 403 BDC_9004; an archived bill 400 (ours).
 */
export async function actOnBills(
  deps: AuthDeps,
  scope: PolicyScope,
  items: readonly ActionInput[],
): Promise<Result<void>> {
  return deps.stores.transaction(async (stores): Promise<Result<void>> => {
    const now = deps.clock.now();
    const found: ResourceRecord[] = [];
    const unknown: ErrorItem[] = [];
    for (const [i, item] of items.entries()) {
      const record = ID.test(item.billId)
        ? await stores.resources.find(scope.organizationId, bills.name, item.billId)
        : undefined;
      if (record) found.push(record);
      else unknown.push(...withIndex([{ key: "NOT_FOUND", params: { paramName0: "billId" } }], i));
    }
    if (unknown.length > 0) return { ok: false, errors: unknown };

    const mayApprove = await isApprover(stores, scope);
    const context = await readContext(
      stores,
      scope.organizationId,
      bills,
      found.map((record) => record.data),
      now,
    );
    const forbidden: ErrorItem[] = [];
    const archived: ErrorItem[] = [];
    for (const [i, record] of found.entries()) {
      if (record.archived) archived.push(...withIndex([invalid("billId")], i));
      else if (!mayApprove || waitingFor(billApproval(record, context)) !== scope.userId) {
        forbidden.push(...withIndex([{ key: "INSUFFICIENT_PERMISSIONS" }], i));
      }
    }
    if (forbidden.length > 0) return { ok: false, errors: forbidden };
    if (archived.length > 0) return { ok: false, errors: archived };

    const records = items.map((item, i): ResourceRecord => {
      const data: ActionData = {
        billId: item.billId,
        userId: scope.userId,
        action: item.action,
        ...(item.comment === undefined ? {} : { comment: item.comment }),
        billUpdatedAt: (found[i] as ResourceRecord).updatedAt,
      };
      return {
        organizationId: scope.organizationId,
        kind: ACTION_KIND,
        id: newIdWithPrefix(ACTION_PREFIX),
        archived: false,
        data: data as unknown as Record<string, unknown>,
        createdAt: now,
        updatedAt: now,
      };
    });
    await stores.resources.create(records);
    return ok(undefined);
  });
}

/** Whether the user may approve at all: an active member with a role that approves. */
async function isApprover(stores: AuthDeps["stores"], scope: PolicyScope): Promise<boolean> {
  const member = await stores.memberships.findMember(scope.organizationId, scope.userId);
  return member !== undefined && !member.archived && APPROVER_ROLES.includes(member.roleType);
}

/**
 * The bills waiting for the user's approval now, oldest first (ours: BILL documents no order);
 * none for a user who may not approve any more (the bills they would act on, they cannot).
 */
export async function pendingApprovals(deps: AuthDeps, scope: PolicyScope) {
  if (!(await isApprover(deps.stores, scope))) return [];
  const records = (await deps.stores.resources.listAll(scope.organizationId, bills.name)).filter(
    (record) => !record.archived,
  );
  const context = await readContext(
    deps.stores,
    scope.organizationId,
    bills,
    records.map((record) => record.data),
    deps.clock.now(),
  );
  return records
    .filter((record) => waitingFor(billApproval(record, context)) === scope.userId)
    .map((record) => {
      const data = record.data as { vendorId: string; dueDate: string; billLineItems: [] };
      return {
        billId: record.id,
        vendorId: data.vendorId,
        amount: fromCents(totalCents(data)),
        dueDate: data.dueDate,
      };
    });
}

// The client's wire types are these schemas' types (client/src/wire/bill-approvals.ts).
same<ActionInput, Wire.BillApprovalAction>(true);
same<Static<typeof PendingBill>, Wire.PendingBillApproval>(true);
