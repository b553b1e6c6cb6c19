/**
 * BILL's bill approvals: policies, the bills waiting for the session's user, and approve/deny
 * (`/v3/bill-approvals`). Managing policies needs the ADMINISTRATOR role; approving needs the
 * user to be the bill's approver whose turn it is (else `PermissionDeniedError`, `BDC_9004`).
 */
import type { RequestOptions } from "../core/api-core.ts";
import { path } from "../core/path.ts";
import type {
  BillApprovalAction,
  BillApprovalPolicy,
  BillApprovalPolicyRequest,
  BillApprovalStatusResponse,
  PendingUserApprovals,
} from "../types.ts";
import { type CreateOptions, createHeaders, requestOptions, type Send } from "./send.ts";

/** Bill approval policies (`/v3/bill-approvals/policies`). */
export class BillApprovalPolicies {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /**
   * Every policy not deleted (BILL answers a bare array, no pages).
   *
   * @example
   * const policies = await client.billApprovals.policies.list();
   */
  list(options?: RequestOptions): Promise<BillApprovalPolicy[]> {
    return this.#send({ method: "GET", path: "/v3/bill-approvals/policies", options });
  }

  /**
   * Creates a policy (201). Pass `idempotencyKey` to make retries safe.
   *
   * @example
   * await client.billApprovals.policies.create({
   *   policyName: "Bills >= $1000",
   *   rules: [{ key: "BILL_AMOUNT", op: "gte", values: ["1000"] }],
   *   approvers: [approverUserId],
   * });
   */
  create(params: BillApprovalPolicyRequest, options?: CreateOptions): Promise<BillApprovalPolicy> {
    return this.#send({
      method: "POST",
      path: "/v3/bill-approvals/policies",
      body: params,
      headers: createHeaders(options),
      options: requestOptions(options),
    });
  }

  /**
   * `PUT`: replaces the policy's name, rules and approvers, for bills entered from now on.
   *
   * @example
   * await client.billApprovals.policies.replace(policyId, { policyName, rules, approvers });
   */
  replace(
    id: string,
    params: BillApprovalPolicyRequest,
    options?: RequestOptions,
  ): Promise<BillApprovalPolicy> {
    return this.#send({
      method: "PUT",
      path: path`/v3/bill-approvals/policies/${id}`,
      body: params,
      options,
    });
  }

  /**
   * Deletes a policy; it cannot be restored and leaves the list.
   *
   * @example
   * await client.billApprovals.policies.delete(policyId);
   */
  delete(id: string, options?: RequestOptions): Promise<BillApprovalStatusResponse> {
    return this.#send({ method: "DELETE", path: path`/v3/bill-approvals/policies/${id}`, options });
  }
}

/** Bill approvals: policies, pending approvals, approve and deny. */
export class BillApprovals {
  readonly #send: Send;
  readonly policies: BillApprovalPolicies;

  constructor(send: Send) {
    this.#send = send;
    this.policies = new BillApprovalPolicies(send);
  }

  /**
   * The bills waiting for the session's user to approve or deny them.
   *
   * @example
   * const { bills } = await client.billApprovals.pendingUserApprovals();
   */
  pendingUserApprovals(options?: RequestOptions): Promise<PendingUserApprovals> {
    return this.#send({ method: "GET", path: "/v3/bill-approvals/pending-user-approvals", options });
  }

  /**
   * Approves or denies several bills at once: all of them, or none.
   *
   * @example
   * await client.billApprovals.act([{ billId, action: "APPROVE", comment: "OK" }]);
   */
  act(actions: BillApprovalAction[], options?: CreateOptions): Promise<BillApprovalStatusResponse> {
    return this.#send({
      method: "POST",
      path: "/v3/bill-approvals/actions",
      body: actions,
      headers: createHeaders(options),
      options: requestOptions(options),
    });
  }

  /**
   * Approves one bill.
   *
   * @example
   * await client.billApprovals.approve(billId, "Approved for payment");
   */
  approve(billId: string, comment?: string, options?: CreateOptions): Promise<BillApprovalStatusResponse> {
    return this.act([{ billId, action: "APPROVE", ...(comment === undefined ? {} : { comment }) }], options);
  }

  /**
   * Denies one bill.
   *
   * @example
   * await client.billApprovals.deny(billId, "Wrong amount");
   */
  deny(billId: string, comment?: string, options?: CreateOptions): Promise<BillApprovalStatusResponse> {
    return this.act([{ billId, action: "DENY", ...(comment === undefined ? {} : { comment }) }], options);
  }
}
