import { describe, expect, it } from "vitest";
import { ConcurrencyLimiter } from "./core/limiter.ts";
import { APIUserAbortError } from "./errors.ts";
import { flush } from "./testing/fake-fetch.ts";

describe("ConcurrencyLimiter", () => {
  it("admits 3 per key at once and queues the rest in FIFO order", async () => {
    const limiter = new ConcurrencyLimiter(3);
    const releases = await Promise.all([1, 2, 3].map(() => limiter.acquire("org-a")));
    const order: number[] = [];
    const fourth = limiter.acquire("org-a").then((release) => {
      order.push(4);
      return release;
    });
    const fifth = limiter.acquire("org-a").then((release) => {
      order.push(5);
      return release;
    });
    await flush();
    expect(order).toEqual([]);
    expect(limiter.active("org-a")).toBe(3);
    expect(limiter.waiting("org-a")).toBe(2);

    releases[1]?.();
    await flush();
    expect(order).toEqual([4]);
    releases[1]?.(); // a second release of the same slot changes nothing
    await flush();
    expect(order).toEqual([4]);

    releases[0]?.();
    await flush();
    expect(order).toEqual([4, 5]);
    expect(limiter.active("org-a")).toBe(3);
    for (const release of [releases[2], await fourth, await fifth]) release?.();
    expect(limiter.active("org-a")).toBe(0);
  });

  it("keeps organizations independent", async () => {
    const limiter = new ConcurrencyLimiter(1);
    await limiter.acquire("org-a");
    let granted = false;
    void limiter.acquire("org-b").then(() => {
      granted = true;
    });
    await flush();
    expect(granted).toBe(true);
  });

  it("an aborted waiter leaves the queue", async () => {
    const limiter = new ConcurrencyLimiter(1);
    const release = await limiter.acquire("org-a");
    const controller = new AbortController();
    const waiting = limiter.acquire("org-a", controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(APIUserAbortError);
    expect(limiter.waiting("org-a")).toBe(0);
    release();
    expect(limiter.active("org-a")).toBe(0);
    await expect(limiter.acquire("org-a", controller.signal)).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("rejects a nonsense cap", () => {
    expect(() => new ConcurrencyLimiter(0)).toThrow(RangeError);
  });
});
