import type { HeldSlots, LimitStore } from "../types.ts";
import type { LeaseRow, MemoryState } from "./state.ts";

const leaseKey = (key: string, slot: number): string => `${slot}:${key}`;

/**
 * Counters and in-flight slots as the SQL tables hold them (`limit_counters`, `limit_leases`),
 * so that a rolled-back transaction undoes them too. Slots are numbered below the limit as in
 * sql/limit-leases.ts: an acquire takes the lowest free number (one whose lease is missing or
 * expired), which is what decides when the limit of a key changes between calls. Nothing in an
 * operation awaits, so concurrent callers are exact by construction. (limit-store.ts is the
 * process-local store the buffered SQLite limits keep their slots in.)
 */
export function memoryTableLimitStore(state: () => MemoryState): LimitStore {
  const leasesOf = (key: string): LeaseRow[] => [...state().leases.values()].filter((row) => row.key === key);
  return {
    async hit(key, expiresAt, now, by = 1) {
      const current = state().limits.get(key);
      const next =
        current && current.expiresAt > now
          ? { ...current, count: current.count + by }
          : { count: by, expiresAt };
      state().limits.set(key, next);
      return { ...next };
    },
    async peek(key, now) {
      const current = state().limits.get(key);
      return current && current.expiresAt > now ? { ...current } : undefined;
    },
    async reset(key) {
      state().limits.delete(key);
    },
    async acquire(key, lease, limit, leaseExpiresAt, now) {
      const taken = new Set(leasesOf(key).flatMap((row) => (row.expiresAt > now ? [row.slot] : [])));
      for (let slot = 0; slot < limit; slot++) {
        if (taken.has(slot)) continue;
        state().leases.set(leaseKey(key, slot), { key, slot, lease, expiresAt: leaseExpiresAt });
        return true;
      }
      return false;
    },
    async release(key, lease) {
      for (const row of leasesOf(key)) {
        if (row.lease === lease) state().leases.delete(leaseKey(key, row.slot));
      }
    },
    async countHeld(prefix, now) {
      const held = new Map<string, number>();
      for (const row of state().leases.values()) {
        if (row.expiresAt > now) held.set(row.key, (held.get(row.key) ?? 0) + 1);
      }
      return [...held]
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, count]): HeldSlots => ({ key, held: count }))
        .sort((a, b) => a.key.localeCompare(b.key));
    },
  };
}
