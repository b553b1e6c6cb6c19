import type { AuthDeps } from "../auth/context.ts";
import { login } from "../auth/sessions/login.ts";
import { ApiError } from "../errors.ts";
import { spendBudget } from "../http/budget.ts";
import { noteCaller, noteInFlight } from "../http/observe.ts";
import { errorResponses } from "../http/openapi.ts";
import { jsonObjectBody } from "../http/request.ts";
import { resultValue } from "../http/result.ts";
import { LOGIN_V2_NAMES, LoginBody, LoginResponse } from "../http/schemas/auth.ts";
import type { App } from "../http/types.ts";
import { validateFields } from "../http/validate.ts";

export function registerLoginRoutes(app: App, deps: AuthDeps): void {
  app.post(
    "/connect/v3/login",
    {
      schema: {
        summary: "Log in: a new session for a user of an organization, bound to a developer key",
        body: LoginBody,
        response: {
          200: LoginResponse,
          ...errorResponses({
            400: ["MISSING_PARAMETER", "INVALID_VALUE", "INVALID_JSON", "INVALID_ORGANIZATION_ID"],
            401: [
              "DEVKEY_INVALID",
              "DEVKEY_INACTIVE",
              "LOGIN_LOCKED",
              "INVALID_CREDENTIALS",
              "NO_ACTIVE_USER",
              "REMEMBER_ME_INVALID",
            ],
            403: ["ORGANIZATION_LOCKED"],
            405: ["METHOD_NOT_ALLOWED"],
            413: ["BODY_TOO_LARGE"],
            415: ["UNSUPPORTED_CONTENT_TYPE"],
            422: ["REQUEST_BUDGET_EXCEEDED", "CONCURRENCY_LIMIT"],
            500: ["SYSTEM_ERROR"],
          }),
        },
      },
      // No session yet, so never MFA-protected.
      config: { mfaProtected: false },
    },
    async (request, reply) => {
      const input = validateFields(LoginBody, jsonObjectBody(request), { v2Names: LOGIN_V2_NAMES });
      // (ours) a device name is meaningless without the rememberMeId it was given with.
      if (input.rememberMeId !== undefined && input.device === undefined) {
        throw new ApiError({ key: "MISSING_PARAMETER", params: { paramName0: "device" } });
      }
      noteInFlight(request, input.devKey, input.organizationId);
      const result = await login(
        deps,
        { ...input, ip: request.ip },
        // Step 5 of the login: the budget, spent by the login itself, in its order of checks.
        { spendBudgets: (scope) => spendBudget(deps, request, reply, { ...scope, login: true }) },
      );
      const { sessionId, organizationId, userId, trusted, devKeyId } = resultValue(result);
      noteCaller(request, { kind: "login", devKey: input.devKey, devKeyId, organizationId, userId });
      return { sessionId, organizationId, userId, trusted };
    },
  );
}
