/**
 * What a Redis that comes back empty costs a fleet (docs/fleet.md): two instances over one
 * PostgreSQL schema and one Redis prefix, every key under the prefix deleted mid-test. Nothing
 * acknowledged comes back (a logged-out session stays refused), live sessions go on, the hourly
 * budget and the in-flight slots start over, and session activity not yet written back to
 * PostgreSQL is lost: a session may expire up to one write-back interval early, never late.
 */
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import {
  type Account,
  loginBody,
  provisionAccount,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";
import {
  adminRedis,
  describeRedis,
  dropRedisKeys,
  keysUnder,
  REDIS_URL,
  testRedisPrefix,
} from "../helpers/redis.ts";

const MINUTE = 60_000;
const HOURLY_LIMIT = 50;

describeRedis("a Redis that comes back empty", () => {
  let redis: Redis;
  let prefix: string;
  let a: TestServer;
  let b: TestServer;
  let account: Account;

  beforeAll(() => {
    redis = adminRedis();
  });
  afterAll(async () => {
    redis.disconnect();
  });
  beforeEach(async () => {
    prefix = testRedisPrefix();
    const config = {
      redisUrl: REDIS_URL ?? null,
      redisKeyPrefix: prefix,
      hourlyRequestLimit: HOURLY_LIMIT,
      // Activity goes back to PostgreSQL once a minute (of real time): within a test, never
      // by itself, only when an instance closes.
      sessionFlushMs: 60_000,
    };
    a = await startTestServer({ backend: "postgres", config });
    b = await startTestServer({ backend: "postgres", database: a.databasePath, clock: a.clock, config });
    account = await provisionAccount(a.deps);
  });
  afterEach(async () => {
    await b.close({ keepFiles: true });
    await a.close().catch(() => {});
    await dropRedisKeys([prefix]);
  });

  /** Every key of this fleet gone, as after a Redis restart without persistence. */
  async function loseRedis(): Promise<void> {
    const keys = await keysUnder(redis, prefix);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
  }

  const remaining = async (server: TestServer, sessionId: string) => {
    const response = await fetch(`${server.baseUrl}/v3/login/session`, {
      headers: { devKey: account.devKey, sessionId },
    });
    await response.arrayBuffer();
    return { status: response.status, remaining: Number(response.headers.get("x-ratelimit-remaining")) };
  };

  it("keeps a logout refused and a live session alive; the hourly budget starts over", async () => {
    const gone = a.client(account.devKey);
    await gone.sessions.login(loginBody(account));
    const goneId = gone.sessionId ?? "";
    await gone.sessions.logout();
    const live = a.client(account.devKey);
    await live.sessions.login(loginBody(account));
    const liveId = live.sessionId ?? "";
    const before = await remaining(b, liveId);
    expect(before.status).toBe(200);
    // Two logins, a logout and this check: four requests of the hour.
    expect(before.remaining).toBe(HOURLY_LIMIT - 4);

    await loseRedis();

    expect((await remaining(b, goneId)).status).toBe(401);
    expect((await remaining(a, goneId)).status).toBe(401);
    const after = await remaining(a, liveId);
    expect(after.status).toBe(200);
    // The counter is new: this check is its first (a refused session spends no budget).
    expect(after.remaining).toBe(HOURLY_LIMIT - 1);
    // Slots start over too: nothing is held once the calls are answered.
    expect((await keysUnder(redis, prefix)).filter((key) => key.includes("in-flight"))).toEqual([]);
  });

  it("keeps the activity written back to PostgreSQL: a session used on A, which closed, lives on B", async () => {
    const client = a.client(account.devKey);
    await client.sessions.login(loginBody(account));
    const sessionId = client.sessionId ?? "";
    a.clock.advance(30 * MINUTE);
    expect((await remaining(a, sessionId)).status).toBe(200);
    // A closes: what it recorded is written back to PostgreSQL.
    await a.close({ keepFiles: true });
    await loseRedis();
    a.clock.advance(30 * MINUTE);
    expect((await remaining(b, sessionId)).status).toBe(200);
  });

  it("loses the activity not yet written back: the session expires that much early, never late", async () => {
    const client = a.client(account.devKey);
    await client.sessions.login(loginBody(account));
    const sessionId = client.sessionId ?? "";
    a.clock.advance(30 * MINUTE);
    // This activity is in Redis only (the write-back is a minute of real time away).
    expect((await remaining(b, sessionId)).status).toBe(200);
    await loseRedis();
    // 36 minutes after the login PostgreSQL still holds: idle past 35 minutes.
    a.clock.advance(6 * MINUTE);
    expect((await remaining(a, sessionId)).status).toBe(401);
  });
});
