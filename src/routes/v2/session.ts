/**
 * v2's session calls (docs/bill-sign-in-modes.md sections 2.2–2.3): `Login.json`, `Logout.json`
 * and `GetSessionInfo.json`. The login is v3's (the same checks, lockout, budgets, in-flight
 * slot and audit, `reason: "v2"`), so a session from either API works on both.
 */
import type { FastifyRequest } from "fastify";
import type { AuthDeps } from "../../auth/context.ts";
import { logout } from "../../auth/sessions/sessions.ts";
import { ApiError, type ErrorItem } from "../../errors.ts";
import { sessionOf } from "../../http/context.ts";
import { EmptyObject } from "../../http/schemas/auth.ts";
import {
  formBody,
  V2Envelope,
  V2LoginData,
  V2LoginForm,
  V2SessionForm,
  V2SessionInfoData,
} from "../../http/schemas/v2.ts";
import type { App } from "../../http/types.ts";
import { v2Form } from "../../http/v2-auth.ts";
import { v2Success } from "../../v2/envelope.ts";
import { loginAtEdge, readLoginBody } from "../login.ts";

/** v2's names of the login fields that v3 names otherwise (BILL's Login.json). */
export const V2_LOGIN_FIELDS: Readonly<Record<string, string>> = Object.freeze({
  userName: "username",
  orgId: "organizationId",
  mfaId: "rememberMeId",
  deviceId: "device",
});
const V3_TO_V2 = Object.fromEntries(Object.entries(V2_LOGIN_FIELDS).map(([v2, v3]) => [v3, v2]));

/**
 * A v2 login form as a v3 login body: v2's names renamed; the v3 spellings of those fields are
 * not v2's and are dropped; every other field (`password`, `devKey`, and whatever the v3 login
 * comes to take) passes as it is.
 */
function v3LoginBody(form: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(form)) {
    if (Object.hasOwn(V3_TO_V2, name)) continue;
    body[Object.hasOwn(V2_LOGIN_FIELDS, name) ? (V2_LOGIN_FIELDS[name] as string) : name] = value;
  }
  return body;
}

/** The v3 check's errors, naming v2's fields (`userName`, not `username`). */
function inV2Names(error: ApiError): ApiError {
  const items: ErrorItem[] = error.items.map((item) => {
    const name = item.params?.paramName0;
    return name !== undefined && Object.hasOwn(V3_TO_V2, name)
      ? { ...item, params: { ...item.params, paramName0: V3_TO_V2[name] as string } }
      : item;
  });
  return new ApiError(
    items,
    error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds },
  );
}

/**
 * (ours) billet's own v2 base, as this client reached it: the scheme and host Fastify reports,
 * which follow `X-Forwarded-Proto` and `X-Forwarded-Host` only from proxies BILLET_TRUST_PROXY
 * trusts (src/http/trust-proxy.ts).
 */
const apiEndPointOf = (request: FastifyRequest) => `${request.protocol}://${request.host}/api/v2`;

export function registerV2SessionRoutes(v2: App, deps: AuthDeps): void {
  v2.post(
    "/Login.json",
    {
      schema: {
        summary: "v2 login: a new session, the same as POST /v3/login's",
        ...formBody(V2LoginForm),
        response: { 200: V2Envelope(V2LoginData) },
      },
      // No session yet, so never MFA-protected.
      config: { mfaProtected: false },
    },
    async (request, reply) => {
      let input: ReturnType<typeof readLoginBody>;
      try {
        input = readLoginBody(v3LoginBody(v2Form(request)));
      } catch (error) {
        throw error instanceof ApiError ? inV2Names(error) : error;
      }
      const { sessionId, organizationId, userId } = await loginAtEdge(deps, request, reply, input, "v2");
      return v2Success({
        sessionId,
        orgId: organizationId,
        apiEndPoint: apiEndPointOf(request),
        usersId: userId,
      });
    },
  );

  v2.post(
    "/Logout.json",
    {
      schema: {
        summary: "v2 logout: the session ends at once, on v2 and v3",
        ...formBody(V2SessionForm),
        response: { 200: V2Envelope(EmptyObject) },
      },
      config: { auth: "v2-session" },
    },
    async (request) => {
      await logout(deps, sessionOf(request), request.ip);
      return v2Success({});
    },
  );

  v2.post(
    "/GetSessionInfo.json",
    {
      schema: {
        summary: "v2 session details: the signed-in organization and user",
        ...formBody(V2SessionForm),
        response: { 200: V2Envelope(V2SessionInfoData) },
      },
      config: { auth: "v2-session" },
    },
    async (request) => {
      const { organizationId, userId } = sessionOf(request);
      return v2Success({ organizationId, userId });
    },
  );
}
