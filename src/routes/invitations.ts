/**
 * `POST /v3/invitations/accept` (billet's; BILL completes invitations in its web app): the
 * invited person sends the token from their invitation e-mail and chooses a password. The
 * token is the credential, so no session is needed; it is a 256-bit secret and works once.
 */
import type { App } from "../app.ts";
import type { AuthDeps } from "../auth/deps.ts";
import { acceptInvitation } from "../auth/invitations.ts";
import { ApiError } from "../errors.ts";
import { jsonObjectBody } from "./http.ts";
import { AcceptInvitationBody, AcceptInvitationResponse } from "./provisioning-schemas.ts";
import { ErrorResponse } from "./schemas.ts";
import { validateFields } from "./validate.ts";

export function registerInvitationRoutes(app: App, deps: AuthDeps): void {
  app.post(
    "/connect/v3/invitations/accept",
    { schema: { response: { 200: AcceptInvitationResponse, "4xx": ErrorResponse } } },
    async (request) => {
      const input = validateFields(AcceptInvitationBody, jsonObjectBody(request));
      const result = await acceptInvitation(deps, input.token, input.password);
      if (!result.ok) throw new ApiError(result.errors);
      return result.value;
    },
  );
}
