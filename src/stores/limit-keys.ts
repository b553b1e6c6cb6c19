import { createHash } from "node:crypto";

/**
 * Every key of the limit store (`LimitStore`, stores/types/limits.ts), built here and only here.
 * Ids are [0-9A-Za-z], so ":" separates the parts safely; usernames and addresses are what
 * clients sent, so the stores keep such keys only as digests (storedLimitKey below).
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

/** Longer keys are stored as their digest; 128 characters is far below any index limit. */
const MAX_STORED_KEY = 128;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f]/;

const digestOf = (key: string): string => `sha256:${createHash("sha256").update(key, "utf8").digest("hex")}`;

/** The key as stored: itself when short, plain and ours, else `sha256:` and its hex digest. */
export function storedLimitKey(key: string): string {
  if (key.startsWith(CLIENT_TEXT_PREFIX)) return digestOf(key);
  if (key.length <= MAX_STORED_KEY && !CONTROL.test(key)) return key;
  return digestOf(key);
}
