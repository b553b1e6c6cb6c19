import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { openStores } from "../../src/stores/open-stores.ts";
import type { Stores } from "../../src/stores/types/index.ts";
import { limitStoreContract, underPrefix } from "../contracts/limit-store-contract.ts";
import { storeContract } from "../contracts/store-contract.ts";
import { tableRows } from "../helpers/backends.ts";
import { type TestSchema, testSchema } from "../helpers/postgres.ts";
import {
  adminRedis,
  describeRedis,
  dropRedisKeys,
  keysUnder,
  REDIS_URL,
  testRedisPrefix,
} from "../helpers/redis.ts";

const schemas: TestSchema[] = [];
const prefixes: string[] = [];
afterAll(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
  await dropRedisKeys(prefixes.splice(0));
});

/** PostgreSQL (a fresh schema) with Redis (a fresh key prefix). */
const open = (
  options: { schema?: TestSchema; prefix?: string; flushMs?: number; lockoutsInDatabase?: boolean } = {},
) => {
  const schema = options.schema ?? testSchema();
  if (!options.schema) schemas.push(schema);
  const prefix = options.prefix ?? testRedisPrefix();
  prefixes.push(prefix);
  return openStores({
    databaseUrl: schema.url,
    sessionFlushIntervalMs: options.flushMs ?? 60_000,
    poolSize: 4,
    redisUrl: REDIS_URL ?? null,
    redisKeyPrefix: prefix,
    lockoutsInDatabase: options.lockoutsInDatabase ?? false,
  });
};

describeRedis("stores", () => {
  storeContract("PostgreSQL + Redis", () => open());
});

describeRedis("Redis limit store", () => {
  let stores: Stores | undefined;
  afterEach(async () => {
    await stores?.close();
    stores = undefined;
  });
  limitStoreContract(async () => {
    stores = await open();
    return stores.limits;
  });
});

describeRedis("Redis limit store with lockouts in PostgreSQL", () => {
  let stores: Stores | undefined;
  afterEach(async () => {
    await stores?.close();
    stores = undefined;
  });
  describe("the keys that stay in Redis", () => {
    limitStoreContract(async () => {
      stores = await open({ lockoutsInDatabase: true });
      return stores.limits;
    });
  });
  describe("the lockout keys, in PostgreSQL", () => {
    limitStoreContract(async () => {
      stores = await open({ lockoutsInDatabase: true });
      return underPrefix(stores.limits, "operator-failures:");
    });
  });
});

const T0 = Date.UTC(2026, 10, 29, 10, 0, 0);
const SESSION = "0se01AAAAAAAAAAAAAAA";
const TOKEN_HASH = "t".repeat(64);

/** An organization, user, devKey and one session with token hash `t…`, made at T0. */
async function withSession(stores: Stores): Promise<void> {
  const org = "00801AAAAAAAAAAAAAAA";
  await stores.organizations.create(
    {
      id: org,
      name: "A",
      locked: false,
      mfaRequired: false,
      profile: {},
      partnerId: null,
      createdAt: T0,
      updatedAt: T0,
    },
    [{ id: "0po01AAAAAAAAAAAAAAA", organizationId: org, type: "ADMINISTRATOR", name: "", description: "" }],
  );
  await stores.users.create({
    id: "00601AAAAAAAAAAAAAAA",
    email: "a@b.co",
    passwordHash: null,
    firstName: "",
    lastName: "",
    createdAt: T0,
    updatedAt: T0,
  });
  await stores.devKeys.create({
    id: "0dk01AAAAAAAAAAAAAAA",
    name: "k",
    keyHash: "k".repeat(64),
    active: true,
    mfaBypass: false,
    createdAt: T0,
    deactivatedAt: null,
  });
  await stores.sessions.create({
    id: SESSION,
    tokenHash: TOKEN_HASH,
    userId: "00601AAAAAAAAAAAAAAA",
    organizationId: org,
    devKeyId: "0dk01AAAAAAAAAAAAAAA",
    trusted: false,
    partnerId: null,
    createdAt: T0,
    lastActiveAt: T0,
  });
}

