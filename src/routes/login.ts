import type { App } from "../app.ts";
import type { AuthDeps } from "../auth/deps.ts";
import { login } from "../auth/login.ts";
import { ApiError } from "../errors.ts";
import { jsonObjectBody } from "./http.ts";
import { noteCaller, noteInFlight } from "./observe.ts";
import { ErrorResponse, LOGIN_V2_NAMES, LoginBody, LoginResponse } from "./schemas.ts";
import { validateFields } from "./validate.ts";

export function registerLoginRoutes(app: App, deps: AuthDeps): void {
  app.post(
    "/connect/v3/login",
    { schema: { response: { 200: LoginResponse, "4xx": ErrorResponse } } },
    async (request) => {
      const input = validateFields(LoginBody, jsonObjectBody(request), { v2Names: LOGIN_V2_NAMES });
      // (ours) a device name is meaningless without the rememberMeId it was given with.
      if (input.rememberMeId !== undefined && input.device === undefined) {
        throw new ApiError({ key: "MISSING_PARAMETER", params: { paramName0: "device" } });
      }
      noteInFlight(request, input.devKey, input.organizationId);
      const result = await login(deps, { ...input, ip: request.ip });
      if (!result.ok) throw new ApiError(result.errors);
      const { sessionId, organizationId, userId, trusted, devKeyId } = result.value;
      noteCaller(request, { kind: "login", devKey: input.devKey, devKeyId, organizationId, userId });
      return { sessionId, organizationId, userId, trusted };
    },
  );
}
