import type { FastifyRequest } from "fastify";
import type { App } from "../app.ts";
import type { AuthDeps } from "../auth/context.ts";
import { mfaStatusOf } from "../auth/mfa/mfa.ts";
import { partnerLogout } from "../auth/sessions/partner-sessions.ts";
import { authenticate, logout } from "../auth/sessions/sessions.ts";
import { ApiError } from "../errors.ts";
import { acquireRequestBudget } from "../http/budget.ts";
import { noteCaller, noteInFlight, noteRejected } from "../http/observe.ts";
import { AUTHENTICATED_ERRORS, errorResponses, SessionHeaders } from "../http/openapi.ts";
import { isPartnerCall, requirePartnerSession } from "../http/partner-session.ts";
import { requiredHeaders } from "../http/request.ts";
import { resultValue } from "../http/result.ts";
import { EmptyObject, SessionDetails } from "../http/schemas/auth.ts";
import type { SessionRecord } from "../stores/types.ts";

/** Sessions already authenticated for a request (by a guard), so that the handler does not repeat it. */
const authenticated = new WeakMap<FastifyRequest, SessionRecord>();

/**
 * The organization-level session of an authenticated call (`devKey` + `sessionId`). Checked
 * once per request: a preHandler (the MFA guard) and the handler both get the same record.
 */
export async function requireSession(deps: AuthDeps, request: FastifyRequest): Promise<SessionRecord> {
  const known = authenticated.get(request);
  if (known) return known;
  const headers = requiredHeaders(request, ["devKey", "sessionId"]);
  const result = await authenticate(deps, { ...headers, ip: request.ip });
  if (!result.ok) {
    noteRejected(request, result.reason);
    throw new ApiError(result.errors);
  }
  // Spec section 6: an authenticated call counts toward its devKey's hourly budget and holds
  // one of the in-flight slots of (devKey, organization) until it ends. Only now, after the
  // idle timer has been reset: an unknown or invalid session spends nobody's budget.
  const session = result.value;
  // The session check has just compared the devKey's hash with this one: no need to hash it again.
  noteInFlight(request, headers.devKey, session.organizationId, session.devKeyHash);
  noteCaller(request, { kind: "call", devKey: headers.devKey, ...session });
  const budget = await acquireRequestBudget(deps, request, {
    devKeyId: session.devKeyId,
    organizationId: session.organizationId,
  });
  resultValue(budget);
  authenticated.set(request, session);
  return session;
}

export function registerSessionRoutes(app: App, deps: AuthDeps): void {
  app.get(
    "/connect/v3/login/session",
    {
      schema: {
        summary: "The current session: organization, user, MFA status",
        headers: SessionHeaders,
        response: { 200: SessionDetails, ...errorResponses(AUTHENTICATED_ERRORS) },
      },
    },
    async (request) => {
      const session = await requireSession(deps, request);
      return {
        organizationId: session.organizationId,
        userId: session.userId,
        mfaStatus: await mfaStatusOf(deps, session),
        mfaBypass: session.mfaBypass,
        trusted: session.trusted || session.mfaBypass,
      };
    },
  );

  app.post(
    "/connect/v3/logout",
    {
      schema: {
        summary: "Log out: the session ends at once",
        headers: SessionHeaders,
        response: { 200: EmptyObject, ...errorResponses(AUTHENTICATED_ERRORS) },
      },
    },
    async (request) => {
      // The same path ends partner sessions, called with `appKey` instead of `devKey` (spec 8).
      if (isPartnerCall(request)) {
        await partnerLogout(deps, await requirePartnerSession(deps, request), request.ip);
        return {};
      }
      const session = await requireSession(deps, request);
      await logout(deps, session, request.ip);
      return {};
    },
  );
}
