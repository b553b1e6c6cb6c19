/**
 * The limits of spec section 6 as pure decisions: what a counter value means under a rule
 * (the lockout's own, `limitReached`, is in lockout.ts).
 * The only store calls are `limits.hit` (count) and `limits.acquire` (take a slot), made by
 * request-budget.ts; everything here is arithmetic, unit-tested with numbers.
 */

export const HOUR_MS = 60 * 60 * 1000;

/**
 * The clock hour that holds `now`, as [start, end). BILL's hourly budgets are clock hours:
 * they all start again at the top of the hour, not an hour after a devKey's first request.
 * Unix time has no leap seconds, so these are the hours of UTC and of every whole-hour zone.
 */
export function clockHour(now: number): { start: number; end: number } {
  const start = now - (((now % HOUR_MS) + HOUR_MS) % HOUR_MS);
  return { start, end: start + HOUR_MS };
}

/** `Retry-After` until `resetAt`: whole seconds, rounded up, at least 1. */
export const secondsUntil = (resetAt: number, now: number): number =>
  Math.max(1, Math.ceil((resetAt - now) / 1000));

/** What a window counter means once this request has been counted in it. */
export interface WindowDecision {
  allowed: boolean;
  limit: number;
  /** Requests counted in the window, this one and refused ones included. */
  used: number;
  remaining: number;
  /** When the window ends and the count starts again (Unix ms). */
  resetAt: number;
  /** Whole seconds until `resetAt`, rounded up, at least 1: the `Retry-After` of a refusal. */
  retryAfterSeconds: number;
}

/**
 * Pure: the request that made the counter `count` is allowed when it is within `limit`
 * (the limit-th request passes, the next one is refused). A limit of 0 allows everything.
 */
export function decideWindow(count: number, limit: number, resetAt: number, now: number): WindowDecision {
  return {
    allowed: limit === 0 || count <= limit,
    limit,
    used: count,
    remaining: Math.max(0, limit - count),
    resetAt,
    retryAfterSeconds: secondsUntil(resetAt, now),
  };
}

/** `Retry-After` of `BDC_1322`: in-flight slots free up within a request's time, so ask for 1 s. */
export const IN_FLIGHT_RETRY_AFTER_SECONDS = 1;

/**
 * How long a slot is leased in the store. A request ends (and releases its slot) within the
 * request timeout; the lease only matters when a process dies holding slots in a shared store.
 * Without a request timeout nothing bounds a request, so the lease is a generous hour.
 */
export function inFlightLeaseMs(requestTimeoutMs: number): number {
  return requestTimeoutMs > 0 ? requestTimeoutMs + 60_000 : HOUR_MS;
}
