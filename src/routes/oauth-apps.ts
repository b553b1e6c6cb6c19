/**
 * `/connect/v3/oauth/apps` (ours: BILL makes its developer apps in its web app and documents no
 * API for them; docs/bill-sign-in-modes.md section 4): an administrator makes an app (its client
 * secret shown once), lists them (never a secret) and revokes one (its tokens end at once). A
 * full-access app needs an MFA-trusted session, as BILL's Full access "requires MFA".
 */
import type { FastifyRequest } from "fastify";
import type { AuthDeps } from "../auth/context.ts";
import { isTrusted } from "../auth/mfa/mfa.ts";
import { createOAuthApp, listOAuthApps, type OAuthAppView, revokeOAuthApp } from "../auth/oauth/apps.ts";
import { formatTimestamp } from "../clock.ts";
import { ApiError } from "../errors.ts";
import { sessionOf } from "../http/context.ts";
import { type ListSpec, listAnswer, readListQuery } from "../http/list-query.ts";
import { AUTHENTICATED_ERRORS, errorResponses } from "../http/openapi.ts";
import { jsonObjectBody } from "../http/request.ts";
import { resultValue } from "../http/result.ts";
import {
  CreatedOAuthAppSchema,
  CreateOAuthAppBody,
  OAuthAppSchema,
  RevokedOAuthAppSchema,
} from "../http/schemas/oauth.ts";
import { ListOf } from "../http/schemas/provisioning.ts";
import { organizationScope } from "../http/scopes.ts";
import type { App } from "../http/types.ts";
import { validateFields } from "../http/validate.ts";
import { pageList } from "../resources/list.ts";

export const OAUTH_APPS_PATH = "/connect/v3/oauth/apps";

/** What the apps list takes (ours). */
const OAUTH_APPS_LIST: ListSpec = {
  name: "oauth-apps",
  fields: { id: "string", name: "string", scope: "string", createdTime: "datetime" },
  filters: { scope: { ops: ["eq"], values: ["full", "accounting"] }, name: { ops: ["eq", "sw"] } },
  sorts: ["name", "createdTime"],
  defaultSort: [{ field: "createdTime", desc: false }],
};

export const oauthAppObject = (app: OAuthAppView) => ({
  id: app.id,
  clientId: app.id,
  name: app.name,
  scope: app.scope,
  organizationId: app.organizationId,
  userId: app.userId,
  createdTime: formatTimestamp(app.createdAt),
});

const errors = (extra: Record<number, Parameters<typeof errorResponses>[0][number]>) =>
  errorResponses({ ...AUTHENTICATED_ERRORS, ...extra });

export function registerOAuthAppRoutes(app: App, deps: AuthDeps): void {
  const scopes = organizationScope(deps);
  // (ours) a partner's login-as-user cannot leave credentials of its own behind.
  const config = { auth: "session" as const, refuseImpersonation: true };
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

  app.post(
    OAUTH_APPS_PATH,
    {
      schema: {
        summary: "Make an OAuth client-credentials app (ours); its client secret is shown once",
        body: CreateOAuthAppBody,
        response: {
          200: CreatedOAuthAppSchema,
          ...errors({
            400: ["MISSING_PARAMETER", "INVALID_VALUE", "INVALID_JSON"],
            403: ["INSUFFICIENT_PERMISSIONS", "UNTRUSTED_SESSION"],
          }),
        },
      },
      config,
    },
    async (request) => {
      const { scope } = await scopes.resolve(request, "write");
      const input = validateFields(CreateOAuthAppBody, jsonObjectBody(request));
      // BILL: Full access "requires MFA": only from an MFA-trusted session.
      if (input.scope === "full" && !isTrusted(sessionOf(request))) throw new ApiError("UNTRUSTED_SESSION");
      const created = resultValue(
        await createOAuthApp(deps, {
          organizationId: scope.organizationId,
          userId: sessionOf(request).userId,
          name: input.name,
          scope: input.scope,
        }),
      );
      return { ...oauthAppObject(created.app), clientSecret: created.clientSecret };
    },
  );

  app.get(
    OAUTH_APPS_PATH,
    {
      schema: {
        summary: "List the organization's OAuth apps (ours), never a secret",
        response: { 200: ListOf(OAuthAppSchema), ...errors({ 400: ["MISSING_PARAMETER", "INVALID_VALUE"] }) },
      },
      config,
    },
    async (request) => {
      const { scope } = await scopes.resolve(request, "read");
      const { list, query } = readListQuery(request, OAUTH_APPS_LIST);
      const apps = (await listOAuthApps(deps, scope.organizationId)).map(oauthAppObject);
      return listAnswer(list, pageList(apps, query, OAUTH_APPS_LIST));
    },
  );

  app.delete(
    `${OAUTH_APPS_PATH}/:id`,
    {
      schema: {
        summary: "Revoke an OAuth app (ours): its access tokens end at once",
        response: {
          200: RevokedOAuthAppSchema,
          ...errors({ 403: ["INSUFFICIENT_PERMISSIONS"], 404: ["NOT_FOUND"] }),
        },
      },
      config,
    },
    async (request) => {
      const { scope } = await scopes.resolve(request, "write");
      const revoked = resultValue(await revokeOAuthApp(deps, idOf(request), scope.organizationId));
      return {
        ...oauthAppObject(revoked.app),
        revokedTime: formatTimestamp(revoked.app.revokedAt ?? deps.clock.now()),
        tokensEnded: revoked.tokensEnded,
      };
    },
  );
}
