import type { FastifyRequest } from "fastify";
import type { App } from "../app.ts";
import type { AuthDeps } from "../auth/deps.ts";
import { mfaStatusOf } from "../auth/mfa.ts";
import { authenticate, logout } from "../auth/sessions.ts";
import { ApiError } from "../errors.ts";
import type { SessionRecord } from "../stores/types.ts";
import { requiredHeaders } from "./http.ts";
import { EmptyObject, ErrorResponse, SessionDetails } from "./schemas.ts";

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
  if (!result.ok) throw new ApiError(result.errors);
  authenticated.set(request, result.value);
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
        mfaStatus: await mfaStatusOf(deps, session),
        mfaBypass: session.mfaBypass,
        trusted: session.trusted || session.mfaBypass,
      };
    },
  );

  app.post(
    "/connect/v3/logout",
    { schema: { response: { 200: EmptyObject, "4xx": ErrorResponse } } },
    async (request) => {
      const session = await requireSession(deps, request);
      await logout(deps, session, request.ip);
      return {};
    },
  );
}
