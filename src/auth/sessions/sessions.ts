import type { SessionMode, SessionRecord } from "../../stores/types/sessions.ts";
import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { digestsEqual, hashSecret, newId, newSecret } from "../crypto/ids.ts";
import { expiryOf } from "./expiry.ts";

export interface NewSession {
  userId: string;
  organizationId: string;
  devKeyId: string;
  trusted: boolean;
  /** The partner making it with login-as-user; absent for the person's own login. */
  partnerId?: string;
  /** How it is made (docs/bill-sign-in-modes.md); absent: `password`. */
  mode?: SessionMode;
  /** The sync token, OAuth app or console token making it. */
  credentialId?: string;
  /** An OAuth token's scope. */
  scope?: string;
  /** A fixed end, Unix ms (OAuth tokens). */
  expiresAt?: number;
}

/** Creates a session and returns its secret id, which exists nowhere else from now on. */
export async function createSession(
  deps: AuthDeps,
  input: NewSession,
): Promise<{ sessionId: string; ref: string }> {
  const sessionId = newSecret();
  const now = deps.clock.now();
  const ref = newId("session");
  const { partnerId = null, ...rest } = input;
  await deps.stores.sessions.create({
    id: ref,
    tokenHash: hashSecret(sessionId),
    ...rest,
    partnerId,
    createdAt: now,
    lastActiveAt: now,
  });
  return { sessionId, ref };
}

/** Why a found session cannot be used any more, or undefined when it can. */
function deadReason(deps: AuthDeps, record: SessionRecord, now: number): string | undefined {
  if (!record.devKeyActive) return "devkey-inactive";
  if (record.organizationLocked) return "organization-locked";
  if (record.membershipArchived !== false) return "membership-archived";
  return expiryOf(record, deps.config, now);
}

/**
 * Checks the `sessionId` + `devKey` pair of an authenticated call and, when it is good,
 * slides the idle deadline. Every failure is the same BDC_1109 to the caller.
 */
export async function authenticate(
  deps: AuthDeps,
  credentials: { sessionId: string; devKey: string; ip?: string },
): Promise<Result<SessionRecord>> {
  const record = await deps.stores.sessions.findByTokenHash(hashSecret(credentials.sessionId));
  if (!record) {
    deps.audit({ event: "session.rejected", code: "BDC_1109", reason: "unknown", ip: credentials.ip });
    return fail("SESSION_INVALID");
  }
  // Constant time: the devKey is a secret, and this compares it with the stored hash.
  if (!digestsEqual(record.devKeyHash, hashSecret(credentials.devKey))) {
    deps.audit({
      event: "session.rejected",
      code: "BDC_1109",
      reason: "other-devkey",
      sessionRef: record.id,
      ip: credentials.ip,
    });
    return fail("SESSION_INVALID");
  }
  // An OAuth access token is a Bearer credential only (docs/bill-sign-in-modes.md section 4).
  if (record.mode === "oauth") {
    deps.audit({
      event: "session.rejected",
      code: "BDC_1109",
      reason: "oauth-token-as-session",
      sessionRef: record.id,
      ip: credentials.ip,
    });
    return { ok: false, errors: [{ key: "SESSION_INVALID" }], reason: "oauth-token-as-session" };
  }
  return liveSession(deps, record, credentials.ip);
}

/**
 * `authenticate` answered without waiting, for the hot path (pipeline.ts): the same session
 * when this process already knows it (an in-process cache under a synchronous epoch read,
 * stores/session-cache.ts) and records activity in memory. Undefined whenever anything needs
 * the store or would refuse: then `authenticate` decides, and audits the refusal.
 */
export function authenticateKnown(
  deps: AuthDeps,
  credentials: { sessionId: string; devKey: string },
): SessionRecord | undefined {
  const { sessions } = deps.stores;
  if (sessions.findKnownByTokenHash === undefined || sessions.touchNow === undefined) return undefined;
  const record = sessions.findKnownByTokenHash(hashSecret(credentials.sessionId));
  if (record === undefined || record.mode === "oauth") return undefined;
  if (!digestsEqual(record.devKeyHash, hashSecret(credentials.devKey))) return undefined;
  const now = deps.clock.now();
  if (deadReason(deps, record, now) !== undefined || !sessions.touchNow(record.id, now)) return undefined;
  return { ...record, lastActiveAt: now };
}

/**
 * The rest of every session check, once the credentials matched a stored session: refused
 * (and deleted) when it can no longer be used, else its idle timer reset.
 */
export async function liveSession(
  deps: AuthDeps,
  found: SessionRecord,
  ip: string | undefined,
): Promise<Result<SessionRecord>> {
  const now = deps.clock.now();
  let record = found;
  let reason = deadReason(deps, record, now);
  // A cached record may be behind on activity that another instance saw: idle is confirmed
  // against the store before the session is refused.
  if (reason === "idle") {
    const fresh = await deps.stores.sessions.findByTokenHash(record.tokenHash, { fresh: true });
    if (fresh === undefined) return { ok: false, errors: [{ key: "SESSION_INVALID" }], reason };
    record = fresh;
    reason = deadReason(deps, record, now);
  }
  if (reason) {
    await deps.stores.sessions.deleteById(record.id);
    deps.audit({
      event: reason === "idle" || reason === "lifetime" ? "session.expired" : "session.revoked",
      code: "BDC_1109",
      reason,
      sessionRef: record.id,
      userId: record.userId,
      organizationId: record.organizationId,
      ip,
    });
    return { ok: false, errors: [{ key: "SESSION_INVALID" }], reason };
  }
  await deps.stores.sessions.touch(record.id, now);
  return ok({ ...record, lastActiveAt: now });
}

/** Ends the session at once. */
export async function logout(deps: AuthDeps, session: SessionRecord, ip?: string): Promise<void> {
  await deps.stores.sessions.deleteById(session.id);
  deps.audit({
    event: "logout",
    sessionRef: session.id,
    userId: session.userId,
    organizationId: session.organizationId,
    ip,
  });
}
