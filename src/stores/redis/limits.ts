import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { storedLimitKey } from "../limit-keys.ts";
import type { HeldSlots, LimitStore } from "../types/limits.ts";
import { luaScript } from "./client.ts";

/**
 * How long Redis keeps a key beyond the moment it stops mattering. Expiry decisions compare
 * the times stored in the value with the caller's `now` (the injected clock, which the sandbox
 * moves); Redis's own TTL only collects keys nobody will read again, so it is set relative to
 * `now` with this margin, and never decides anything itself.
 */
const GC_MARGIN_MS = 60_000;

// Counter `{c: count, e: expiresAt}`; a missing or expired one starts again at `by`. Times stay
// the caller's strings (Lua would print a large number as 1.7e+12).
const HIT = luaScript(`
local e = redis.call('HGET', KEYS[1], 'e')
if e == false or tonumber(e) <= tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], 'c', ARGV[3], 'e', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return {tonumber(ARGV[3]), ARGV[1]}
end
return {redis.call('HINCRBY', KEYS[1], 'c', ARGV[3]), e}
`);

// A sorted set of leases scored by their expiry: drop the expired, then take a slot if one is free.
const ACQUIRE = luaScript(`
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[5]) then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end
return 1
`);

// HIT on KEYS[1] then, when its new count is within ARGV[5] (0: no limit), ACQUIRE on KEYS[2].
// Returns {count, expiresAt, 1 when a slot was taken}. The two keys may live on different
// cluster slots only outside Redis Cluster, which billet does not support.
const SPEND = luaScript(`
local e = redis.call('HGET', KEYS[1], 'e')
local c
if e == false or tonumber(e) <= tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], 'c', '1', 'e', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  c = 1
  e = ARGV[1]
else
  c = redis.call('HINCRBY', KEYS[1], 'c', 1)
end
local limit = tonumber(ARGV[4])
if limit > 0 and c > limit then return {c, e, 0} end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return {c, e, 0} end
redis.call('ZADD', KEYS[2], ARGV[6], ARGV[7])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[8]) then redis.call('PEXPIRE', KEYS[2], ARGV[8]) end
return {c, e, 1}
`);

export interface RedisLimitStore extends LimitStore {
  /** Gives back every slot this process still holds (a request cut short), then resolves. */
  close(): Promise<void>;
}

const ttl = (until: number, now: number): string => String(Math.max(until - now, 0) + GC_MARGIN_MS);
const escapeGlob = (text: string): string => text.replace(/[*?[\]\\]/g, "\\$&");

/**
 * The LimitStore of a fleet: every count and slot in Redis, each operation one command or one
 * script, so that limits hold across every instance (spec section 6). Counter keys are the
 * SHA-256 of the limit key (they carry usernames and addresses that clients send: never in
 * plaintext, and any length); slot keys keep their plain name (devKey and organization ids)
 * so that `countHeld` can find them by prefix.
 */
export function redisLimitStore(redis: Redis, prefix: string): RedisLimitStore {
  const counterKey = (key: string) => `${prefix}c:${createHash("sha256").update(key, "utf8").digest("hex")}`;
  const slotPrefix = `${prefix}f:`;
  const slotKey = (key: string) => `${slotPrefix}${storedLimitKey(key)}`;
  /** Slots this process holds: released at close if their request did not release them. */
  const held = new Map<string, Set<string>>();
  const releasing = new Set<Promise<void>>();

  const release = async (stored: string, lease: string): Promise<void> => {
    await redis.zrem(stored, lease);
    const leases = held.get(stored);
    leases?.delete(lease);
    if (leases?.size === 0) held.delete(stored);
  };

  return {
    async hit(key, expiresAt, now, by = 1) {
      const [count, expires] = (await HIT(
        redis,
        [counterKey(key)],
        [String(expiresAt), String(now), String(by), ttl(expiresAt, now)],
      )) as [number, string];
      return { count: Number(count), expiresAt: Number(expires) };
    },
    async peek(key, now) {
      const [count, expires] = await redis.hmget(counterKey(key), "c", "e");
      if (count === null || expires === null || Number(expires) <= now || Number(count) <= 0)
        return undefined;
      return { count: Number(count), expiresAt: Number(expires) };
    },
    async reset(key) {
      await redis.del(counterKey(key));
    },
    async acquire(key, lease, limit, leaseExpiresAt, now) {
      const stored = slotKey(key);
      const won = await ACQUIRE(
        redis,
        [stored],
        [String(now), String(limit), String(leaseExpiresAt), lease, ttl(leaseExpiresAt, now)],
      );
      if (Number(won) !== 1) return false;
      const leases = held.get(stored) ?? new Set<string>();
      leases.add(lease);
      held.set(stored, leases);
      return true;
    },
    async spend(hit, slot) {
      const stored = slotKey(slot.key);
      const [count, expires, won] = (await SPEND(
        redis,
        [counterKey(hit.key), stored],
        [
          String(hit.expiresAt),
          String(hit.now),
          ttl(hit.expiresAt, hit.now),
          String(hit.limit),
          String(slot.limit),
          String(slot.leaseExpiresAt),
          slot.lease,
          ttl(slot.leaseExpiresAt, hit.now),
        ],
      )) as [number, string, number];
      const acquired = Number(won) === 1;
      if (acquired) {
        const leases = held.get(stored) ?? new Set<string>();
        leases.add(slot.lease);
        held.set(stored, leases);
      }
      return { counter: { count: Number(count), expiresAt: Number(expires) }, acquired };
    },
    async release(key, lease) {
      const pending = release(slotKey(key), lease);
      releasing.add(pending);
      try {
        await pending;
      } finally {
        releasing.delete(pending);
      }
    },
    async countHeld(keyPrefix, now) {
      const keys = new Set<string>();
      let cursor = "0";
      do {
        const [next, found] = await redis.scan(
          cursor,
          "MATCH",
          `${escapeGlob(slotPrefix + keyPrefix)}*`,
          "COUNT",
          1000,
        );
        cursor = next;
        for (const key of found) keys.add(key);
      } while (cursor !== "0");
      const result: HeldSlots[] = [];
      for (const stored of keys) {
        const count = await redis.zcount(stored, `(${now}`, "+inf");
        if (count > 0) result.push({ key: stored.slice(slotPrefix.length), held: count });
      }
      return result.sort((a, b) => a.key.localeCompare(b.key));
    },
    async close() {
      await Promise.allSettled([...releasing]);
      const leftovers = [...held].flatMap(([stored, leases]) => [...leases].map((lease) => [stored, lease]));
      await Promise.allSettled(
        leftovers.map(([stored, lease]) => release(stored as string, lease as string)),
      );
    },
  };
}
