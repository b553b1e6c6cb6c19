import type { FastifyRequest } from "fastify";
import type { App } from "../app.ts";
import type { AuthDeps } from "../auth/deps.ts";
import { authenticate, logout } from "../auth/sessions.ts";
import { ApiError } from "../errors.ts";
import type { SessionRecord } from "../stores/types.ts";
import { requiredHeaders } from "./http.ts";
import { noteCaller, noteInFlight, noteRejected } from "./observe.ts";
import { AUTHENTICATED_ERRORS, errorResponses, SessionHeaders } from "./openapi.ts";
import { EmptyObject, SessionDetails } from "./schemas.ts";

/** The organization-level session of an authenticated call (`devKey` + `sessionId`). */
export async function requireSession(deps: AuthDeps, request: FastifyRequest): Promise<SessionRecord> {
  const headers = requiredHeaders(request, ["devKey", "sessionId"]);
  const result = await authenticate(deps, { ...headers, ip: request.ip });
  if (!result.ok) {
    noteRejected(request, result.reason);
    throw new ApiError(result.errors);
  }
  const session = result.value;
  noteInFlight(request, headers.devKey, session.organizationId);
  noteCaller(request, { kind: "call", devKey: headers.devKey, ...session });
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
        // MFA arrives with its own issue; until then no organization uses it.
        mfaStatus: "DISABLED" as const,
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
      const session = await requireSession(deps, request);
      await logout(deps, session, request.ip);
      return {};
    },
  );
}
