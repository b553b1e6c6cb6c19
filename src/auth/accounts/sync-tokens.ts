/**
 * AP & AR sync tokens (docs/bill-sign-in-modes.md section 3): an organization's administrator
 * (or the operator, or the seed file) makes a named token; its value is shown once and stored
 * only as its SHA-256; revoking it ends its sessions at once.
 */
import type { PageRequest } from "../../stores/types/paging.ts";
import type { SyncToken } from "../../stores/types/sync-tokens.ts";
import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { hashSecret, isId, newId, newSecret } from "../crypto/ids.ts";
import { type Page, toPage } from "./paging.ts";

export interface NewSyncToken {
  organizationId: string;
  /** Who the token acts as: an active Administrator of the organization (ours). */
  userId: string;
  name: string;
  /** A value chosen by the operator or the seed file; generated when absent. */
  value?: string;
}

/** Tokens are listed oldest first. */
export const syncTokenKey = (token: SyncToken) => ({ t: token.createdAt, id: token.id });

/**
 * A name is what a login sends as `username`: 1–100 printable characters after trimming, and
 * never an `@` (a username with one is always an email, ours).
 */
export function isValidSyncTokenName(name: string): boolean {
  return name.length >= 1 && name.length <= 100 && !name.includes("@") && !/[\p{Cc}\p{Cf}]/u.test(name);
}

/** A given value: 16–128 printable ASCII characters, as a developer key's (ours). */
const isValidValue = (value: string) => /^[\x21-\x7e]{16,128}$/.test(value);

export async function createSyncToken(
  deps: AuthDeps,
  input: NewSyncToken,
): Promise<Result<{ token: SyncToken; value: string }>> {
  const name = input.name.trim();
  if (!isValidSyncTokenName(name)) return fail("INVALID_VALUE", { paramName0: "name" });
  if (input.value !== undefined && !isValidValue(input.value)) {
    return fail("INVALID_VALUE", { paramName0: "token" });
  }
  const organization = isId("organization", input.organizationId)
    ? await deps.stores.organizations.findById(input.organizationId)
    : undefined;
  if (!organization) return fail("NOT_FOUND", { paramName0: "organizationId" });
  const member = isId("user", input.userId)
    ? await deps.stores.memberships.findMember(organization.id, input.userId)
    : undefined;
  if (!member || member.archived || member.pending || member.roleType !== "ADMINISTRATOR") {
    return fail("INVALID_VALUE", { paramName0: "userId" });
  }
  const value = input.value ?? newSecret();
  const token: SyncToken = {
    id: newId("syncToken"),
    organizationId: organization.id,
    userId: member.userId,
    name,
    valueHash: hashSecret(value),
    createdAt: deps.clock.now(),
    revokedAt: null,
  };
  if (!(await deps.stores.syncTokens.create(token))) return fail("ALREADY_EXISTS", { paramName0: "name" });
  deps.audit({
    event: "sync-token.created",
    userId: token.userId,
    organizationId: token.organizationId,
    reason: token.id,
  });
  return ok({ token, value });
}

/**
 * The operator's and the seed file's create: `userId` may be left out, and the token then acts
 * as the organization's first active Administrator (ours).
 */
export async function createSyncTokenAsOperator(
  deps: AuthDeps,
  input: Omit<NewSyncToken, "userId"> & { userId?: string | undefined },
): Promise<Result<{ token: SyncToken; value: string }>> {
  let userId = input.userId;
  if (userId === undefined && isId("organization", input.organizationId)) {
    const members = await deps.stores.memberships.listAllMembers(input.organizationId);
    userId = members.find((m) => !m.archived && !m.pending && m.roleType === "ADMINISTRATOR")?.userId;
  }
  return createSyncToken(deps, { ...input, userId: userId ?? "" });
}

/** One page of an organization's tokens, revoked ones included. */
export async function listSyncTokens(
  deps: AuthDeps,
  organizationId: string,
  request: PageRequest,
): Promise<Page<SyncToken>> {
  return toPage(request, await deps.stores.syncTokens.listByOrganization(organizationId, request));
}

/**
 * Revokes a token and ends its sessions at once. Within an organization (`organizationId`
 * given), another organization's token is not found, exactly like one that does not exist.
 * Revoking a revoked token answers it as it is (ours).
 */
export async function revokeSyncToken(
  deps: AuthDeps,
  id: string,
  organizationId?: string,
): Promise<Result<{ token: SyncToken; sessionsEnded: number }>> {
  const found = isId("syncToken", id) ? await deps.stores.syncTokens.findById(id) : undefined;
  if (!found || (organizationId !== undefined && found.organizationId !== organizationId)) {
    return fail("NOT_FOUND", { paramName0: isId("syncToken", id) ? id : "id" });
  }
  const now = deps.clock.now();
  const result = await deps.stores.transaction(async (stores) => {
    const revoked = await stores.syncTokens.revoke(found.id, now);
    const sessionsEnded = await stores.sessions.deleteWhere({ credentialId: found.id });
    if (revoked) {
      deps.audit({
        event: "sync-token.revoked",
        organizationId: found.organizationId,
        reason: found.id,
        count: sessionsEnded,
      });
    }
    return ok({ token: { ...found, revokedAt: found.revokedAt ?? now }, sessionsEnded });
  });
  // After the commit, once more: a login that passed its check before the revocation and
  // inserted its session after the delete above re-checks the token after inserting
  // (sync-token-login.ts); whichever it saw, one of the two ends that session.
  if (result.ok)
    result.value.sessionsEnded += await deps.stores.sessions.deleteWhere({ credentialId: found.id });
  return result;
}
