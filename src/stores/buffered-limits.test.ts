import { describe, expect, it } from "vitest";
import { bufferLimits } from "./buffered-limits.ts";
import { memoryLimitStore } from "./memory/limits.ts";
import type { LimitStore } from "./types/limits.ts";

const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);
const HOUR_END = T0 + 3_600_000;

/** A store that counts the calls made to it. */
function counted(inner: LimitStore = memoryLimitStore()) {
  const calls = { hit: 0, peek: 0, reset: 0 };
  const store: LimitStore = {
    ...inner,
    hit: (...args) => {
      calls.hit += 1;
      return inner.hit(...args);
    },
    peek: (...args) => {
      calls.peek += 1;
      return inner.peek(...args);
    },
    reset: (key) => {
      calls.reset += 1;
      return inner.reset(key);
    },
  };
  return { store, calls };
}

describe("bufferLimits", () => {
  it("counts in memory from the stored value and writes the increments back on flush", async () => {
    const { store, calls } = counted();
    await store.hit("k", HOUR_END, T0, 5);
    const buffered = bufferLimits(store, 0);
    expect((await buffered.hit("k", HOUR_END, T0)).count).toBe(6);
    expect((await buffered.hit("k", HOUR_END, T0 + 1)).count).toBe(7);
    expect(await store.peek("k", T0)).toEqual({ count: 5, expiresAt: HOUR_END });
    await buffered.flush();
    expect(await store.peek("k", T0)).toEqual({ count: 7, expiresAt: HOUR_END });
    expect(calls.hit).toBe(2); // the setup's, and one write of +2
  });

  it("reads a cold key once for fifty concurrent hits, and counts them 1 to 50", async () => {
    const { store, calls } = counted();
    const buffered = bufferLimits(store, 0);
    const counts = await Promise.all(Array.from({ length: 50 }, () => buffered.hit("k", HOUR_END, T0)));
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(calls.peek).toBe(1);
    await buffered.flush();
    expect((await store.peek("k", T0))?.count).toBe(50);
  });

  it("starts a new window without the old window's unwritten hits", async () => {
    const { store } = counted();
    const buffered = bufferLimits(store, 0);
    await buffered.hit("k", HOUR_END, T0);
    await buffered.flush();
    await buffered.hit("k", HOUR_END, T0 + 10);
    expect(await buffered.hit("k", HOUR_END + 3_600_000, HOUR_END)).toEqual({
      count: 1,
      expiresAt: HOUR_END + 3_600_000,
    });
    await buffered.flush();
    expect(await store.peek("k", HOUR_END)).toEqual({ count: 1, expiresAt: HOUR_END + 3_600_000 });
  });

  it("answers a reset at once, without reading, and writes it back", async () => {
    const { store, calls } = counted();
    await store.hit("k", HOUR_END, T0, 9);
    const buffered = bufferLimits(store, 0);
    await buffered.reset("k");
    expect(await buffered.peek("k", T0)).toBeUndefined();
    expect(calls.peek).toBe(0);
    expect((await buffered.hit("k", HOUR_END, T0)).count).toBe(1);
    await buffered.flush();
    expect(calls.reset).toBe(1);
    expect((await store.peek("k", T0))?.count).toBe(1);
  });

  it("forgets idle keys once written, and reads them again when needed", async () => {
    const { store, calls } = counted();
    const buffered = bufferLimits(store, 0);
    await buffered.hit("k", HOUR_END, T0);
    await buffered.flush(); // written; used since the previous flush, so kept
    await buffered.flush(); // idle for a whole interval: forgotten
    await store.hit("k", HOUR_END, T0, 10); // as if another process had counted meanwhile
    expect((await buffered.hit("k", HOUR_END, T0)).count).toBe(12);
    expect(calls.peek).toBe(2);
  });

  it("keeps a write that failed and makes it at the next flush", async () => {
    const { store } = counted();
    let failNext = true;
    const flaky: LimitStore = {
      ...store,
      hit: (...args) => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error("disk busy"));
        }
        return store.hit(...args);
      },
    };
    const buffered = bufferLimits(flaky, 0);
    await buffered.hit("k", HOUR_END, T0, 3);
    await expect(buffered.flush()).rejects.toThrow("disk busy");
    await buffered.flush();
    expect((await store.peek("k", T0))?.count).toBe(3);
  });

  it("holds in-flight slots in memory only, and counts the store's as well", async () => {
    const { store } = counted();
    const buffered = bufferLimits(store, 0);
    expect(await buffered.acquire("in-flight:k:o", "a", 3, T0 + 60_000, T0)).toBe(true);
    expect(await store.countHeld("in-flight:", T0)).toEqual([]);
    // A write-through process's slot in the shared store.
    await store.acquire("in-flight:k:o", "b", 3, T0 + 60_000, T0);
    expect(await buffered.countHeld("in-flight:", T0)).toEqual([{ key: "in-flight:k:o", held: 2 }]);
  });

  it("writes everything back on close", async () => {
    const { store } = counted();
    const buffered = bufferLimits(store, 60_000);
    await buffered.hit("k", HOUR_END, T0, 2);
    await buffered.close();
    expect((await store.peek("k", T0))?.count).toBe(2);
  });
});

describe("bufferLimits without waiting (spendNow, releaseNow)", () => {
  const hit = (now: number, limit = 3) => ({ key: "hourly", expiresAt: HOUR_END, now, limit });
  const slot = (lease: string) => ({ key: "lane", lease, limit: 2, leaseExpiresAt: T0 + 60_000 });

  it("answers only once the counter is in memory, then counts exactly as spend does", async () => {
    const { store } = counted();
    await store.hit("hourly", HOUR_END, T0, 1);
    const buffered = bufferLimits(store, 0);
    // Not loaded yet: nothing answered and nothing spent.
    expect(buffered.spendNow?.(hit(T0), slot("a"))).toBeUndefined();
    expect((await buffered.hit("hourly", HOUR_END, T0)).count).toBe(2);
    expect(buffered.spendNow?.(hit(T0), slot("a"))).toEqual({
      counter: { count: 3, expiresAt: HOUR_END },
      acquired: true,
    });
    // Over the counter's limit: counted, and no slot taken.
    expect(buffered.spendNow?.(hit(T0), slot("b"))).toEqual({
      counter: { count: 4, expiresAt: HOUR_END },
      acquired: false,
    });
    expect(await buffered.countHeld("lane", T0)).toEqual([{ key: "lane", held: 1 }]);
    await buffered.flush();
    expect(await store.peek("hourly", T0)).toEqual({ count: 4, expiresAt: HOUR_END });
  });

  it("holds at most the slot limit, and a slot given back at once is free again", async () => {
    const buffered = bufferLimits(memoryLimitStore(), 0);
    await buffered.hit("hourly", HOUR_END, T0);
    const take = (lease: string) => buffered.spendNow?.(hit(T0, 0), slot(lease))?.acquired;
    expect([take("a"), take("b"), take("c")]).toEqual([true, true, false]);
    expect(buffered.releaseNow?.("lane", "a")).toBe(true);
    expect(take("d")).toBe(true);
    expect(await buffered.countHeld("lane", T0)).toEqual([{ key: "lane", held: 2 }]);
  });
});
