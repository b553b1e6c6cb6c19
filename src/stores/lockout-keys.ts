/**
 * The limit keys that make up lockouts, as opposed to budgets: what a Redis that comes back
 * empty must not forget when BILLET_LOCKOUTS_IN_DATABASE keeps them in PostgreSQL. Every
 * counter that locks someone out starts with one of these prefixes; budgets (hourly requests
 * and logins, MFA sends) and in-flight slots start with none of them.
 */
export const LOCKOUT_KEY_PREFIXES = Object.freeze([
  // Consecutive failed logins by username, and failed logins by client IP (auth/lockout.ts).
  "login-failures:",
  // A locked username (auth/lockout.ts).
  "login-lock:",
  // Failed operator authentications by client IP (operator/auth-throttle.ts).
  "operator-failures:",
  // Wrong MFA tokens by identity (`mfa-failures:user:USERID`).
  "mfa-failures:",
] as const);

/** True for a counter that locks someone out (see LOCKOUT_KEY_PREFIXES). */
export function isLockoutKey(key: string): boolean {
  return LOCKOUT_KEY_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/** The counter of failed operator authentications from one client IP. */
export const operatorFailureKey = (ip: string): string => `operator-failures:ip:${ip}`;
