/**
 * BILL's bill approvals (docs/bill-v3-resources.md section 10) under
 * `/connect/v3/bill-approvals`: policies (list, create, PUT, DELETE), the bills waiting for the
 * session's user, and approve/deny. Organization-level sessions only. Policies do not fit the
 * generic resource routes: BILL lists them as a bare array, deletes them, and has no GET of
 * one, PATCH, archive or restore.
 */
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { AuthDeps } from "../auth/context.ts";
import { ApiError } from "../errors.ts";
import { sessionOf } from "../http/context.ts";
import { idempotentCreate } from "../http/idempotent.ts";
import { jsonArrayBody, jsonObjectBody } from "../http/request.ts";
import { resultValue } from "../http/result.ts";
import { ErrorResponse } from "../http/schemas/auth.ts";
import type { App } from "../http/types.ts";
import {
  createPolicy,
  deletePolicy,
  listPolicies,
  mayManagePolicies,
  PolicySchema,
  type PolicyScope,
  replacePolicy,
} from "../resources/ap/approval-policies.ts";
import {
  actOnBills,
  checkActions,
  PendingBill,
  pendingApprovals,
} from "../resources/ap/bill-approval-actions.ts";

const Success = Type.Object({ status: Type.Literal("SUCCESS") });

export function registerBillApprovalRoutes(app: App, deps: AuthDeps): void {
  const base = "/connect/v3/bill-approvals";
  const config = { auth: "session" as const };
  const answer = (status: number, schema: object) => ({
    schema: { response: { [status]: schema, "4xx": ErrorResponse } },
    config,
  });
  const scopeOf = (request: FastifyRequest): PolicyScope => {
    const session = sessionOf(request);
    return { organizationId: session.organizationId, userId: session.userId };
  };
  const managerOf = async (request: FastifyRequest): Promise<PolicyScope> => {
    const scope = scopeOf(request);
    if (!(await mayManagePolicies(deps, scope))) throw new ApiError("INSUFFICIENT_PERMISSIONS");
    return scope;
  };
  const callerOf = (request: FastifyRequest) => {
    const session = sessionOf(request);
    return `org:${session.devKeyId}:${session.organizationId}`;
  };
  const policyIdOf = (request: FastifyRequest) => (request.params as { policyId: string }).policyId;

  app.get(`${base}/policies`, answer(200, Type.Array(PolicySchema)), async (request) =>
    listPolicies(deps, scopeOf(request).organizationId),
  );

  app.post(`${base}/policies`, answer(201, PolicySchema), async (request, reply) => {
    const scope = await managerOf(request);
    const body = jsonObjectBody(request);
    const create = {
      caller: callerOf(request),
      route: "POST /v3/bill-approvals/policies",
      body,
      status: 201,
    };
    return idempotentCreate(deps, request, reply, create, async () =>
      resultValue(await createPolicy(deps, scope, body)),
    );
  });

  app.put(`${base}/policies/:policyId`, answer(200, PolicySchema), async (request) => {
    const scope = await managerOf(request);
    const body = jsonObjectBody(request);
    return resultValue(await replacePolicy(deps, scope, policyIdOf(request), body));
  });

  // BILL answers a delete 200 {"status":"SUCCESS"} [PM], not 204.
  app.delete(`${base}/policies/:policyId`, answer(200, Success), async (request) => {
    const scope = await managerOf(request);
    resultValue(await deletePolicy(deps, scope, policyIdOf(request)));
    return { status: "SUCCESS" as const };
  });

  app.get(
    `${base}/pending-user-approvals`,
    answer(200, Type.Object({ bills: Type.Array(PendingBill) })),
    async (request) => ({ bills: await pendingApprovals(deps, scopeOf(request)) }),
  );

  // Actions create records (one per approve or deny), so a key makes a retry safe. They act
  // as the session's user, so one user's key never replays another's answer.
  app.post(`${base}/actions`, answer(200, Success), async (request, reply) => {
    const scope = scopeOf(request);
    const items = jsonArrayBody(request);
    const caller = `${callerOf(request)}:${scope.userId}`;
    const create = { caller, route: "POST /v3/bill-approvals/actions", body: { items } };
    return idempotentCreate(deps, request, reply, create, async () => {
      const checked = resultValue(checkActions(items));
      resultValue(await actOnBills(deps, scope, checked));
      return { status: "SUCCESS" as const };
    });
  });
}
