import type { FastifyReply, FastifyRequest } from "fastify";
import type { AuthDeps } from "../auth/context.ts";
import { type LoginInput, type LoginOutput, login } from "../auth/sessions/login.ts";
import { ApiError } from "../errors.ts";
import { spendBudget } from "../http/budget.ts";
import { noteCaller, noteInFlight } from "../http/observe.ts";
import { errorResponses } from "../http/openapi.ts";
import { jsonObjectBody } from "../http/request.ts";
import { resultValue } from "../http/result.ts";
import {
  AnyLoginBody,
  ConsoleLoginBody,
  LOGIN_V2_NAMES,
  LoginBody,
  LoginResponse,
} from "../http/schemas/auth.ts";
import type { App } from "../http/types.ts";
import { validateFields } from "../http/validate.ts";

export function registerLoginRoutes(app: App, deps: AuthDeps): void {
  app.post(
    "/connect/v3/login",
    {
      schema: {
        summary: "Log in: a new session for a user of an organization, bound to a developer key",
        body: AnyLoginBody,
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
      const input = readLoginBody(jsonObjectBody(request));
      const { sessionId, organizationId, userId, trusted } = await loginAtEdge(deps, request, reply, input);
      return { sessionId, organizationId, userId, trusted };
    },
  );
}

/**
 * A login body checked the v3 way (spec 3.3, step 2), whichever API it came through: v2's
 * `Login.json` renames its fields and calls this too (src/routes/v2/session.ts).
 */
export function readLoginBody(body: Record<string, unknown>): LoginInput {
  // Exactly one of `password` and `consoleApiToken` (docs/bill-sign-in-modes.md section 5).
  // Neither: the password is missing (BDC_1108, in BILL's order); both: (ours) BDC_9001.
  const given = (name: string) => body[name] !== undefined && body[name] !== null && body[name] !== "";
  if (given("consoleApiToken")) {
    if (given("password")) {
      throw new ApiError({ key: "INVALID_VALUE", params: { paramName0: "consoleApiToken" } });
    }
    return validateFields(ConsoleLoginBody, body, { v2Names: LOGIN_V2_NAMES });
  }
  const input = validateFields(LoginBody, body, { v2Names: LOGIN_V2_NAMES });
  // (ours) a device name is meaningless without the rememberMeId it was given with.
  if (input.rememberMeId !== undefined && input.device === undefined) {
    throw new ApiError({ key: "MISSING_PARAMETER", params: { paramName0: "device" } });
  }
  return input;
}

/**
 * The login of a checked body at the HTTP edge, for v3 and v2 alike: the request counts as in
 * flight for its (devKey, organization), the login spends the budgets at its step 5 and holds
 * the in-flight slot, and the operator plane learns the caller.
 */
export async function loginAtEdge(
  deps: AuthDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  input: LoginInput,
  via?: "v2",
): Promise<LoginOutput> {
  noteInFlight(request, input.devKey, input.organizationId);
  const result = await login(
    deps,
    { ...input, ip: request.ip, ...(via ? { via } : {}) },
    // Step 5 of the login: the budget, spent by the login itself, in its order of checks.
    { spendBudgets: (scope) => spendBudget(deps, request, reply, { ...scope, login: true }) },
  );
  const output = resultValue(result);
  const { organizationId, userId, devKeyId } = output;
  noteCaller(request, {
    kind: "login",
    devKey: input.devKey,
    devKeyId,
    organizationId,
    userId,
    ...(via ? { via } : {}),
  });
  return output;
}
