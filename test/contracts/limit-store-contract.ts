import { beforeEach, describe, expect, it } from "vitest";
import { spendOn } from "../../src/stores/limit-spend.ts";
import type { LimitStore } from "../../src/stores/types/limits.ts";

const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);
const LEASE = 60_000;

/**
 * What spec section 6 needs from any LimitStore beyond single hits: counting by more than one
 * (write-back), and in-flight slots that are exact under concurrency, released once, and
 * reclaimed when a holder dies. Called by storeContract (every backend) and on its own for
 * the memory and buffered implementations.
 */
export function limitStoreContract(makeLimits: () => LimitStore | Promise<LimitStore>) {
  describe("limits: counts and in-flight slots", () => {
    let limits: LimitStore;
    beforeEach(async () => {
      limits = await makeLimits();
    });

    it("counts by more than one, and starts an expired window at that amount", async () => {
      await limits.hit("n", T0 + 1000, T0);
      expect(await limits.hit("n", T0 + 1000, T0, 4)).toEqual({ count: 5, expiresAt: T0 + 1000 });
      expect(await limits.hit("n", T0 + 9000, T0 + 1000, 3)).toEqual({ count: 3, expiresAt: T0 + 9000 });
      expect(await limits.peek("n", T0 + 1000)).toEqual({ count: 3, expiresAt: T0 + 9000 });
    });

    it("gives exactly `limit` of fifty concurrent acquirers a slot", async () => {
      const granted = await Promise.all(
        Array.from({ length: 50 }, (_, i) => limits.acquire("f", `lease-${i}`, 3, T0 + LEASE, T0)),
      );
      expect(granted.filter(Boolean)).toHaveLength(3);
      expect(await limits.countHeld("f", T0)).toEqual([{ key: "f", held: 3 }]);
    });

    it("spends a counter and takes a slot together; over the counter's limit it takes none", async () => {
      const spend = (lease: string, now = T0) =>
        spendOn(
          limits,
          { key: "sp:n", expiresAt: T0 + 1000, now, limit: 2 },
          { key: "sp:f", lease, limit: 3, leaseExpiresAt: T0 + LEASE },
        );
      expect(await spend("a")).toEqual({ counter: { count: 1, expiresAt: T0 + 1000 }, acquired: true });
      expect(await spend("b")).toEqual({ counter: { count: 2, expiresAt: T0 + 1000 }, acquired: true });
      // Third in the window: over its limit of 2, counted, and no slot taken.
      expect(await spend("c")).toEqual({ counter: { count: 3, expiresAt: T0 + 1000 }, acquired: false });
      expect(await limits.countHeld("sp:f", T0)).toEqual([{ key: "sp:f", held: 2 }]);
      // A new window starts at 1.
      expect((await spend("d", T0 + 1000)).counter.count).toBe(1);
    });

    it("gives exactly `limit` of fifty concurrent spenders a slot, and counts them all", async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          spendOn(
            limits,
            { key: "sp2:n", expiresAt: T0 + 1000, now: T0, limit: 0 },
            { key: "sp2:f", lease: `lease-${i}`, limit: 3, leaseExpiresAt: T0 + LEASE },
          ),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.acquired)).toHaveLength(3);
      expect(outcomes.map((outcome) => outcome.counter.count).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      expect(await limits.countHeld("sp2:f", T0)).toEqual([{ key: "sp2:f", held: 3 }]);
    });

    it("answers at once where it offers to (spendNow, releaseNow) exactly as it would later", async () => {
      // Offered by the memory store and the buffered limits; the others always wait.
      if (!limits.spendNow) return;
      const hit = { key: "now:n", expiresAt: T0 + 1000, now: T0, limit: 2 };
      const slot = (lease: string) => ({ key: "now:f", lease, limit: 3, leaseExpiresAt: T0 + LEASE });
      // A store may need the key in memory first (buffered limits): then the first is a promise.
      const first = limits.spendNow(hit, slot("a")) ?? (await spendOn(limits, hit, slot("a")));
      expect(first).toEqual({ counter: { count: 1, expiresAt: T0 + 1000 }, acquired: true });
      expect(limits.spendNow(hit, slot("b"))).toEqual({
        counter: { count: 2, expiresAt: T0 + 1000 },
        acquired: true,
      });
      expect(limits.spendNow(hit, slot("c"))).toEqual({
        counter: { count: 3, expiresAt: T0 + 1000 },
        acquired: false,
      });
      expect(await limits.peek("now:n", T0)).toEqual({ count: 3, expiresAt: T0 + 1000 });
      expect(await limits.countHeld("now:f", T0)).toEqual([{ key: "now:f", held: 2 }]);
      // A store that spends at once holds its slots in memory, and gives them back at once.
      expect(limits.releaseNow?.("now:f", "a")).toBe(true);
      expect(await limits.countHeld("now:f", T0)).toEqual([{ key: "now:f", held: 1 }]);
    });

    it("frees a slot on release, only once, and ignores unknown leases", async () => {
      for (const lease of ["a", "b", "c"])
        expect(await limits.acquire("r", lease, 3, T0 + LEASE, T0)).toBe(true);
      expect(await limits.acquire("r", "d", 3, T0 + LEASE, T0)).toBe(false);
      await limits.release("r", "b");
      expect(await limits.acquire("r", "d", 3, T0 + LEASE, T0)).toBe(true);
      // "b" again, and a lease nobody holds: neither frees d's or anyone's slot.
      await limits.release("r", "b");
      await limits.release("r", "nobody");
      expect(await limits.acquire("r", "e", 3, T0 + LEASE, T0)).toBe(false);
      for (const lease of ["a", "c", "d"]) await limits.release("r", lease);
      expect(await limits.countHeld("r", T0)).toEqual([]);
    });

    it("hands the slot of an expired lease to the next acquirer (a crashed holder)", async () => {
      expect(await limits.acquire("x", "crashed", 1, T0 + 1000, T0)).toBe(true);
      expect(await limits.acquire("x", "next", 1, T0 + 5000, T0 + 999)).toBe(false);
      expect(await limits.countHeld("x", T0 + 1000)).toEqual([]);
      expect(await limits.acquire("x", "next", 1, T0 + 5000, T0 + 1000)).toBe(true);
      // The late release of the dead lease does not free the new holder's slot.
      await limits.release("x", "crashed");
      expect(await limits.countHeld("x", T0 + 1000)).toEqual([{ key: "x", held: 1 }]);
    });

    it("keeps keys apart and counts held slots by key prefix", async () => {
      await limits.acquire("in-flight:k1:o1", "1", 3, T0 + LEASE, T0);
      await limits.acquire("in-flight:k1:o1", "2", 3, T0 + LEASE, T0);
      await limits.acquire("in-flight:k1:o2", "3", 3, T0 + LEASE, T0);
      await limits.acquire("in-flight:k2:o1", "4", 3, T0 + LEASE, T0);
      expect(await limits.countHeld("in-flight:k1:", T0)).toEqual([
        { key: "in-flight:k1:o1", held: 2 },
        { key: "in-flight:k1:o2", held: 1 },
      ]);
    });

    it("never holds more than the limit and leaks nothing under concurrent acquire/release churn", async () => {
      let holding = 0;
      let most = 0;
      const worker = async (id: number) => {
        for (let round = 0; round < 10; round++) {
          const lease = `w${id}-${round}`;
          if (!(await limits.acquire("churn", lease, 3, T0 + LEASE, T0))) continue;
          holding += 1;
          most = Math.max(most, holding);
          await limits.countHeld("churn", T0);
          holding -= 1;
          await limits.release("churn", lease);
        }
      };
      await Promise.all(Array.from({ length: 12 }, (_, id) => worker(id)));
      expect(most).toBeGreaterThan(0);
      expect(most).toBeLessThanOrEqual(3);
      expect(await limits.countHeld("churn", T0)).toEqual([]);
    });
  });
}

/**
 * `inner` seen through a key prefix: every key the contract uses is stored as `prefix` + key,
 * so that a routing store sends all of them where that prefix goes (routed-limits.ts).
 */
export function underPrefix(inner: LimitStore, prefix: string): LimitStore {
  return {
    hit: (key, expiresAt, now, by) => inner.hit(prefix + key, expiresAt, now, by),
    peek: (key, now) => inner.peek(prefix + key, now),
    reset: (key) => inner.reset(prefix + key),
    acquire: (key, lease, limit, leaseExpiresAt, now) =>
      inner.acquire(prefix + key, lease, limit, leaseExpiresAt, now),
    release: (key, lease) => inner.release(prefix + key, lease),
    countHeld: async (keyPrefix, now) =>
      (await inner.countHeld(prefix + keyPrefix, now)).map((slots) => ({
        key: slots.key.slice(prefix.length),
        held: slots.held,
      })),
  };
}
