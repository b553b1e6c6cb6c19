/**
 * OAuth 2.0 client-credentials apps (docs/bill-sign-in-modes.md section 4). BILL: "OAuth client
 * credentials support two access scopes: Full access and Accounting data access", "You cannot
 * change an app's scope after creation", Full access "requires MFA"; the token "inherits the
 * exact product permissions of the BILL user who created the developer app". An app is made by
 * an administrator of the organization; its client secret is shown once and stored as a hash;
 * it owns a hidden developer key whose budgets and in-flight slots its tokens use.
 */
import type { OAuthApp, OAuthScope } from "../../stores/types/oauth-apps.ts";
import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { hashSecret, isId, newId, newSecret } from "../crypto/ids.ts";

export const OAUTH_SCOPES: readonly OAuthScope[] = ["full", "accounting"];

export const isOAuthScope = (value: unknown): value is OAuthScope =>
  typeof value === "string" && (OAUTH_SCOPES as readonly string[]).includes(value);

export interface NewOAuthApp {
  organizationId: string;
  /** The administrator making it: its tokens act as this user. */
  userId: string;
  name: string;
  scope: OAuthScope;
  /** A fixed client id (`0oa…`) and secret for stable fixtures (seed files); else generated. */
  id?: string;
  clientSecret?: string;
}

/** What a literal client secret must be (seed files): as a literal developer key. */
export const CLIENT_SECRET_PATTERN = /^[\x21-\x7e]{16,128}$/;

/** What an app is shown as: never its secret (nor its secret's hash). */
export interface OAuthAppView {
  id: string;
  organizationId: string;
  userId: string;
  name: string;
  scope: OAuthScope;
  createdAt: number;
  revokedAt: number | null;
}

export const appView = (app: OAuthApp): OAuthAppView => ({
  id: app.id,
  organizationId: app.organizationId,
  userId: app.userId,
  name: app.name,
  scope: app.scope,
  createdAt: app.createdAt,
  revokedAt: app.revokedAt,
});

/**
 * Makes an app and its hidden developer key, and returns the client secret, which exists
 * nowhere else from now on. The caller has checked who may (the route: an administrator, a
 * trusted session for full access; the operator: anyone it names).
 */
export async function createOAuthApp(
  deps: AuthDeps,
  input: NewOAuthApp,
): Promise<Result<{ app: OAuthAppView; clientSecret: string }>> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) return fail("INVALID_VALUE", { paramName0: "name" });
  if (!isOAuthScope(input.scope)) return fail("INVALID_VALUE", { paramName0: "scope" });
  const member = await deps.stores.memberships.findMember(input.organizationId, input.userId);
  if (!member || member.archived || member.pending || member.roleType !== "ADMINISTRATOR") {
    return fail("INSUFFICIENT_PERMISSIONS");
  }
  if (input.id !== undefined && !isId("oauthApp", input.id))
    return fail("INVALID_VALUE", { paramName0: "id" });
  if (input.clientSecret !== undefined && !CLIENT_SECRET_PATTERN.test(input.clientSecret)) {
    return fail("INVALID_VALUE", { paramName0: "clientSecret" });
  }
  if (input.id !== undefined && (await deps.stores.oauthApps.findById(input.id))) {
    return fail("ALREADY_EXISTS", { paramName0: "id" });
  }
  const clientSecret = input.clientSecret ?? newSecret();
  const now = deps.clock.now();
  const id = input.id ?? newId("oauthApp");
  const devKeyId = newId("devKey");
  const app: OAuthApp = {
    id,
    organizationId: input.organizationId,
    userId: input.userId,
    name,
    scope: input.scope,
    secretHash: hashSecret(clientSecret),
    devKeyId,
    createdAt: now,
    revokedAt: null,
  };
  await deps.stores.transaction(async (stores) => {
    // Its key itself is never known to anyone: only the app's tokens reach its budgets.
    await stores.devKeys.create({
      id: devKeyId,
      name: `oauth-app ${id}`,
      keyHash: hashSecret(newSecret()),
      active: true,
      mfaBypass: false,
      createdAt: now,
      deactivatedAt: null,
    });
    await stores.oauthApps.create(app);
  });
  deps.audit({
    event: "oauth-app.created",
    userId: app.userId,
    organizationId: app.organizationId,
    reason: id,
  });
  return ok({ app: appView(app), clientSecret });
}

/** An organization's apps that are not revoked, oldest first; never a secret. */
export async function listOAuthApps(deps: AuthDeps, organizationId?: string): Promise<OAuthAppView[]> {
  const apps = await deps.stores.oauthApps.list(organizationId === undefined ? {} : { organizationId });
  return apps.map(appView);
}

/**
 * Revokes an app: its hidden developer key is deactivated and its tokens end at once. Only an
 * app of `organizationId` when given: another organization's is not found (never forbidden).
 */
export async function revokeOAuthApp(
  deps: AuthDeps,
  id: string,
  organizationId?: string,
): Promise<Result<{ app: OAuthAppView; tokensEnded: number }>> {
  const app = isId("oauthApp", id) ? await deps.stores.oauthApps.findById(id) : undefined;
  if (
    !app ||
    app.revokedAt !== null ||
    (organizationId !== undefined && app.organizationId !== organizationId)
  ) {
    return fail("NOT_FOUND", { paramName0: isId("oauthApp", id) ? id : "id" });
  }
  const now = deps.clock.now();
  const tokensEnded = await deps.stores.transaction(async (stores) => {
    await stores.oauthApps.revoke(app.id, now);
    await stores.devKeys.deactivate(app.devKeyId, now);
    return stores.sessions.deleteWhere({ credentialId: app.id });
  });
  deps.audit({
    event: "oauth-app.revoked",
    organizationId: app.organizationId,
    reason: app.id,
    count: tokensEnded,
  });
  return ok({ app: appView({ ...app, revokedAt: now }), tokensEnded });
}
