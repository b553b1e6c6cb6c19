import type { Redis } from "ioredis";
import type { Kysely } from "kysely";
import { isLockoutKey } from "../limit-keys.ts";
import { routeLimits } from "../routed-limits.ts";
import type { Database } from "../sql/schema.ts";
import { sqlIdleSessionSweep } from "../sql/sessions.ts";
import type { StoreSnapshot, Stores } from "../types/index.ts";
import { closeRedis, openRedis } from "./client.ts";
import { redisLimitStore } from "./limits.ts";
import { redisSessionStore } from "./sessions.ts";

export interface RedisSettings {
  url: string;
  /** Prefix of every key; each PostgreSQL schema gets its own by default. */
  prefix: string;
  sessionIdleMs: number;
  /** How often each process writes session activity back to PostgreSQL (0 = at once). */
  writeBackMs: number;
  /** Lockout counters in PostgreSQL rather than Redis (BILLET_LOCKOUTS_IN_DATABASE). */
  lockoutsInDatabase?: boolean;
  onError?: (error: Error) => void;
}

/** Activity keys outlive the idle expiry by this much, then Redis drops them by itself. */
const ACTIVITY_TTL_MARGIN_MS = 5 * 60_000;

/**
 * PostgreSQL stores with Redis holding what every request writes: session activity, limit
 * counters and in-flight slots (design section 6). Everything else stays in PostgreSQL, and
 * so do the lockout counters when `lockoutsInDatabase` is set: a lock must outlive a Redis
 * that restarts empty, a budget need not.
 */
export async function withRedis(
  stores: Stores,
  db: Kysely<Database>,
  settings: RedisSettings,
): Promise<Stores> {
  const redis = await openRedis({
    url: settings.url,
    ...(settings.onError ? { onError: settings.onError } : {}),
  });
  const redisLimits = redisLimitStore(redis, settings.prefix);
  const limits = settings.lockoutsInDatabase
    ? routeLimits({ rest: redisLimits, routedTo: stores.limits, routed: isLockoutKey })
    : redisLimits;
  const sessions = redisSessionStore({
    inner: stores.sessions,
    sweep: sqlIdleSessionSweep(db),
    redis,
    prefix: settings.prefix,
    activityTtlMs: settings.sessionIdleMs + ACTIVITY_TTL_MARGIN_MS,
    writeBackMs: settings.writeBackMs,
  });
  return {
    ...stores,
    sessions,
    limits,
    // Rows written in a transaction stay PostgreSQL's; counters never take part in one.
    transaction: (work) => stores.transaction((tx) => work({ ...tx, limits })),
    pingRedis: async () => {
      await redis.ping();
    },
    // A restore replaces the records in PostgreSQL and forgets what Redis held for them:
    // activity, counters, lockouts, leases (a request in flight finds its lease gone, harmless).
    // A snapshot holds the records; what Redis holds (activity, counters) is not in it, so a
    // restore starts those afresh: activity from the restored rows, budgets from zero.
    ...(stores.takeSnapshot
      ? { takeSnapshot: () => sessions.flush().then(() => stores.takeSnapshot?.() as Promise<StoreSnapshot>) }
      : {}),
    ...(stores.restoreSnapshot
      ? {
          restoreSnapshot: async (snapshot: StoreSnapshot) => {
            await sessions.discard();
            await stores.restoreSnapshot?.(snapshot);
            await deleteKeysUnder(redis, settings.prefix);
          },
        }
      : {}),
    async close() {
      // Activity to PostgreSQL and leftover slots to Redis first, then the connections.
      const results = await Promise.allSettled([sessions.close(), redisLimits.close()]);
      await stores.close();
      await closeRedis(redis);
      for (const result of results) if (result.status === "rejected") throw result.reason;
    },
  };
}

/** Deletes every key under `prefix` (this fleet's), a batch of SCAN at a time. */
async function deleteKeysUnder(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== "0");
}
