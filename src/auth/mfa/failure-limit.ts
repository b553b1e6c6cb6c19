/**
 * Wrong MFA tokens per identity (spec section 6, ours): every wrong token of any setup or
 * challenge counts, in one fixed 24-hour window from the first. Past the limit no new setup or
 * challenge is sent until the window has passed, so that five guesses per token cannot add up
 * to tens of thousands a day. An operator can clear the count.
 */
import { limitKeys } from "../../stores/limit-keys.ts";
import type { AuthDeps, Result } from "../context.ts";
import { ok } from "../context.ts";
import { secondsUntil } from "../limits/limits.ts";

export const MFA_FAILURE_WINDOW_MS = 24 * 60 * 60 * 1000;

const key = limitKeys.mfaFailures;

/** Counts one wrong token of the user. */
export async function recordMfaFailure(deps: AuthDeps, userId: string): Promise<void> {
  if (deps.config.mfaFailureLimit === 0) return;
  const now = deps.clock.now();
  await deps.stores.limits.hit(key(userId), now + MFA_FAILURE_WINDOW_MS, now);
}

/** Ok, or 422 BDC_1144 (with Retry-After) once the user's wrong tokens reached the limit. */
export async function checkMfaFailures(deps: AuthDeps, userId: string, kind: string): Promise<Result<void>> {
  const limit = deps.config.mfaFailureLimit;
  if (limit === 0) return ok(undefined);
  const now = deps.clock.now();
  const counter = await deps.stores.limits.peek(key(userId), now);
  if (!counter || counter.count < limit) return ok(undefined);
  deps.audit({
    event: "mfa.limited",
    code: "BDC_1144",
    userId,
    reason: `${kind}: wrong tokens`,
    count: counter.count,
    limit,
  });
  return {
    ok: false,
    errors: [{ key: "REQUEST_BUDGET_EXCEEDED", params: { paramName0: String(limit) } }],
    retryAfterSeconds: secondsUntil(counter.expiresAt, now),
  };
}

/** Operator: forgets the user's wrong tokens, so that they can be challenged again at once. */
export async function clearMfaFailures(
  deps: AuthDeps,
  userId: string,
): Promise<Result<{ cleared: boolean }>> {
  const now = deps.clock.now();
  const counter = await deps.stores.limits.peek(key(userId), now);
  await deps.stores.limits.reset(key(userId));
  deps.audit({ event: "mfa.failures.cleared", userId, reason: "operator", count: counter?.count ?? 0 });
  return ok({ cleared: counter !== undefined });
}

/** The user's wrong tokens in the current window (for the operator tools). */
export async function mfaFailureCount(
  deps: AuthDeps,
  userId: string,
): Promise<{ count: number; resetsAt: number | null }> {
  const counter = await deps.stores.limits.peek(key(userId), deps.clock.now());
  return { count: counter?.count ?? 0, resetsAt: counter?.expiresAt ?? null };
}
