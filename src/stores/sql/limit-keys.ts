import { createHash } from "node:crypto";
import { CLIENT_TEXT_PREFIX } from "../limit-keys.ts";
import type { LimitStore } from "../types/limits.ts";

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

/**
 * Counter keys carry what clients send: a username tried at login, a forwarded address.
 * PostgreSQL cannot hold NUL in text and cannot index a value over about 2.7 kB, so such a key
 * would turn a login into a 500. Long or odd keys are stored by their SHA-256 instead, on every
 * dialect alike; equal keys still meet on the same counter.
 */
export function withStoredLimitKeys(inner: LimitStore): LimitStore {
  return {
    ...inner,
    hit: (key, expiresAt, now, by) => inner.hit(storedLimitKey(key), expiresAt, now, by),
    peek: (key, now) => inner.peek(storedLimitKey(key), now),
    reset: (key) => inner.reset(storedLimitKey(key)),
  };
}
