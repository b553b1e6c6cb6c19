/**
 * MFA tokens (spec section 7): 6 digits from the CSPRNG, valid 10 minutes, single use, at most
 * 5 attempts, stored only as a digest. One setup (`0ms…`) or challenge (`0mc…`) holds one token.
 */
import { createHash, randomInt } from "node:crypto";
import type { MfaPhoneType, MfaToken } from "../../stores/types/mfa.ts";
import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { digestsEqual, isId, newId } from "../crypto/ids.ts";
import { DeliveryError } from "../delivery.ts";
import { checkMfaFailures } from "./failure-limit.ts";
import { countMfaSend } from "./send-limit.ts";

export const TOKEN_LIFETIME_MS = 10 * 60 * 1000;
export const MAX_TOKEN_ATTEMPTS = 5;
/** Expired tokens are kept this long so that late answers get "expired", not "unknown". */
const EXPIRED_TOKEN_MEMORY_MS = 24 * 60 * 60 * 1000;

const TOKEN_PATTERN = /^\d{6}$/;

/** The `reason` of a redeem that failed on a wrong token (not on a closed or unknown one). */
export const WRONG_TOKEN = "wrong-token";

/** A new token: 000000–999999, uniformly, from the CSPRNG. */
export const newToken = (): string => String(randomInt(0, 1_000_000)).padStart(6, "0");

/**
 * What is stored instead of the token. With only a million possible tokens this digest can be
 * reversed in milliseconds by anyone holding the database; it only keeps codes from being read
 * at a glance (a dump, a support screen). The real defences are the 5 attempts and 10 minutes.
 * The id is mixed in so that equal tokens of two setups do not look equal.
 */
export const tokenDigest = (id: string, token: string): string =>
  createHash("sha256").update(`${id}:${token}`, "utf8").digest("hex");

export interface IssueInput {
  kind: MfaToken["kind"];
  userId: string;
  organizationId: string;
  phone: string;
  type: MfaPhoneType;
}

const TEXTS: Record<MfaToken["kind"], (token: string) => string> = {
  setup: (token) => `Your 2-Step Verification setup code is ${token}. It expires in 10 minutes.`,
  challenge: (token) => `Your 2-Step Verification code is ${token}. It expires in 10 minutes.`,
};

/**
 * Refuses while the user's wrong tokens are over their daily limit (mfa-failure-limit.ts);
 * counts the send against the per-user limit, stores the token's digest and delivers the
 * token to the phone. When the channel refuses, the token is voided at once and the caller
 * gets BDC_9009: nobody waits for a code that will never come.
 */
export async function issueToken(deps: AuthDeps, input: IssueInput): Promise<Result<{ id: string }>> {
  const failures = await checkMfaFailures(deps, input.userId, input.kind);
  if (!failures.ok) return failures;
  const decision = await countMfaSend(deps, input.userId);
  if (!decision.allowed) {
    deps.audit({ event: "mfa.limited", code: "BDC_1144", userId: input.userId, reason: input.kind });
    return {
      ok: false,
      errors: [
        { key: "REQUEST_BUDGET_EXCEEDED", params: { paramName0: String(deps.config.mfaSendsPerMinute) } },
      ],
      retryAfterSeconds: decision.retryAfterSeconds,
    };
  }
  const { mfa } = deps.stores;
  const now = deps.clock.now();
  await mfa.deleteTokensExpiredBefore(input.userId, now - EXPIRED_TOKEN_MEMORY_MS);
  const id = newId(input.kind === "setup" ? "mfaSetup" : "mfaChallenge");
  const token = newToken();
  await mfa.createToken({
    id,
    kind: input.kind,
    userId: input.userId,
    phone: input.phone,
    type: input.type,
    tokenHash: tokenDigest(id, token),
    attempts: 0,
    createdAt: now,
    expiresAt: now + TOKEN_LIFETIME_MS,
    consumedAt: null,
  });
  try {
    await deps.delivery.send({
      channel: input.type,
      recipient: input.phone,
      purpose: `mfa-${input.kind}`,
      text: TEXTS[input.kind](token),
      userId: input.userId,
      organizationId: input.organizationId,
    });
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    await mfa.consumeToken(id, now);
    deps.audit({
      event: "mfa.rejected",
      code: "BDC_9009",
      userId: input.userId,
      reason: `${input.kind} not delivered: ${error.reason}`,
    });
    return fail("DELIVERY_FAILED");
  }
  deps.audit({
    event: "mfa.sent",
    userId: input.userId,
    organizationId: input.organizationId,
    reason: input.kind,
  });
  return ok({ id });
}

export interface RedeemInput {
  kind: MfaToken["kind"];
  id: string;
  userId: string;
  token: string;
  /** For a setup: the type the client says it set up; it must be the setup's. */
  type?: MfaPhoneType;
}

/**
 * Checks a token against its setup or challenge and, when right, closes it for good. The
 * order: unknown (or another user's) id, BDC_9001; void after 5 wrong tokens, BDC_1358; used
 * or past 10 minutes, BDC_1356; wrong token, BDC_9002, or BDC_1358 when it was the fifth.
 */
export async function redeemToken(deps: AuthDeps, input: RedeemInput): Promise<Result<MfaToken>> {
  const { mfa } = deps.stores;
  const param = input.kind === "setup" ? "setupId" : "challengeId";
  const idKind = input.kind === "setup" ? "mfaSetup" : "mfaChallenge";
  const record = isId(idKind, input.id) ? await mfa.findToken(input.id) : undefined;
  // Another user's id is answered like an unknown one: it reveals nothing.
  if (!record || record.kind !== input.kind || record.userId !== input.userId) {
    return fail("INVALID_VALUE", { paramName0: param });
  }
  if (input.type !== undefined && input.type !== record.type)
    return fail("INVALID_VALUE", { paramName0: "type" });
  const closed = (current: MfaToken): Result<MfaToken> =>
    current.attempts >= MAX_TOKEN_ATTEMPTS ? fail("MFA_TOO_MANY_ATTEMPTS") : fail("MFA_TOKEN_EXPIRED");
  const now = deps.clock.now();
  if (record.attempts >= MAX_TOKEN_ATTEMPTS || record.consumedAt !== null || now >= record.expiresAt) {
    return closed(record);
  }
  // The attempt is claimed before the token is compared, so parallel guesses share the five.
  const attempts = await mfa.claimAttempt(record.id, MAX_TOKEN_ATTEMPTS);
  if (attempts === undefined) return closed((await mfa.findToken(record.id)) ?? record);
  // Constant time: the digests of the right and the given token are compared whole.
  const right =
    TOKEN_PATTERN.test(input.token) && digestsEqual(record.tokenHash, tokenDigest(record.id, input.token));
  if (!right) {
    const key = attempts >= MAX_TOKEN_ATTEMPTS ? "MFA_TOO_MANY_ATTEMPTS" : "MFA_TOKEN_INVALID";
    deps.audit({
      event: "mfa.rejected",
      code: key === "MFA_TOKEN_INVALID" ? "BDC_9002" : "BDC_1358",
      userId: input.userId,
      reason: input.kind,
      count: attempts,
    });
    // Marked for the caller, who counts it against the user's daily limit once its
    // transaction is over (mfa-failure-limit.ts): counters live outside transactions.
    return { ok: false, errors: [{ key }], reason: WRONG_TOKEN };
  }
  // Single use: of two right answers racing, one wins and the other finds it used.
  if (!(await mfa.consumeToken(record.id, now))) return fail("MFA_TOKEN_EXPIRED");
  return ok({ ...record, attempts, consumedAt: now });
}
