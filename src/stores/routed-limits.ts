import { spendOn } from "./limit-spend.ts";
import type { LimitStore } from "./types/limits.ts";

export interface LimitRoutes {
  /** Where every key goes unless `routed` claims it. */
  rest: LimitStore;
  /** Where the keys `routed` claims go. */
  routedTo: LimitStore;
  /** Which keys go to `routedTo`; a pure function of the key, so that a key always meets its counter. */
  routed(key: string): boolean;
}

/**
 * One LimitStore over two, chosen by key. With Redis and BILLET_LOCKOUTS_IN_DATABASE, the
 * lockout counters (stores/limit-keys.ts) go to PostgreSQL and everything else stays in
 * Redis, so that a Redis that comes back empty forgets budgets but unlocks nobody. Each
 * operation concerns one key and goes to one store, so each stays as atomic as that store
 * makes it; only `countHeld`, which reads by prefix, asks both and merges (each store holds
 * only the keys routed to it, so nothing is counted twice).
 */
export function routeLimits({ rest, routedTo, routed }: LimitRoutes): LimitStore {
  const storeFor = (key: string): LimitStore => (routed(key) ? routedTo : rest);
  return {
    hit: (key, expiresAt, now, by) => storeFor(key).hit(key, expiresAt, now, by),
    peek: (key, now) => storeFor(key).peek(key, now),
    reset: (key) => storeFor(key).reset(key),
    acquire: (key, lease, limit, leaseExpiresAt, now) =>
      storeFor(key).acquire(key, lease, limit, leaseExpiresAt, now),
    release: (key, lease) => storeFor(key).release(key, lease),
    spend: (hit, slot) => spendOn(storeFor(hit.key), hit, slot, storeFor(slot.key)),
    async countHeld(prefix, now) {
      const [fromRest, fromRouted] = await Promise.all([
        rest.countHeld(prefix, now),
        routedTo.countHeld(prefix, now),
      ]);
      return [...fromRest, ...fromRouted].sort((a, b) => a.key.localeCompare(b.key));
    },
  };
}
