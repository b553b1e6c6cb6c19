import type { FastifyRequest } from "fastify";
import type { App } from "../app.ts";
import type { AuthDeps } from "../auth/deps.ts";
import { partnerLogout } from "../auth/partner-sessions.ts";
import { authenticate, logout } from "../auth/sessions.ts";
import { ApiError } from "../errors.ts";
import type { SessionRecord } from "../stores/types.ts";
import { requiredHeaders } from "./http.ts";
import { isPartnerCall, requirePartnerSession } from "./partner-session.ts";
import { EmptyObject, ErrorResponse, SessionDetails } from "./schemas.ts";

/** The organization-level session of an authenticated call (`devKey` + `sessionId`). */
export async function requireSession(deps: AuthDeps, request: FastifyRequest): Promise<SessionRecord> {
  const headers = requiredHeaders(request, ["devKey", "sessionId"]);
  const result = await authenticate(deps, { ...headers, ip: request.ip });
  if (!result.ok) throw new ApiError(result.errors);
  return result.value;
}

export function registerSessionRoutes(app: App, deps: AuthDeps): void {
  app.get(
    "/connect/v3/login/session",
    { schema: { response: { 200: SessionDetails, "4xx": ErrorResponse } } },
    async (request) => {
      const session = await requireSession(deps, request);
      return {
        organizationId: session.organizationId,
        userId: session.userId,
        // MFA arrives with its own issue; until then no organization uses it.
        mfaStatus: "DISABLED" as const,
        mfaBypass: session.mfaBypass,
        trusted: session.trusted || session.mfaBypass,
      };
    },
  );

  app.post(
    "/connect/v3/logout",
    { schema: { response: { 200: EmptyObject, "4xx": ErrorResponse } } },
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