describeRedis("PostgreSQL + Redis specifics", () => {
  it("shares activity through Redis at once, and writes it back to PostgreSQL at close", async () => {
    const schema = testSchema();
    schemas.push(schema);
    const prefix = testRedisPrefix();
    const [a, b] = [await open({ schema, prefix }), await open({ schema, prefix })];
    await withSession(a);
    await a.sessions.touch(SESSION, T0 + 34 * 60_000);
    // B sees it at once, through Redis; PostgreSQL does not have it yet (a minute's write-back).
    expect((await b.sessions.findByTokenHash(TOKEN_HASH))?.lastActiveAt).toBe(T0 + 34 * 60_000);
    expect((await b.sessions.list({}))[0]?.lastActiveAt).toBe(T0 + 34 * 60_000);
    // B's sweeper does not delete what A kept alive, though PostgreSQL still says T0.
    expect(await b.sessions.deleteIdleBefore(T0 + 30 * 60_000)).toBe(0);
    await a.close();
    await b.close();
    // Redis gone from the picture: PostgreSQL alone has the activity (written back by A).
    const plain = await openStores({ databaseUrl: schema.url, sessionFlushIntervalMs: 0, poolSize: 2 });
    expect((await plain.sessions.findByTokenHash(TOKEN_HASH))?.lastActiveAt).toBe(T0 + 34 * 60_000);
    await plain.close();
  });

  it("sweeps sessions idle on every instance, and removes their Redis keys", async () => {
    const prefix = testRedisPrefix();
    const stores = await open({ prefix });
    const redis = adminRedis();
    try {
      await withSession(stores);
      await stores.sessions.touch(SESSION, T0 + 1000);
      expect(await keysUnder(redis, `${prefix}s:`)).toEqual([`${prefix}s:${SESSION}`]);
      expect(await stores.sessions.deleteIdleBefore(T0 + 1000)).toBe(0);
      expect(await stores.sessions.deleteIdleBefore(T0 + 1001)).toBe(1);
      expect(await stores.sessions.findByTokenHash(TOKEN_HASH)).toBeUndefined();
      expect(await keysUnder(redis, `${prefix}s:`)).toEqual([]);
    } finally {
      redis.disconnect();
      await stores.close();
    }
  });

  it("keeps no secret and no client-sent text in plaintext in its keys", async () => {
    const prefix = testRedisPrefix();
    const stores = await open({ prefix });
    const redis = adminRedis();
    try {
      await withSession(stores);
      await stores.sessions.touch(SESSION, T0 + 1000);
      await stores.limits.hit("login-failures:user:ann@example.com", T0 + 60_000, T0);
      await stores.limits.acquire(
        "in-flight:0dk01AAAAAAAAAAAAAAA:00801AAAAAAAAAAAAAAA",
        "l1",
        3,
        T0 + 1000,
        T0,
      );
      const keys = (await keysUnder(redis, prefix)).map((key) => key.slice(prefix.length)).sort();
      expect(keys).toEqual([
        expect.stringMatching(/^c:[0-9a-f]{64}$/),
        "f:in-flight:0dk01AAAAAAAAAAAAAAA:00801AAAAAAAAAAAAAAA",
        `s:${SESSION}`,
      ]);
      // Every key expires by itself.
      for (const key of await keysUnder(redis, prefix)) expect(await redis.pttl(key)).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
      await stores.close();
    }
  });

  it("with lockouts in PostgreSQL, counts every lockout there and every budget in Redis", async () => {
    const schema = testSchema();
    schemas.push(schema);
    const prefix = testRedisPrefix();
    const stores = await open({ schema, prefix, lockoutsInDatabase: true });
    const redis = adminRedis();
    try {
      const lockouts = [
        "login-failures:user:ann@example.com",
        "login-lock:user:ann@example.com",
        "login-failures:ip:192.0.2.1",
        "operator-failures:ip:192.0.2.1",
        "mfa-failures:user:00601AAAAAAAAAAAAAAA",
      ];
      for (const key of lockouts) await stores.limits.hit(key, T0 + 60_000, T0);
      expect(await keysUnder(redis, prefix)).toEqual([]);
      expect(await tableRows(schema.url, "limit_counters")).toHaveLength(lockouts.length);
      for (const key of lockouts) expect((await stores.limits.peek(key, T0))?.count).toBe(1);
      await stores.limits.hit("requests:hour:0dk01AAAAAAAAAAAAAAA", T0 + 60_000, T0);
      await stores.limits.hit("mfa-sends:user:00601AAAAAAAAAAAAAAA", T0 + 60_000, T0);
      expect(await keysUnder(redis, `${prefix}c:`)).toHaveLength(2);
      expect(await tableRows(schema.url, "limit_counters")).toHaveLength(lockouts.length);
    } finally {
      redis.disconnect();
      await stores.close();
    }
  });

  it("gives back, at close, the slots its requests still held", async () => {
    const prefix = testRedisPrefix();
    const stores = await open({ prefix });
    const redis = adminRedis();
    try {
      expect(await stores.limits.acquire("in-flight:k:o", "held-1", 3, T0 + 60_000, T0)).toBe(true);
      expect(await redis.zcard(`${prefix}f:in-flight:k:o`)).toBe(1);
      await stores.close();
      expect(await redis.zcard(`${prefix}f:in-flight:k:o`)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});

describeRedis("opening Redis", () => {
  it("names the Redis it cannot reach, never with its password", async () => {
    const schema = testSchema();
    schemas.push(schema);
    const error = await openStores({
      databaseUrl: schema.url,
      sessionFlushIntervalMs: 0,
      poolSize: 2,
      redisUrl: "redis://:s3cret-pw@127.0.0.1:1",
    }).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toMatch(/^cannot open Redis redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
    expect(error?.message).not.toContain("s3cret-pw");
  });
});

describe("configuration with Redis", () => {
  it("refuses REDIS_URL with SQLite, and a malformed one, without echoing it", () => {
    expect(() => loadConfig({ REDIS_URL: "redis://127.0.0.1:6379" })).toThrow(
      /REDIS_URL needs a PostgreSQL DATABASE_URL/,
    );
    const error = (() => {
      try {
        loadConfig({ DATABASE_URL: "postgres://h/db", REDIS_URL: "http://:s3cret@h" });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).toMatch(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(error?.message).not.toContain("s3cret");
  });

  it("derives the key prefix from the schema, or takes BILLET_REDIS_PREFIX", () => {
    const base = { DATABASE_URL: "postgres://h/db?schema=fleet_a", REDIS_URL: "redis://h:6379" };
    expect(loadConfig(base).redisKeyPrefix).toBe("billet:fleet_a:");
    expect(loadConfig({ ...base, DATABASE_URL: "postgres://h/db" }).redisKeyPrefix).toBe("billet:public:");
    expect(loadConfig({ ...base, BILLET_REDIS_PREFIX: "fleet:" }).redisKeyPrefix).toBe("fleet:");
    expect(() => loadConfig({ ...base, BILLET_REDIS_PREFIX: "a b*" })).toThrow(/BILLET_REDIS_PREFIX must be/);
  });
});
