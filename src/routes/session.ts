import type { AuthDeps } from "../auth/context.ts";
import { sessionDetails } from "../auth/mfa/mfa.ts";
import { partnerLogout } from "../auth/sessions/partner-sessions.ts";
import { logout } from "../auth/sessions/sessions.ts";
import { sessionOf } from "../http/context.ts";
import { AUTHENTICATED_ERRORS, errorResponses, SessionHeaders } from "../http/openapi.ts";
import { EmptyObject, SessionDetails } from "../http/schemas/auth.ts";
import type { App } from "../http/types.ts";

export function registerSessionRoutes(app: App, deps: AuthDeps): void {
  app.get(
    "/connect/v3/login/session",
    {
      schema: {
        summary: "The current session: organization, user, MFA status",
        headers: SessionHeaders,
        response: { 200: SessionDetails, ...errorResponses(AUTHENTICATED_ERRORS) },
      },
      config: { auth: "session" },
    },
    // A value when it has one at once (Fastify sends it without a promise), else a promise.
    (request) => sessionDetails(deps, sessionOf(request)),
  );

  app.post(
    "/connect/v3/logout",
    {
      schema: {
        summary: "Log out: the session ends at once",
        headers: SessionHeaders,
        response: { 200: EmptyObject, ...errorResponses(AUTHENTICATED_ERRORS) },
      },
      // The same path ends partner sessions, called with `appKey` instead of `devKey` (spec 8).
      config: { auth: "session-or-partner" },
    },
    async (request) => {
      const partner = request.ctx.partnerSession;
      if (partner) await partnerLogout(deps, partner, request.ip);
      else await logout(deps, sessionOf(request), request.ip);
      return {};
    },
  );
}
