/**
 * Which credentials each documented operation needs, from what the route declares to the
 * pipeline (`config.auth`, http/context.ts) and what an OAuth token may call
 * (http/oauth-scope.ts): the same facts the server checks, so the document cannot drift.
 */
import type { RouteAuth } from "../context.ts";
import { oauthScopeRule } from "../oauth-scope.ts";

export type SecurityRequirement = Record<string, string[]>;

/** BILL's OAuth scopes (billet's spellings). */
export const OAUTH_SCOPES_DOC = {
  full: "Full access: every operation the app's creator may do (payments included)",
  accounting: "Accounting data access: reads only, and sign out",
};

/** The public document's schemes: BILL's headers, OAuth, and the token endpoint's client. */
export const PUBLIC_SECURITY_SCHEMES = {
  // BILL's organization-level headers (spec section 4).
  devKey: {
    type: "apiKey",
    in: "header",
    name: "devKey",
    description: "The developer key the session was made with (with sessionId).",
  },
  sessionId: {
    type: "apiKey",
    in: "header",
    name: "sessionId",
    description: "The session, from POST /v3/login (or /v3/partner/login, with appKey).",
  },
  // Partner level (spec section 8): instead of devKey.
  appKey: {
    type: "apiKey",
    in: "header",
    name: "appKey",
    description: "The partner's application key (with sessionId from POST /v3/partner/login).",
  },
  // OAuth 2.0 client credentials (docs/bill-sign-in-modes.md section 4): instead of both.
  bearer: {
    type: "http",
    scheme: "bearer",
    description: "An access token from POST /authx/token, instead of devKey and sessionId.",
  },
  oauth2: {
    type: "oauth2",
    description: "The same access token, obtained here with an OAuth app's client id and secret.",
    flows: { clientCredentials: { tokenUrl: "/authx/token", scopes: OAUTH_SCOPES_DOC } },
  },
  clientBasic: {
    type: "http",
    scheme: "basic",
    description: "Client authentication at the token endpoint (RFC 6749 section 2.3.1).",
  },
} as const;

/** The operator document's one scheme. */
export const OPERATOR_SECURITY_SCHEMES = {
  operatorToken: {
    type: "http",
    scheme: "bearer",
    description:
      "The operator token (BILLET_OPERATOR_TOKEN, or the one a sandbox prints at its first start), " +
      "as Authorization: Bearer.",
  },
} as const;

const SESSION: SecurityRequirement = { devKey: [], sessionId: [] };
const PARTNER: SecurityRequirement = { appKey: [], sessionId: [] };

/** The OAuth alternatives of a route: none when no token may call it. */
function oauthAlternatives(method: string, url: string): SecurityRequirement[] {
  const route = { method, url };
  const scopes = (["full", "accounting"] as const).filter((scope) => !oauthScopeRule(route, scope));
  if (scopes.length === 0) return [];
  return [{ bearer: [] }, ...scopes.map((scope) => ({ oauth2: [scope] }))];
}

/**
 * The alternatives an operation accepts (OpenAPI: any one of them). A login takes its devKey
 * in the body and a v2 call its credentials as form fields: nothing at the HTTP level.
 */
export function publicSecurity(
  method: string,
  url: string,
  auth: RouteAuth | undefined,
): SecurityRequirement[] {
  switch (auth) {
    case "session":
      return [SESSION, ...oauthAlternatives(method, url)];
    case "session-or-partner":
      return [SESSION, PARTNER, ...oauthAlternatives(method, url)];
    case "partner":
      return [PARTNER];
    default:
      return [];
  }
}
