/**
 * A bill's approval (docs/bill-v3-resources.md section 10): which approvers it waits for and
 * where it stands, computed from the records the bill `reads` on every view: the approval
 * policies (their versions) and the approval actions. Nothing about approval is stored on
 * the bill, so it is never stored twice.
 *
 * (ours) The bill's approvers are those of the policies in force when the bill was last
 * written (created, or changed by PUT, PATCH, archive or restore: its `updatedTime`), as
 * those policies were then, matched against the bill as it is. An action counts only for
 * the version of the bill it was taken on: a change to the bill starts its approval again.
 */
import { formatTimestamp } from "../../clock.ts";
import type { ResourceRecord } from "../../stores/types/resources.ts";
import type { ReadContext } from "../declaration.ts";
import { matches, POLICY_KIND, policyAt } from "./approval-policies.ts";
import { totalCents } from "./bill-amount.ts";

/** The store's kind of one approve or deny, one record per action. */
export const ACTION_KIND = "bill-approvals/actions";

/** The kinds a bill's approval is computed from. */
export const BILL_APPROVAL_READS: readonly string[] = [POLICY_KIND, ACTION_KIND];

export type ApprovalStatus = "UNASSIGNED" | "ASSIGNED" | "APPROVING" | "APPROVED" | "DENIED";

export interface BillApproval {
  approvalStatus: ApprovalStatus;
  approvers: { userId: string; status: string; approverOrder: number; statusChangedTime?: string }[];
}

/** An action's stored fields. */
export interface ActionData {
  billId: string;
  userId: string;
  action: "APPROVE" | "DENY";
  comment?: string;
  /** The bill's updatedAt when the action was taken: the version of the bill it approves. */
  billUpdatedAt: number;
}

type BillFields = Parameters<typeof matches>[1];

/** The approvers of the bill as written, in order: each matching policy's, first ones first. */
function approversOf(bill: ResourceRecord, context: ReadContext): string[] {
  const data = bill.data as unknown as BillFields;
  const amount = totalCents(data);
  const userIds: string[] = [];
  for (const policy of context.all(POLICY_KIND)) {
    const version = policyAt(policy, bill.updatedAt);
    if (!version || !matches(version, data, amount)) continue;
    // (ours) An approver of two matching policies is asked once, at their first place.
    for (const userId of version.approvers) if (!userIds.includes(userId)) userIds.push(userId);
  }
  return userIds;
}

export function billApproval(bill: ResourceRecord, context: ReadContext): BillApproval {
  const userIds = approversOf(bill, context);
  if (userIds.length === 0) return { approvalStatus: "UNASSIGNED", approvers: [] };
  // Approvers act in order [DP: "BILL requests approvals in the specified order"]: an action
  // counts when it is its author's turn; a deny ends the round.
  const decided: { status: "APPROVED" | "DENIED"; at: number }[] = [];
  for (const record of context.all(ACTION_KIND)) {
    const action = record.data as unknown as ActionData;
    if (action.billId !== bill.id || action.billUpdatedAt !== bill.updatedAt) continue;
    if (decided.length === userIds.length || decided.at(-1)?.status === "DENIED") break;
    if (action.userId !== userIds[decided.length]) continue;
    decided.push({ status: action.action === "APPROVE" ? "APPROVED" : "DENIED", at: record.createdAt });
  }
  const approvers = userIds.map((userId, approverOrder) => ({
    userId,
    status: decided[approverOrder]?.status ?? "WAITING",
    approverOrder,
    statusChangedTime: formatTimestamp(decided[approverOrder]?.at ?? bill.updatedAt),
  }));
  const approvalStatus: ApprovalStatus =
    decided.at(-1)?.status === "DENIED"
      ? "DENIED"
      : decided.length === userIds.length
        ? "APPROVED"
        : decided.length > 0
          ? "APPROVING"
          : "ASSIGNED";
  return { approvalStatus, approvers };
}

/** The user whose turn it is to approve or deny, if the bill waits for one. */
export function waitingFor(approval: BillApproval): string | undefined {
  if (approval.approvalStatus !== "ASSIGNED" && approval.approvalStatus !== "APPROVING") return undefined;
  return approval.approvers.find((approver) => approver.status === "WAITING")?.userId;
}

/** Whether a payment may draw on the bill: no policy holds it, or its approvers approved. */
export const mayPay = (approval: BillApproval): boolean =>
  approval.approvalStatus === "UNASSIGNED" || approval.approvalStatus === "APPROVED";
