/** Bill approvals on the wire (docs/bill-v3-resources.md section 10). */

/** The body of a policy create and of its PUT. */
export interface BillApprovalPolicyRequest {
  policyName: string;
  /** Rules combine with AND: `{ key: "BILL_AMOUNT", op: "gte", values: ["1000"] }`. */
  rules: { key: string; op: string; values: string[] }[];
  /** User ids (`006…`), asked in this order. */
  approvers: string[];
}

/** A bill approval policy. */
export interface BillApprovalPolicy {
  id: string;
  policyName: string;
  status: string;
  rules: { key: string; op: string; values: { value: string; displayName: string }[] }[];
  approvers: {
    users: { userId: string; fullName: string }[];
    groups: { groupName: string; groupId: string; users: { id: string; fullName: string }[] }[];
  };
}

/** One item of `POST /v3/bill-approvals/actions`. */
export interface BillApprovalAction {
  billId: string;
  action: "APPROVE" | "DENY";
  comment?: string;
}

/** One bill waiting for the session's user. */
export interface PendingBillApproval {
  billId: string;
  vendorId: string;
  amount: number;
  dueDate: string;
}

/** `GET /v3/bill-approvals/pending-user-approvals`. */
export interface PendingUserApprovals {
  bills: PendingBillApproval[];
}

/** The answer of an action call and of a policy delete. */
export interface BillApprovalStatusResponse {
  status: "SUCCESS";
}
