/**
 * Counters and in-flight slots: the atomic operations that limits and lockouts need (spec section 6).
 */

export interface Counter {
  count: number;
  expiresAt: number;
}

/**
 * Fixed-window counters and in-flight slots: the atomic operations that limits and lockouts
 * need. The decisions (is a count over its limit?) are pure functions in src/auth/limits.ts.
 * A shared backend makes the limits hold across a fleet by implementing this alone; in Redis,
 * `hit` is INCRBY plus PEXPIREAT when new, and `acquire` a sorted set of leases scored by
 * expiry (ZREMRANGEBYSCORE the expired, ZCARD, ZADD when below the limit), each one script.
 */
export interface LimitStore {
  /**
   * Adds `by` (default 1) to `key`; a missing or expired counter starts at `by` and expires
   * at `expiresAt`.
   */
  hit(key: string, expiresAt: number, now: number, by?: number): Promise<Counter>;
  peek(key: string, now: number): Promise<Counter | undefined>;
  reset(key: string): Promise<void>;
  /**
   * Takes one of `limit` slots of `key` for `lease` (an id unique across processes) until it
   * is released or `leaseExpiresAt` passes, so that a crashed process cannot hold slots of a
   * shared store forever. False, and nothing taken, when every slot is held. Atomic: of any
   * number of concurrent calls on a free key, exactly `limit` succeed.
   */
  acquire(key: string, lease: string, limit: number, leaseExpiresAt: number, now: number): Promise<boolean>;
  /**
   * `hit` then, when the new count is within `hitLimit` (0: no limit), `acquire`, in one round
   * trip and atomically: what a request's budget step does (spend the hourly budget, then
   * take an in-flight slot). Optional: without it the caller makes the two calls.
   */
  spend?(hit: SpendHit, slot: SpendSlot): Promise<{ counter: Counter; acquired: boolean }>;
  /**
   * `spend`, answered at once when both keys are in this process's memory (the memory store,
   * the buffered SQLite limits once a key is loaded); undefined when it must wait (then call
   * `spend`, or `hit` and `acquire`). Optional: the hot path's synchronous step uses it.
   */
  spendNow?(hit: SpendHit, slot: SpendSlot): { counter: Counter; acquired: boolean } | undefined;
  /** Gives a slot back; an unknown or already released lease is ignored. */
  release(key: string, lease: string): Promise<void>;
  /** `release`, done at once when the slot is in this process's memory; false when it must wait. */
  releaseNow?(key: string, lease: string): boolean;
  /** Live slots per key, for the keys that start with `prefix` (for operators; not a hot path). */
  countHeld(prefix: string, now: number): Promise<HeldSlots[]>;
}

export interface SpendHit {
  key: string;
  expiresAt: number;
  now: number;
  /** The counter's limit: above it no slot is taken. 0: none. */
  limit: number;
}

export interface SpendSlot {
  key: string;
  lease: string;
  limit: number;
  leaseExpiresAt: number;
}

export interface HeldSlots {
  key: string;
  held: number;
}
