/**
 * When Redis goes away, billet fails closed as it does without PostgreSQL: every call that
 * needs Redis (every session check, every login: they count and take in-flight slots there)
 * answers 500 BDC_1001, never an answer from what the instance knew before; readiness is 503
 * and names Redis; the process stays up; and service resumes by itself once Redis is back.
 * A private redis-server is killed and restarted; the sessions stay in PostgreSQL.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  type Account,
  captureLogs,
  expectFailedClosed,
  expectFailuresLoggedSafely,
  loginBody,
  postJson,
  provisionAccount,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";
import { describePostgres, POSTGRES_URL } from "../helpers/postgres.ts";
import { dropRedisKeys, testRedisPrefix } from "../helpers/redis.ts";
import {
  REDIS_SERVER_AVAILABLE,
  REDIS_SERVER_SKIP_REASON,
  type RedisServer,
  startRedisServer,
} from "../helpers/redis-server.ts";

if (!REDIS_SERVER_AVAILABLE && POSTGRES_URL) console.log(REDIS_SERVER_SKIP_REASON);

describePostgres("failing closed when Redis goes away", () => {
  let redis: RedisServer;
  let t: TestServer;
  let account: Account;
  const logs = captureLogs();
  const prefix = testRedisPrefix();

  beforeEach(async (context) => {
    if (!REDIS_SERVER_AVAILABLE) context.skip();
    redis = await startRedisServer();
    t = await startTestServer({
      backend: "postgres",
      config: { redisUrl: redis.url, redisKeyPrefix: prefix },
      logs,
    });
    account = await provisionAccount(t.deps);
  });
  afterEach(async () => {
    if (!REDIS_SERVER_AVAILABLE) return;
    await redis.start().catch(() => {});
    await t.close();
    await redis.stop();
    await dropRedisKeys([prefix]);
  });

  const root = () => t.baseUrl.replace(/\/connect$/, "");
  const readiness = async () => {
    const response = await fetch(`${root()}/health/ready`);
    return { status: response.status, body: (await response.json()) as unknown };
  };

  /** Polls readiness a bounded number of times until it is `status`. */
  async function readinessBecomes(status: number): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if ((await readiness()).status === status) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`readiness never became ${status}`);
  }

  it("answers BDC_1001 to every call and 503 naming redis to readiness, then recovers by itself", async () => {
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    const sessionId = client.sessionId ?? "";
    const headers = { sessionId, devKey: account.devKey };
    const check = () => client.rawRequest({ method: "GET", path: "/v3/login/session", headers });
    expect((await check()).status).toBe(200);
    expect(await readiness()).toEqual({
      status: 200,
      body: { status: "ready", checks: { database: "up", redis: "up" } },
    });

    await redis.stop();
    const started = Date.now();
    const calls = [
      check(),
      postJson(t.client(account.devKey), "/v3/login", loginBody(account)),
      client.rawRequest({ method: "POST", path: "/v3/logout", headers }),
      check(),
    ];
    expectFailedClosed(await Promise.all(calls));
    // Refused at once, not queued until Redis returns.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await readiness()).toEqual({
      status: 503,
      body: { status: "not ready", checks: { database: "up", redis: "down" } },
    });
    expect((await fetch(`${root()}/health/live`)).status).toBe(200);

    // Redis comes back empty (nothing persisted): the session's row and activity in PostgreSQL
    // are enough, and the failed logout changed nothing.
    await redis.start();
    await readinessBecomes(200);
    expect((await check()).status).toBe(200);
    expect((await postJson(t.client(account.devKey), "/v3/login", loginBody(account))).status).toBe(200);

    // Each failure was logged with its request id; nothing secret reached the log.
    expectFailuresLoggedSafely(logs, 4, [sessionId, account.devKey, account.password]);
  });

  it("keeps failing closed while Redis stays away, then serves again", async () => {
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    await redis.stop();
    const headers = { sessionId: client.sessionId ?? "", devKey: account.devKey };
    for (let i = 0; i < 5; i++) {
      expectFailedClosed([await client.rawRequest({ method: "GET", path: "/v3/login/session", headers })]);
    }
    await redis.start();
    await readinessBecomes(200);
    expect((await client.sessions.details()).userId).toBe(account.userId);
  });
});
