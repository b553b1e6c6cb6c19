import type { Counter, LimitStore, SpendHit, SpendSlot } from "./types/limits.ts";

/**
 * `LimitStore.spend` on any store: its own single round trip when it has one, else `hit` then
 * `acquire` (the same answers, two round trips; atomic each, which the memory and SQL stores'
 * callers have always relied on). `slots` is where the slot's key lives when it is not `store`
 * (routed-limits.ts): then there is no single round trip either.
 */
export async function spendOn(
  store: LimitStore,
  hit: SpendHit,
  slot: SpendSlot,
  slots: LimitStore = store,
): Promise<{ counter: Counter; acquired: boolean }> {
  if (store.spend && slots === store) return store.spend(hit, slot);
  const counter = await store.hit(hit.key, hit.expiresAt, hit.now);
  if (hit.limit > 0 && counter.count > hit.limit) return { counter, acquired: false };
  const acquired = await slots.acquire(slot.key, slot.lease, slot.limit, slot.leaseExpiresAt, hit.now);
  return { counter, acquired };
}
