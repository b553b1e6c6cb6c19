/**
 * The two tokens that reach a person by e-mail (billet's; BILL completes both in its web app):
 * `POST /v3/invitations/accept` (join an organization, or choose a first password) and
 * `POST /v3/email-changes/confirm` (make a new address the login). The token is the
 * credential, so no session is needed; it is a 256-bit secret and works once. A person who
 * already has a password presents it too (spec 5.1).
 */

import { confirmEmailChange } from "../auth/accounts/email-changes.ts";
import { acceptInvitation } from "../auth/accounts/invitations.ts";
import type { AuthDeps } from "../auth/context.ts";
import { jsonObjectBody } from "../http/request.ts";
import { resultValue } from "../http/result.ts";
import { ErrorResponse } from "../http/schemas/auth.ts";
import {
  AcceptInvitationBody,
  AcceptInvitationResponse,
  ConfirmEmailChangeBody,
  ConfirmEmailChangeResponse,
} from "../http/schemas/provisioning.ts";
import type { App } from "../http/types.ts";
import { validateFields } from "../http/validate.ts";

export function registerInvitationRoutes(app: App, deps: AuthDeps): void {
  app.post(
    "/connect/v3/invitations/accept",
    { schema: { response: { 200: AcceptInvitationResponse, "4xx": ErrorResponse } } },
    async (request) => {
      const input = validateFields(AcceptInvitationBody, jsonObjectBody(request));
      return resultValue(await acceptInvitation(deps, input.token, input.password, { ip: request.ip }));
    },
  );

  app.post(
    "/connect/v3/email-changes/confirm",
    { schema: { response: { 200: ConfirmEmailChangeResponse, "4xx": ErrorResponse } } },
    async (request) => {
      const input = validateFields(ConfirmEmailChangeBody, jsonObjectBody(request));
      return resultValue(await confirmEmailChange(deps, input.token, input.password, { ip: request.ip }));
    },
  );
}
