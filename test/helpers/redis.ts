/**
 * Redis for tests: the server named by REDIS_URL (CI sets `redis://127.0.0.1:6379`), with one
 * fresh key prefix per suite or test, whose keys are deleted afterwards, so that suites running
 * in parallel on one Redis never see each other's keys. Without REDIS_URL the Redis suites skip,
 * saying why. A PostgreSQL DATABASE_URL is needed too: Redis only ever joins PostgreSQL.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { describe } from "vitest";
import { isRedisUrl } from "../../src/stores/redis/redis-url.ts";
import { POSTGRES_URL } from "./postgres.ts";

const fromEnv = process.env.REDIS_URL;

/** The Redis server of the test run, or undefined when there is none. */
export const REDIS_URL: string | undefined = fromEnv && isRedisUrl(fromEnv) ? fromEnv : undefined;

export const REDIS_SKIP_REASON =
  "Redis suites skipped: they need REDIS_URL (a redis:// URL) and a postgres:// DATABASE_URL (CI sets redis://127.0.0.1:6379 and postgres://postgres@127.0.0.1:5432/test)";

let told = false;
/** `describe` that runs only when REDIS_URL names Redis and DATABASE_URL PostgreSQL. */
export function describeRedis(name: string, body: () => void, options: { timeout?: number } = {}): void {
  const skip = !REDIS_URL || !POSTGRES_URL;
  if (skip && !told) {
    told = true;
    console.log(REDIS_SKIP_REASON);
  }
  describe.skipIf(skip)(`${name} [postgres+redis]`, options, body);
}

/** A new key prefix (`billet:t_…:`) for one test's stores or servers. */
export const testRedisPrefix = (): string => `billet:t_${randomBytes(6).toString("hex")}:`;

/** A plain client for reading what billet wrote (and deleting it). */
export function adminRedis(url = REDIS_URL ?? ""): Redis {
  return new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true });
}

/** Every key under `prefix`. */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    keys.push(...found);
  } while (cursor !== "0");
  return keys;
}

/** Deletes every key under the test prefixes given (only `billet:t_…` ones). */
export async function dropRedisKeys(prefixes: readonly string[]): Promise<void> {
  if (!REDIS_URL || prefixes.length === 0) return;
  const redis = adminRedis();
  try {
    for (const prefix of prefixes) {
      if (!prefix.startsWith("billet:t_")) continue;
      const keys = await keysUnder(redis, prefix);
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}
