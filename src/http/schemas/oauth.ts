/**
 * Wire shapes of OAuth 2.0 client credentials (docs/bill-sign-in-modes.md section 4): the apps
 * under `/connect/v3/oauth/apps` (ours) and the token endpoint `POST /authx/token` (BILL's,
 * RFC 6749 sections 4.4, 5.1 and 5.2).
 */
import { type Static, Type } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { same } from "./same.ts";

export const OAuthScopeSchema = Type.Union([Type.Literal("full"), Type.Literal("accounting")], {
  description: "BILL's Full access (`full`) or Accounting data access (`accounting`); fixed at creation.",
});

export const CreateOAuthAppBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  scope: OAuthScopeSchema,
});

export const OAuthAppSchema = Type.Object({
  id: Type.String({ description: "The client id." }),
  clientId: Type.String(),
  name: Type.String(),
  scope: OAuthScopeSchema,
  organizationId: Type.String(),
  userId: Type.String({ description: "The administrator who made it: its tokens act as this user." }),
  createdTime: Type.String(),
});

export const CreatedOAuthAppSchema = Type.Object({
  ...OAuthAppSchema.properties,
  clientSecret: Type.String({ description: "Shown this once; only its hash is kept." }),
});

export const RevokedOAuthAppSchema = Type.Object({
  ...OAuthAppSchema.properties,
  revokedTime: Type.String(),
  tokensEnded: Type.Number(),
});

export const TokenRequestBody = Type.Object({
  grant_type: Type.Literal("client_credentials"),
  client_id: Type.Optional(Type.String({ description: "Or HTTP Basic client authentication." })),
  client_secret: Type.Optional(Type.String({ description: "Or HTTP Basic client authentication." })),
  scope: Type.Optional(Type.String({ description: "The app's own scope, when given." })),
});

export const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal("Bearer"),
  expires_in: Type.Number(),
  scope: Type.String(),
});

export const TokenErrorResponse = Type.Object({
  error: Type.Union(
    [
      "invalid_request",
      "invalid_client",
      "invalid_grant",
      "unauthorized_client",
      "unsupported_grant_type",
      "invalid_scope",
    ].map((code) => Type.Literal(code)),
  ),
  error_description: Type.Optional(Type.String()),
});

same<Static<typeof OAuthAppSchema>, Wire.OAuthApp>(true);
same<Static<typeof CreatedOAuthAppSchema>, Wire.CreatedOAuthApp>(true);
same<Static<typeof RevokedOAuthAppSchema>, Wire.RevokedOAuthApp>(true);
same<Static<typeof TokenResponse>, Wire.TokenResponse>(true);
