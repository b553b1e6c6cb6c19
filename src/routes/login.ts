import type { App } from "../app.ts";
import type { AuthDeps } from "../auth/deps.ts";
import { login } from "../auth/login.ts";
import { ApiError } from "../errors.ts";
import { jsonObjectBody, resultError } from "./http.ts";
import { acquireRequestBudget } from "./request-budget.ts";
import { ErrorResponse, LOGIN_V2_NAMES, LoginBody, LoginResponse } from "./schemas.ts";
import { validateFields } from "./validate.ts";

export function registerLoginRoutes(app: App, deps: AuthDeps): void {
  app.post(
    "/connect/v3/login",
    // No session yet, so never MFA-protected.
    { schema: { response: { 200: LoginResponse, "4xx": ErrorResponse } }, config: { mfaProtected: false } },
    async (request) => {
      const input = validateFields(LoginBody, jsonObjectBody(request), { v2Names: LOGIN_V2_NAMES });
      // (ours) a device name is meaningless without the rememberMeId it was given with.
      if (input.rememberMeId !== undefined && input.device === undefined) {
        throw new ApiError({ key: "MISSING_PARAMETER", params: { paramName0: "device" } });
      }
      const result = await login(
        deps,
        { ...input, ip: request.ip },
        { spendBudgets: (scope) => acquireRequestBudget(deps, request, { ...scope, login: true }) },
      );
      if (!result.ok) throw resultError(result);
      return result.value;
    },
  );
}
