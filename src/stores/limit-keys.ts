/**
 * Every key of the limit store (`LimitStore`, stores/types/limits.ts), built here and only here.
 * Ids are [0-9A-Za-z], so ":" separates the parts safely; usernames and addresses are what
 * clients sent, so the stores keep such keys only as digests (sql/limit-keys.ts, Redis).
 */
export const limitKeys = Object.freeze({
  /** A devKey's requests in the current clock hour (spec section 6). */
  hourlyRequests: (devKeyId: string) => `requests:hour:${devKeyId}`,
  /** A devKey's logins in the current clock hour. */
  hourlyLogins: (devKeyId: string) => `logins:hour:${devKeyId}`,
  /** The in-flight slots of (devKey, organization). */
  inFlight: (devKeyId: string, organizationId: string) => `in-flight:${devKeyId}:${organizationId}`,
  inFlightPrefix: (devKeyId: string) => `in-flight:${devKeyId}:`,
  /** Consecutive failed logins of a username (auth/sessions/lockout.ts). */
  loginFailures: (username: string) => `login-failures:user:${username}`,
  /** A locked username. */
  loginLock: (username: string) => `login-lock:user:${username}`,
  /** Failed logins from a client IP. */
  ipFailures: (ip: string) => `login-failures:ip:${ip}`,
  /** MFA tokens sent to a user in the current minute (auth/mfa/send-limit.ts). */
  mfaSends: (userId: string) => `mfa-sends:user:${userId}`,
  /** Wrong MFA tokens of a user in the current 24 hours (auth/mfa/failure-limit.ts). */
  mfaFailures: (userId: string) => `mfa-failures:user:${userId}`,
  /** Failed operator authentications from a client IP (operator/auth-throttle.ts). */
  operatorFailures: (ip: string) => `operator-failures:ip:${ip}`,
});

/** Keys that hold what a client typed (a username, perhaps a password in the wrong field). */
export const CLIENT_TEXT_PREFIX = "login-";

/**
 * The keys that make up lockouts, as opposed to budgets: what a Redis that comes back empty
 * must not forget when BILLET_LOCKOUTS_IN_DATABASE keeps them in PostgreSQL. Budgets (hourly
 * requests and logins, MFA sends) and in-flight slots start with none of these.
 */
export const LOCKOUT_KEY_PREFIXES = Object.freeze([
  "login-failures:",
  "login-lock:",
  "operator-failures:",
  "mfa-failures:",
] as const);

/** True for a counter that locks someone out (see LOCKOUT_KEY_PREFIXES). */
export function isLockoutKey(key: string): boolean {
  return LOCKOUT_KEY_PREFIXES.some((prefix) => key.startsWith(prefix));
}
