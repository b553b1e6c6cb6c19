/**
 * OAuth 2.0 client credentials (RFC 6749 section 4.4; docs/bill-sign-in-modes.md section 4):
 * an app's client id and secret buy an access token, which is a session of mode `oauth` in the
 * one session store (stored as its hash), acting as the app's creator within the app's scope,
 * with a fixed end `oauthTokenSeconds` after issue. A token is sent as `Authorization: Bearer`.
 */

import type { OAuthApp } from "../../stores/types/oauth-apps.ts";
import type { SessionRecord } from "../../stores/types/sessions.ts";
import { type AuthDeps, fail, type Result } from "../context.ts";
import { digestsEqual, hashSecret, isId } from "../crypto/ids.ts";
import { createSession, liveSession } from "../sessions/sessions.ts";

/** RFC 6749 section 5.2's error codes this endpoint answers. */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope";

/** A refusal of the token endpoint: RFC 6749 section 5.2's error, with its HTTP status. */
export interface OAuthRefusal {
  ok: false;
  error: OAuthErrorCode;
  description: string;
  status: number;
  retryAfterSeconds?: number;
}

export type OAuthOutcome<T> = { ok: true; value: T } | OAuthRefusal;

export const refusal = (
  error: OAuthErrorCode,
  description: string,
  status = error === "invalid_client" ? 401 : 400,
): OAuthRefusal => ({ ok: false, error, description, status });

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  scope: string;
  app: OAuthApp;
  sessionRef: string;
}

/** A SHA-256 that no secret has, compared against when the client id names no app. */
const NO_SECRET = "0".repeat(64);

/**
 * Issues an access token for an app's client credentials. The order: the client (unknown id,
 * wrong secret, revoked app: one `invalid_client`, alike in time), the requested scope, what
 * the creator may still do (organization locked, membership gone: `unauthorized_client`), then
 * the hidden developer key's budgets (as a login: hourly requests and logins, in-flight slot).
 */
export async function issueAccessToken(
  deps: AuthDeps,
  input: { clientId: string; clientSecret: string; scope?: string; ip?: string },
  spendBudgets?: (scope: { devKeyId: string; organizationId: string }) => Promise<Result<void>>,
): Promise<OAuthOutcome<IssuedToken>> {
  const app = isId("oauthApp", input.clientId)
    ? await deps.stores.oauthApps.findById(input.clientId)
    : undefined;
  const secretMatches = digestsEqual(app?.secretHash ?? NO_SECRET, hashSecret(input.clientSecret));
  if (!app || !secretMatches || app.revokedAt !== null) {
    deps.audit({
      event: "login.failure",
      reason: app ? (secretMatches ? "oauth revoked-app" : "oauth wrong-secret") : "oauth unknown-client",
      mode: "oauth",
      ...(app ? { organizationId: app.organizationId, devKeyId: app.devKeyId } : {}),
      ip: input.ip,
    });
    return refusal("invalid_client", "Client authentication failed.");
  }
  // RFC 6749 section 3.3: space-separated; each must be the app's own (fixed at creation).
  if (input.scope !== undefined) {
    const asked = input.scope.split(" ");
    if (asked.some((scope) => scope !== app.scope)) {
      return refusal("invalid_scope", `This client's scope is ${app.scope}.`);
    }
  }
  const [organization, member] = await Promise.all([
    deps.stores.organizations.findById(app.organizationId),
    deps.stores.memberships.findMember(app.organizationId, app.userId),
  ]);
  if (!organization || organization.locked || !member || member.archived || member.pending) {
    deps.audit({
      event: "login.failure",
      reason: organization?.locked ? "oauth organization-locked" : "oauth membership-archived",
      mode: "oauth",
      organizationId: app.organizationId,
      userId: app.userId,
      devKeyId: app.devKeyId,
      ip: input.ip,
    });
    return refusal("unauthorized_client", "This client may not be issued tokens now.");
  }
  const budget = await spendBudgets?.({ devKeyId: app.devKeyId, organizationId: app.organizationId });
  if (budget && !budget.ok) {
    return {
      ...refusal("invalid_request", "Max number of allowed requests per hour reached.", 429),
      ...(budget.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: budget.retryAfterSeconds }),
    };
  }
  const expiresIn = deps.config.oauthTokenSeconds;
  const { sessionId, ref } = await createSession(deps, {
    userId: app.userId,
    organizationId: app.organizationId,
    devKeyId: app.devKeyId,
    // (ours) A full-access app was made in an MFA-trusted session: its tokens are trusted.
    trusted: app.scope === "full",
    mode: "oauth",
    credentialId: app.id,
    scope: app.scope,
    expiresAt: deps.clock.now() + expiresIn * 1000,
  });
  deps.audit({
    event: "login.success",
    reason: "oauth client-credentials",
    mode: "oauth",
    userId: app.userId,
    organizationId: app.organizationId,
    devKeyId: app.devKeyId,
    sessionRef: ref,
    ip: input.ip,
  });
  return { ok: true, value: { accessToken: sessionId, expiresIn, scope: app.scope, app, sessionRef: ref } };
}

/**
 * Checks an `Authorization: Bearer` access token: an OAuth session that is still alive. A
 * session id of another mode is refused here, as a token is refused as a `sessionId`.
 */
export async function authenticateBearer(
  deps: AuthDeps,
  credentials: { token: string; ip?: string },
): Promise<Result<SessionRecord>> {
  const record = await deps.stores.sessions.findByTokenHash(hashSecret(credentials.token));
  if (record?.mode !== "oauth") {
    deps.audit({
      event: "session.rejected",
      code: "BDC_1109",
      reason: record ? "session-as-bearer" : "unknown",
      mode: "oauth",
      ...(record ? { sessionRef: record.id } : {}),
      ip: credentials.ip,
    });
    return fail("SESSION_INVALID");
  }
  return liveSession(deps, record, credentials.ip);
}
