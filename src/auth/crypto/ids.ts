import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

/** Object id prefixes (spec section 9); the ones marked ours are not BILL's. */
export const ID_PREFIX = Object.freeze({
  organization: "008",
  user: "006",
  role: "0po",
  partner: "0pa", // ours
  mfaSetup: "0ms", // ours
  mfaChallenge: "0mc", // ours
  devKey: "0dk", // ours: the public reference of a developer key, never the key itself
  session: "0se", // ours: the public reference of a session, never its secret id
  outboxMessage: "0ob", // ours
  rememberedDevice: "0rd", // ours: the public reference of a rememberMeId, never the id itself
  partnerUser: "0pu", // ours: a partner-level user (logs in with the partner's appKey)
  partnerSession: "0ps", // ours: the public reference of a partner session
  invitation: "0iv", // ours: the public reference of an invitation, never its token
  emailChange: "0ec", // ours: the public reference of an email change, never its token
  auditEvent: "0au", // ours
  fault: "0fa", // ours
  console: "0cn", // ours: an Accountant Console
  consoleToken: "0ct", // ours: the public reference of a Console API token, never the token
  syncToken: "0sy", // ours: the public reference of an AP & AR sync token, never its value
  oauthApp: "0oa", // ours: an OAuth app's client id
  snapshot: "0sn", // ours: a sandbox snapshot (operator API)
});

export type IdKind = keyof typeof ID_PREFIX;

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A 20-character object id: 3-character prefix, `01`, 15 random base-62 characters. */
export function newId(kind: IdKind): string {
  return newIdWithPrefix(ID_PREFIX[kind]);
}

/** The same, for a prefix a resource declaration names (src/resources/). */
export function newIdWithPrefix(prefix: string): string {
  let tail = "";
  for (let i = 0; i < 15; i++) tail += BASE62[randomInt(62)];
  return `${prefix}01${tail}`;
}

const ID_PATTERN = /^[0-9A-Za-z]{20}$/;

/** True when `value` has the shape of an id of that kind. */
export function isId(kind: IdKind, value: string): boolean {
  return ID_PATTERN.test(value) && value.startsWith(ID_PREFIX[kind]);
}

/** A new opaque secret (session id, devKey, …): 256 bits from the CSPRNG, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** The only form in which a secret is stored: SHA-256, hex. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Compares two hex digests without leaking where they differ. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}
