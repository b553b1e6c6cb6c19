import { limitKeys } from "../../stores/limit-keys.ts";
import type { Counter } from "../../stores/types/limits.ts";
import type { AuthDeps } from "../context.ts";
import { decideWindow } from "../limits/limits.ts";

/** Spec section 6: SMS-type sends (setup and challenge) per user per minute. */
const WINDOW_MS = 60_000;

export type SendDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Pure: may the send that brought the window's counter to `counter.count` go out? A limit of
 * 0 is switched off. A refusal says how long until the window opens again (at least 1 s).
 */
export function decideSend(counter: Counter, limit: number, now: number): SendDecision {
  const decision = decideWindow(counter.count, limit, counter.expiresAt, now);
  return decision.allowed
    ? { allowed: true }
    : { allowed: false, retryAfterSeconds: decision.retryAfterSeconds };
}

/**
 * Counts one send for the user and decides. Refused sends count too: they cannot extend the
 * fixed window, and a client hammering the endpoint learns nothing from them.
 */
export async function countMfaSend(deps: AuthDeps, userId: string): Promise<SendDecision> {
  const limit = deps.config.mfaSendsPerMinute;
  if (limit === 0) return { allowed: true };
  const now = deps.clock.now();
  const counter = await deps.stores.limits.hit(limitKeys.mfaSends(userId), now + WINDOW_MS, now);
  return decideSend(counter, limit, now);
}
