/**
 * A login with an AP & AR sync token (docs/bill-sign-in-modes.md section 3): BILL's
 * `POST /v3/login` (and v2's `Login.json`) with the token's name as `username` and its value as
 * `password`. Steps 3 to 6 of the login (devKey, organization, budgets, lockout) are the
 * password login's; this replaces steps 7 to 10. A failure answers exactly as a wrong password
 * (BDC_1101), counted toward the lockout the same way.
 */
import { type AuthDeps, ok, type Result } from "../context.ts";
import { digestsEqual, hashSecret } from "../crypto/ids.ts";
import { clearLoginFailures } from "./lockout.ts";
import { createSession } from "./sessions.ts";

/** What every "no" is compared against, so that an unknown name costs one comparison too. */
const NO_TOKEN_HASH = hashSecret("no sync token has this value");

/** A username without `@` is never a user's email: it can only be a sync token's name (ours). */
export const isSyncTokenName = (username: string): boolean => !username.includes("@");

export interface SyncTokenLoginStep {
  devKeyId: string;
  organizationId: string;
  /** The lockout's key for this token: its organization and name (login.ts). */
  username: string;
  via?: "v2" | undefined;
  ip?: string | undefined;
  /** Answers as a wrong password does: audited, counted toward the lockout. */
  wrong(): Promise<Result<never>>;
}

export interface SyncTokenLoginOutput {
  sessionId: string;
  organizationId: string;
  userId: string;
  trusted: boolean;
  devKeyId: string;
}

export async function syncTokenLogin(
  deps: AuthDeps,
  credentials: { username: string; password: string },
  step: SyncTokenLoginStep,
): Promise<Result<SyncTokenLoginOutput>> {
  const { stores } = deps;
  const token = await stores.syncTokens.findLiveByName(step.organizationId, credentials.username.trim());
  const valueOk = digestsEqual(token?.valueHash ?? NO_TOKEN_HASH, hashSecret(credentials.password));
  if (!token || !valueOk) return step.wrong();
  // The user it acts as must still be an active member (ours): otherwise its sessions would be
  // refused at once anyway.
  const member = await stores.memberships.findMember(step.organizationId, token.userId);
  if (!member || member.archived || member.pending) return step.wrong();

  await clearLoginFailures(deps, step.username);
  // Never trusted: BILL offers a sync-token session no MFA operation, so nothing can trust it.
  const { sessionId, ref } = await createSession(deps, {
    userId: token.userId,
    organizationId: step.organizationId,
    devKeyId: step.devKeyId,
    trusted: false,
    mode: "sync-token",
    credentialId: token.id,
  });
  // A revocation racing this login: checked again now that the session exists, so that either
  // this check sees it or the revocation's pass after its commit finds the session
  // (revokeSyncToken). Never a session outliving its token.
  if ((await stores.syncTokens.findById(token.id))?.revokedAt !== null) {
    await stores.sessions.deleteById(ref);
    return step.wrong();
  }
  deps.audit({
    event: "login.success",
    mode: "sync-token",
    userId: token.userId,
    organizationId: step.organizationId,
    devKeyId: step.devKeyId,
    sessionRef: ref,
    ip: step.ip,
    ...(step.via ? { reason: step.via } : {}),
  });
  return ok({
    sessionId,
    organizationId: step.organizationId,
    userId: token.userId,
    trusted: false,
    devKeyId: step.devKeyId,
  });
}
