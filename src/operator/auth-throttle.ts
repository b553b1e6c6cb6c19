import type { AuthDeps } from "../auth/context.ts";
import { secondsUntil } from "../auth/limits/limits.ts";
import { limitReached } from "../auth/sessions/lockout.ts";
import { limitKeys } from "../stores/limit-keys.ts";

/** A client IP that has spent its budget of failed operator authentications. */
export interface OperatorLock {
  /** Failures counted in the current window. */
  count: number;
  /** Seconds until the window ends, for `Retry-After`. */
  retryAfterSeconds: number;
}

/**
 * The per-IP budget of failed operator authentications: BILLET_OPERATOR_FAILURE_LIMIT failures
 * per fixed window of BILLET_OPERATOR_FAILURE_WINDOW_SECONDS, counted in the shared limit store
 * so that it holds for the whole fleet. Once it is spent, every operator request from that IP
 * is refused until the window ends, the right token included: a guesser learns nothing more.
 * A success does not give the budget back (like the per-IP login limit): it is a budget of
 * failures per address, not a count of consecutive ones, so a valid token in hand does not buy
 * more guesses.
 */
export async function operatorLock(deps: AuthDeps, ip: string): Promise<OperatorLock | undefined> {
  const limit = deps.config.operatorFailureLimit;
  if (limit === 0) return undefined;
  const now = deps.clock.now();
  const counter = await deps.stores.limits.peek(limitKeys.operatorFailures(ip), now);
  if (!counter || !limitReached(counter.count, limit)) return undefined;
  return {
    count: counter.count,
    retryAfterSeconds: secondsUntil(counter.expiresAt, now),
  };
}

/** Counts one failed operator authentication from `ip`; returns the count in this window. */
export async function recordOperatorFailure(deps: AuthDeps, ip: string): Promise<number | undefined> {
  const { config, clock, stores } = deps;
  if (config.operatorFailureLimit === 0) return undefined;
  const now = clock.now();
  const counter = await stores.limits.hit(
    limitKeys.operatorFailures(ip),
    now + config.operatorFailureWindowSeconds * 1000,
    now,
  );
  return counter.count;
}
