/**
 * `POST /v3/funding-accounts/banks/{bankAccountId}/verify` (docs/bill-v3-resources.md 8.3):
 * the test deposit's amount makes a pending bank account VERIFIED; the answer says whether it
 * is. The list, get, create, update and archive of bank accounts are the generic resource
 * routes of the declaration (src/resources/funding/banks.ts).
 */
import type { FastifyRequest } from "fastify";
import type { AuthDeps } from "../auth/context.ts";
import { ApiError } from "../errors.ts";
import { sessionOf } from "../http/context.ts";
import { jsonObjectBody } from "../http/request.ts";
import { resultValue } from "../http/result.ts";
import { ErrorResponse } from "../http/schemas/auth.ts";
import type { App } from "../http/types.ts";
import { hasRole, transitionResource } from "../resources/engine.ts";
import {
  bankAccounts,
  VerifyBankAccountBody,
  VerifyBankAccountResponse,
  verifyChange,
} from "../resources/funding/banks.ts";
import { checkBody, errorsOf } from "../resources/validate.ts";

const invalid = (name: string) => new ApiError({ key: "INVALID_VALUE", params: { paramName0: name } });

export function registerBankAccountRoutes(app: App, deps: AuthDeps): void {
  const options = {
    schema: { response: { 200: VerifyBankAccountResponse, "4xx": ErrorResponse } },
    config: { auth: "session" as const },
  };
  app.post(`/connect/v3/${bankAccounts.name}/:id/verify`, options, async (request: FastifyRequest) => {
    const session = sessionOf(request);
    const scope = { organizationId: session.organizationId, userId: session.userId };
    if (!(await hasRole(deps, scope, bankAccounts.writers))) throw new ApiError("INSUFFICIENT_PERMISSIONS");
    const checked = checkBody(VerifyBankAccountBody, jsonObjectBody(request));
    const errors = errorsOf(checked);
    if (errors.length > 0) throw new ApiError(errors);
    const amount = checked.value.depositAmount as number;
    // Dollars and cents: 0.5 and 0.50 are one amount; 0.505 is no amount a bank deposits.
    const cents = Math.round(amount * 100);
    if (Math.abs(amount * 100 - cents) > 1e-6) throw invalid("depositAmount");
    const { id } = request.params as { id: string };
    const view = resultValue(
      await transitionResource(deps, scope, bankAccounts, id, (record) => verifyChange(record.data, cents)),
    );
    return { verified: view.status === "VERIFIED" };
  });
}
