import { limitKeys } from "../../stores/limit-keys.ts";
import type { AuthDeps } from "../context.ts";
import { hashSecret } from "../crypto/ids.ts";

/** Pure: has a counter reached a limit? A limit of 0 is switched off. */
export function limitReached(count: number, limit: number): boolean {
  return limit > 0 && count >= limit;
}

// (ours) "Consecutive" failures are forgotten after a day without one, so that a table of
// counters for usernames that were only ever guessed at cannot grow without end.
const FAILURE_MEMORY_MS = 24 * 60 * 60 * 1000;

const keys = (username: string, ip: string | undefined) => ({
  failures: limitKeys.loginFailures(username),
  lock: limitKeys.loginLock(username),
  ip: ip === undefined ? undefined : limitKeys.ipFailures(ip),
});

/** True when this username, or this client IP, may not log in now (spec section 6). */
export async function isLoginLocked(deps: AuthDeps, username: string, ip?: string): Promise<boolean> {
  const now = deps.clock.now();
  const k = keys(username, ip);
  if (await deps.stores.limits.peek(k.lock, now)) return true;
  if (k.ip === undefined || deps.config.ipFailureLimit === 0) return false;
  const ipFailures = await deps.stores.limits.peek(k.ip, now);
  return limitReached(ipFailures?.count ?? 0, deps.config.ipFailureLimit);
}

/**
 * Who a failed login was for, as the audit log may name it: the user's id when the username
 * is someone's, else the SHA-256 of what was typed (people type passwords into username
 * fields, so the text itself is a secret).
 */
export type FailedLogin = { userId: string } | { usernameHash: string };

/** The audit fields of a failed login for `username` (canonical), by user id when it exists. */
export const failedLogin = (username: string, userId?: string): FailedLogin =>
  userId === undefined ? { usernameHash: hashSecret(username) } : { userId };

/** Counts a failed login; locks the username when its consecutive failures reach the limit. */
export async function recordLoginFailure(
  deps: AuthDeps,
  username: string,
  ip?: string,
  who: FailedLogin = failedLogin(username),
): Promise<void> {
  const { config, stores, clock } = deps;
  const now = clock.now();
  const k = keys(username, ip);
  if (k.ip !== undefined && config.ipFailureLimit > 0) {
    await stores.limits.hit(k.ip, now + config.ipFailureWindowSeconds * 1000, now);
  }
  if (config.lockoutThreshold === 0) return;
  const failures = await stores.limits.hit(k.failures, now + FAILURE_MEMORY_MS, now);
  if (limitReached(failures.count, config.lockoutThreshold)) {
    await stores.limits.hit(k.lock, now + config.lockoutSeconds * 1000, now);
    await stores.limits.reset(k.failures);
    deps.audit({ event: "login.lockout", ...who, ip, count: failures.count });
  }
}

/** A successful login starts the count again. */
export async function clearLoginFailures(deps: AuthDeps, username: string): Promise<void> {
  await deps.stores.limits.reset(keys(username, undefined).failures);
}
