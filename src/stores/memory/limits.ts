import type { Counter, HeldSlots, LimitStore, SpendHit, SpendSlot } from "../types/limits.ts";

/**
 * Counters and in-flight slots in this process's memory. Every operation completes without
 * awaiting anything, so concurrent callers on one event loop are exact by construction.
 * It is the in-flight half of the buffered SQLite limits (a slot never outlives its process)
 * and a reference implementation for the store contract.
 */
export interface MemoryLimitStore extends LimitStore {
  spendNow(hit: SpendHit, slot: SpendSlot): { counter: Counter; acquired: boolean };
  /** `acquire`, synchronously. */
  acquireNow(key: string, lease: string, limit: number, leaseExpiresAt: number, now: number): boolean;
  releaseNow(key: string, lease: string): true;
}

export function memoryLimitStore(): MemoryLimitStore {
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

  const hit = (key: string, expiresAt: number, now: number, by = 1): Counter => {
    const counter = counters.get(key);
    if (!counter || counter.expiresAt <= now) {
      const fresh = { count: by, expiresAt };
      counters.set(key, fresh);
      return { ...fresh };
    }
    counter.count += by;
    return { ...counter };
  };
  const acquire = (key: string, lease: string, limit: number, leaseExpiresAt: number, now: number) => {
    const leases = live(key, now);
    if ((leases?.size ?? 0) >= limit) return false;
    if (leases) leases.set(lease, leaseExpiresAt);
    else slots.set(key, new Map([[lease, leaseExpiresAt]]));
    return true;
  };
  const release = (key: string, lease: string): true => {
    const leases = slots.get(key);
    if (leases) {
      leases.delete(lease);
      if (leases.size === 0) slots.delete(key);
    }
    return true;
  };
  const spendNow = (spent: SpendHit, slot: SpendSlot) => {
    const counter = hit(spent.key, spent.expiresAt, spent.now);
    if (spent.limit > 0 && counter.count > spent.limit) return { counter, acquired: false };
    return { counter, acquired: acquire(slot.key, slot.lease, slot.limit, slot.leaseExpiresAt, spent.now) };
  };

  return {
    async hit(key, expiresAt, now, by = 1) {
      return hit(key, expiresAt, now, by);
    },
    async spend(spent, slot) {
      return spendNow(spent, slot);
    },
    spendNow,
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
      return acquire(key, lease, limit, leaseExpiresAt, now);
    },
    async release(key, lease) {
      release(key, lease);
    },
    acquireNow: acquire,
    releaseNow: release,
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
