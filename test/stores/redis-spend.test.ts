import { Redis } from "ioredis";
import { afterAll, afterEach, expect, it } from "vitest";
import { redisLimitStore } from "../../src/stores/redis/limits.ts";
import type { LimitStore, SpendHit, SpendSlot } from "../../src/stores/types/limits.ts";
import { describeRedis, dropRedisKeys, keysUnder, REDIS_URL, testRedisPrefix } from "../helpers/redis.ts";

// Two "instances": two stores on separate connections, sharing one Redis prefix.
const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);
const prefixes: string[] = [];
const clients: Redis[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
});
afterAll(() => dropRedisKeys(prefixes));

const connect = (): Redis => {
  const client = new Redis(REDIS_URL as string);
  clients.push(client);
  return client;
};

const request = (lease: string, now = T0): [SpendHit, SpendSlot] => [
  { key: "hourly:dk", expiresAt: T0 + 3_600_000, now, limit: 100 },
  { key: "flight:dk:org", lease, limit: 3, leaseExpiresAt: now + 60_000 },
];

/** The store's own one-round-trip spend (the Redis store has one). */
const spend = (store: LimitStore, [hit, slot]: [SpendHit, SpendSlot]) => {
  if (!store.spend) throw new Error("this store has no spend of its own");
  return store.spend(hit, slot);
};

describeRedis("Redis spend across two instances", () => {
  it("never lets two instances hold more than 3 slots together, in one command per spend", async () => {
    const prefix = testRedisPrefix();
    prefixes.push(prefix);
    const [a, b] = [connect(), connect()];
    let commands = 0;
    for (const client of [a, b]) {
      const send = client.sendCommand.bind(client);
      client.sendCommand = (command) => {
        commands += 1;
        return send(command);
      };
    }
    const [storeA, storeB] = [redisLimitStore(a, prefix), redisLimitStore(b, prefix)];
    await Promise.all([spend(storeA, request("warm-a")), spend(storeB, request("warm-b"))]);
    await storeA.release("flight:dk:org", "warm-a");
    await storeB.release("flight:dk:org", "warm-b");
    commands = 0;
    const spent = await Promise.all(
      Array.from({ length: 40 }, (_, i) => spend(i % 2 ? storeA : storeB, request(`lease-${i}`))),
    );
    // One EVALSHA per spend: the hourly count and the slot in one round trip.
    expect(commands).toBe(40);
    expect(spent.filter((result) => result.acquired)).toHaveLength(3);
    expect(Math.max(...spent.map((result) => result.counter.count))).toBe(42);
    expect(await storeA.countHeld("flight:", T0)).toEqual([{ key: "flight:dk:org", held: 3 }]);
  });

  it("keeps refusing and allowing as documented after the prefix is flushed mid-run", async () => {
    const prefix = testRedisPrefix();
    prefixes.push(prefix);
    const [storeA, storeB] = [redisLimitStore(connect(), prefix), redisLimitStore(connect(), prefix)];
    for (const lease of ["a1", "a2", "a3"]) expect((await spend(storeA, request(lease))).acquired).toBe(true);
    expect((await spend(storeB, request("b1"))).acquired).toBe(false);
    // Redis comes back empty: the counter starts over and the leases are gone.
    const admin = connect();
    await admin.del(...(await keysUnder(admin, prefix)));
    expect(await keysUnder(admin, prefix)).toEqual([]);
    const after = await spend(storeB, request("b2"));
    expect(after).toEqual({ counter: { count: 1, expiresAt: T0 + 3_600_000 }, acquired: true });
    // Slots of requests still running on A are forgotten: at most 3 more than the limit for a lease's time.
    for (const lease of ["b3", "b4"]) expect((await spend(storeB, request(lease))).acquired).toBe(true);
    expect((await spend(storeB, request("b5"))).acquired).toBe(false);
    // A's late release of a forgotten lease is harmless and frees nothing of B's.
    await storeA.release("flight:dk:org", "a1");
    expect(await storeB.countHeld("flight:", T0)).toEqual([{ key: "flight:dk:org", held: 3 }]);
  });

  it("hands the slots of an instance that died to others once its leases expire", async () => {
    const prefix = testRedisPrefix();
    prefixes.push(prefix);
    const [dead, live] = [redisLimitStore(connect(), prefix), redisLimitStore(connect(), prefix)];
    for (const lease of ["d1", "d2", "d3"]) expect((await spend(dead, request(lease))).acquired).toBe(true);
    expect((await spend(live, request("l1", T0 + 59_999))).acquired).toBe(false);
    expect((await spend(live, request("l2", T0 + 60_000))).acquired).toBe(true);
  });
});
