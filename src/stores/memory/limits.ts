import type { Counter, HeldSlots, LimitStore } from "../types/limits.ts";

/**
 * Counters and in-flight slots in this process's memory. Every operation completes without
 * awaiting anything, so concurrent callers on one event loop are exact by construction.
 * It is the in-flight half of the buffered SQLite limits (a slot never outlives its process)
 * and a reference implementation for the store contract.
 */
export function memoryLimitStore(): LimitStore {
  const counters = new Map<string, Counter>();
  /** key → lease → expiry. */
  const slots = new Map<string, Map<string, number>>();

  const live = (key: string, now: number): Map<string, number> | undefined => {
    const leases = slots.get(key);
    if (!leases) return undefined;
    for (const [lease, expiresAt] of leases) if (expiresAt <= now) leases.delete(lease);
    if (leases.size === 0) {
      slots.delete(key);
      return undefined;
    }
    return leases;
  };

  return {
    async hit(key, expiresAt, now, by = 1) {
      const counter = counters.get(key);
      if (!counter || counter.expiresAt <= now) {
        const fresh = { count: by, expiresAt };
        counters.set(key, fresh);
        return { ...fresh };
      }
      counter.count += by;
      return { ...counter };
    },
    async peek(key, now) {
      const counter = counters.get(key);
      if (!counter) return undefined;
      if (counter.expiresAt <= now) {
        counters.delete(key);
        return undefined;
      }
      return { ...counter };
    },
    async reset(key) {
      counters.delete(key);
    },
    async acquire(key, lease, limit, leaseExpiresAt, now) {
      const leases = live(key, now);
      if ((leases?.size ?? 0) >= limit) return false;
      if (leases) leases.set(lease, leaseExpiresAt);
      else slots.set(key, new Map([[lease, leaseExpiresAt]]));
      return true;
    },
    async release(key, lease) {
      const leases = slots.get(key);
      if (!leases) return;
      leases.delete(lease);
      if (leases.size === 0) slots.delete(key);
    },
    async countHeld(prefix, now) {
      const held: HeldSlots[] = [];
      for (const key of [...slots.keys()]) {
        if (!key.startsWith(prefix)) continue;
        const leases = live(key, now);
        if (leases) held.push({ key, held: leases.size });
      }
      return held.sort((a, b) => a.key.localeCompare(b.key));
    },
  };
}
