import type { AuthDeps } from "./deps.ts";

/** Pure: has a counter reached a limit? A limit of 0 is switched off. */
export function limitReached(count: number, limit: number): boolean {
  return limit > 0 && count >= limit;
}

// (ours) "Consecutive" failures are forgotten after a day without one, so that a table of
// counters for usernames that were only ever guessed at cannot grow without end.
const FAILURE_MEMORY_MS = 24 * 60 * 60 * 1000;

const keys = (username: string, ip: string | undefined) => ({
  failures: `login-failures:user:${username}`,
  lock: `login-lock:user:${username}`,
  ip: ip === undefined ? undefined : `login-failures:ip:${ip}`,
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

/** Counts a failed login; locks the username when its consecutive failures reach the limit. */
export async function recordLoginFailure(deps: AuthDeps, username: string, ip?: string): Promise<void> {
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
    deps.audit({ event: "login.lockout", username, ip, count: failures.count });
  }
}

/** A successful login starts the count again. */
export async function clearLoginFailures(deps: AuthDeps, username: string): Promise<void> {
  await deps.stores.limits.reset(keys(username, undefined).failures);
}
