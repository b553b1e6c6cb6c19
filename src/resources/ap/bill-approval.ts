/**
 * A bill's approval (docs/bill-v3-resources.md section 3): which approvers it waits for and
 * where it stands, computed from the records the bill `reads` on every view.
 *
 * Approval policies are not served yet: every bill is UNASSIGNED, with no approvers.
 */
import type { ResourceRecord } from "../../stores/types/resources.ts";
import type { ReadContext } from "../declaration.ts";

/** The kinds a bill's approval is computed from. */
export const BILL_APPROVAL_READS: readonly string[] = [];

export type ApprovalStatus = "UNASSIGNED" | "ASSIGNED" | "APPROVING" | "APPROVED" | "DENIED";

export interface BillApproval {
  approvalStatus: ApprovalStatus;
  approvers: { userId: string; status: string; approverOrder: number; statusChangedTime?: string }[];
}

export function billApproval(_bill: ResourceRecord, _context: ReadContext): BillApproval {
  return { approvalStatus: "UNASSIGNED", approvers: [] };
}

/** Whether a payment may draw on the bill: no policy holds it, or its approvers approved. */
export const mayPay = (approval: BillApproval): boolean =>
  approval.approvalStatus === "UNASSIGNED" || approval.approvalStatus === "APPROVED";
