/**
 * The operator API's OAuth apps (`/operator/v1/oauth-apps`; docs/bill-sign-in-modes.md section
 * 4): their answer schemas, proven the same shapes as the client's wire types, and the views
 * the routes and the CLI print. Never a secret but the one answer of a create.
 */
import { type Static, Type } from "typebox";
import type * as Wire from "../../client/src/operator-types.ts";
import type { OAuthAppView } from "../auth/oauth/apps.ts";
import { formatTimestamp } from "../clock.ts";
import { same } from "../http/schemas/same.ts";

const Scope = Type.Union([Type.Literal("full"), Type.Literal("accounting")]);

export const OperatorOAuthApp = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  organizationId: Type.String(),
  userId: Type.String(),
  name: Type.String(),
  scope: Scope,
  createdTime: Type.String(),
  revokedTime: Type.Union([Type.String(), Type.Null()]),
});

export const OperatorCreatedOAuthApp = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  clientSecret: Type.String(),
  organizationId: Type.String(),
  userId: Type.String(),
  name: Type.String(),
  scope: Scope,
  createdTime: Type.String(),
});

export const OperatorRevokedOAuthApp = Type.Object({
  id: Type.String(),
  revoked: Type.Literal(true),
  tokensEnded: Type.Number(),
});

same<Static<typeof OperatorOAuthApp>, Wire.OperatorOAuthApp>(true);
same<Static<typeof OperatorCreatedOAuthApp>, Wire.OperatorCreatedOAuthApp>(true);
same<Static<typeof OperatorRevokedOAuthApp>, Wire.OperatorRevokedOAuthApp>(true);

export const oauthAppView = (app: OAuthAppView): Static<typeof OperatorOAuthApp> => ({
  id: app.id,
  clientId: app.id,
  organizationId: app.organizationId,
  userId: app.userId,
  name: app.name,
  scope: app.scope,
  createdTime: formatTimestamp(app.createdAt),
  revokedTime: app.revokedAt === null ? null : formatTimestamp(app.revokedAt),
});

/** The one time a client secret is shown. */
export const createdOAuthAppView = (created: {
  app: OAuthAppView;
  clientSecret: string;
}): Static<typeof OperatorCreatedOAuthApp> => ({
  id: created.app.id,
  clientId: created.app.id,
  clientSecret: created.clientSecret,
  organizationId: created.app.organizationId,
  userId: created.app.userId,
  name: created.app.name,
  scope: created.app.scope,
  createdTime: formatTimestamp(created.app.createdAt),
});

export const revokedOAuthAppView = (revoked: {
  app: OAuthAppView;
  tokensEnded: number;
}): Static<typeof OperatorRevokedOAuthApp> => ({
  id: revoked.app.id,
  revoked: true,
  tokensEnded: revoked.tokensEnded,
});
