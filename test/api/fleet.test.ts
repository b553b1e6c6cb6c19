/**
 * Two real `billet serve` processes over one PostgreSQL schema and one Redis key prefix, as
 * behind a load balancer: whatever happens on A holds on B at its very next request. Idle
 * expiry is tested with the sandbox clock, which is fleet-wide (moved on one instance, it
 * moves on all), never by sleeping.
 */
import type { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { json, runCli, type Served, startServe } from "../../cli/test-support.ts";
import {
  becomes,
  check,
  leasesHeld,
  login,
  loginBody,
  logout,
  OPERATOR_TOKEN,
  operator,
  provisionThrough,
  sessionOn,
} from "../helpers/fleet.ts";
import { adminQuery, type TestSchema, testSchema } from "../helpers/postgres.ts";
import { adminRedis, describeRedis, dropRedisKeys, REDIS_URL, testRedisPrefix } from "../helpers/redis.ts";

const HOURLY_LIMIT = 12;
const LOCKOUT_THRESHOLD = 4;
const MINUTE = 60_000;

describeRedis("a fleet of two processes", () => {
  let schema: TestSchema;
  let prefix: string;
  let redis: Redis;
  let a: Served;
  let b: Served;
  const env = () => ({
    REDIS_URL: REDIS_URL ?? "",
    BILLET_REDIS_PREFIX: prefix,
    BILLET_OPERATOR_TOKEN: OPERATOR_TOKEN,
  });
  const serve = (options: { shared?: boolean; env?: Record<string, string> } = {}) =>
    startServe(
      [
        "--database",
        schema.url,
        "--no-demo",
        "--mode",
        "sandbox",
        "--hourly-request-limit",
        String(HOURLY_LIMIT),
        "--lockout-threshold",
        String(LOCKOUT_THRESHOLD),
      ],
      { env: { ...env(), ...options.env }, shared: options.shared ?? true },
    );
  /** The CLI against the fleet's database and Redis, with the fleet's limits. */
  const cli = (...args: string[]) =>
    runCli([...args, "--database", schema.url], {
      ...env(),
      BILLET_HOURLY_REQUEST_LIMIT: String(HOURLY_LIMIT),
    });

  beforeAll(async () => {
    schema = testSchema();
    prefix = testRedisPrefix();
    redis = adminRedis();
    // One first, so that the schema is created once; then B joins it.
    a = await serve();
    b = await serve();
  });
  afterAll(async () => {
    for (const server of [a, b]) server?.child.kill("SIGTERM");
    await Promise.all([a?.exited, b?.exited]);
    redis?.disconnect();
    await dropRedisKeys([prefix]);
    await schema?.drop();
  });

  it("accepts on B a session made on A, and reports both dependencies ready", async () => {
    const account = await provisionThrough(a.url);
    const sessionId = await sessionOn(a.url, account);
    const onB = await check(b.url, account, sessionId);
    expect(onB.status).toBe(200);
    expect(onB.body).toMatchObject({ userId: account.userId, organizationId: account.organizationId });
    for (const server of [a, b]) {
      const ready = await fetch(`${server.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: "ready", checks: { database: "up", redis: "up" } });
    }
  });

  it("refuses on B, at its next request, a session logged out, revoked, archived or locked on A", async () => {
    const account = await provisionThrough(a.url);
    const refusedOnB = async (sessionId: string) => {
      const answer = await check(b.url, account, sessionId);
      expect(answer.status).toBe(401);
      expect(answer.codes).toEqual(["BDC_1109"]);
    };

    const loggedOut = await sessionOn(a.url, account);
    expect((await check(b.url, account, loggedOut)).status).toBe(200);
    expect((await logout(a.url, account, loggedOut)).status).toBe(200);
    await refusedOnB(loggedOut);

    const revoked = await sessionOn(a.url, account);
    expect((await check(b.url, account, revoked)).status).toBe(200);
    const listed = await operator<{ results: { ref: string; createdTime: string }[] }>(
      a.url,
      "GET",
      `/sessions?userId=${account.userId}`,
    );
    expect(listed.results).toHaveLength(1);
    await operator(a.url, "DELETE", `/sessions/${listed.results[0]?.ref}`);
    await refusedOnB(revoked);

    const archived = await sessionOn(a.url, account);
    expect((await check(b.url, account, archived)).status).toBe(200);
    await operator(a.url, "POST", `/users/${account.userId}/archive`, {
      organizationId: account.organizationId,
    });
    await refusedOnB(archived);
    await operator(a.url, "POST", `/users/${account.userId}/restore`, {
      organizationId: account.organizationId,
    });

    const locked = await sessionOn(a.url, account);
    expect((await check(b.url, account, locked)).status).toBe(200);
    await operator(a.url, "POST", `/organizations/${account.organizationId}/lock`);
    await refusedOnB(locked);
  });

  it("moves the sandbox clock of the whole fleet, and measures idle expiry from the last call on either", async () => {
    const account = await provisionThrough(a.url);
    const sessionId = await sessionOn(a.url, account);
    const clockOf = async (server: Served) =>
      (await operator<{ epochMs: number }>(server.url, "GET", "/clock")).epochMs;
    const before = await clockOf(b);
    const advance = (server: Served, body: Record<string, number>) =>
      operator(server.url, "POST", "/clock/advance", body);

    await advance(a, { minutes: 34 });
    // Moved on A, read on B at its next request.
    expect(await clockOf(b)).toBeGreaterThanOrEqual(before + 34 * MINUTE);
    expect((await check(b.url, account, sessionId)).status).toBe(200);
    // 68 minutes after login, 34 after the call on B: alive on A.
    await advance(b, { minutes: 34 });
    expect((await check(a.url, account, sessionId)).status).toBe(200);
    // What the operator lists (PostgreSQL + Redis) is that last call, on both instances.
    const [onA, onB] = await Promise.all(
      [a, b].map((server) =>
        operator<{ results: { lastActiveTime: string; expired: boolean }[] }>(
          server.url,
          "GET",
          `/sessions?userId=${account.userId}`,
        ),
      ),
    );
    expect(onB?.results).toEqual(onA?.results);
    expect(onA?.results[0]?.expired).toBe(false);

    await advance(a, { minutes: 35, seconds: 1 });
    const late = await check(b.url, account, sessionId);
    expect(late.status).toBe(401);
    expect(late.codes).toEqual(["BDC_1109"]);
    expect((await check(a.url, account, sessionId)).codes).toEqual(["BDC_1109"]);
  });

  it("freezes the whole fleet's clock, and resets it to real time from either instance", async () => {
    type Clock = { epochMs: number; frozen: boolean };
    const clockOf = (server: Served) => operator<Clock>(server.url, "GET", "/clock");
    const frozen = await operator<Clock>(a.url, "POST", "/clock/freeze", {});
    expect(frozen.frozen).toBe(true);
    // Frozen on A, frozen on B at its next request: the same instant however long it takes.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await clockOf(b)).toEqual({ ...frozen, time: expect.any(String) });
    expect((await clockOf(a)).epochMs).toBe(frozen.epochMs);
    await operator(b.url, "POST", "/clock/advance", { minutes: 5 });
    expect((await clockOf(a)).epochMs).toBe(frozen.epochMs + 5 * MINUTE);

    const reset = await operator<Clock>(b.url, "POST", "/clock/reset");
    expect(reset.frozen).toBe(false);
    const onA = await clockOf(a);
    expect(onA.frozen).toBe(false);
    expect(Math.abs(onA.epochMs - Date.now())).toBeLessThan(5_000);
  });

  it("holds the in-flight cap of 3 across both: 3 slow calls on A make a 4th on B answer BDC_1322", async () => {
    const account = await provisionThrough(a.url);
    const sessionId = await sessionOn(a.url, account);
    // A slow answer holds its slot (latency is applied once the call has run).
    await operator(a.url, "POST", "/faults", { path: "/v3/login/session", latencyMs: 3000, times: 3 });
    const slow = [1, 2, 3].map(() => check(a.url, account, sessionId));
    await becomes(() => leasesHeld(redis, prefix), 3, "leases in Redis");

    const fourth = await check(b.url, account, sessionId);
    expect(fourth.status).toBe(422);
    expect(fourth.codes).toEqual(["BDC_1322"]);
    for (const answer of await Promise.all(slow)) expect(answer.status).toBe(200);
    await becomes(() => leasesHeld(redis, prefix), 0, "leases in Redis");
    expect((await check(b.url, account, sessionId)).status).toBe(200);
  });

  it("spends one hourly budget across both, and the CLI reads it from Redis", async () => {
    // Half past a clock hour on the fleet's clock, so that the hour cannot turn mid-test.
    const { epochMs } = await operator<{ epochMs: number }>(a.url, "GET", "/clock");
    const halfPast = Math.floor(epochMs / 3_600_000) * 3_600_000 + 30 * MINUTE;
    await operator(a.url, "PUT", "/clock", { time: new Date(halfPast + 3_600_000).toISOString() });
    const account = await provisionThrough(a.url);
    const sessionId = await sessionOn(a.url, account);
    // The login was request 1 of the hour; 11 more, alternating, use the budget up.
    for (let i = 2; i <= HOURLY_LIMIT; i++) {
      const answer = await check(i % 2 === 0 ? b.url : a.url, account, sessionId);
      expect(answer.status, `request ${i}`).toBe(200);
    }
    for (const server of [b, a]) {
      const refused = await check(server.url, account, sessionId);
      expect(refused.status).toBe(422);
      expect(refused.codes).toEqual(["BDC_1144"]);
    }
    const report = await json<{ hourlyRequests: { limit: number; used: number; remaining: number } }>(
      cli("limits", "--devkey", account.devKeyId, "--json"),
    );
    expect(report.hourlyRequests).toMatchObject({
      limit: HOURLY_LIMIT,
      used: HOURLY_LIMIT + 2,
      remaining: 0,
    });
  });

  it("shares the lockout count: failures on A and B add up", async () => {
    const account = await provisionThrough(a.url);
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
      const failed = await login(i % 2 === 0 ? a.url : b.url, loginBody(account, "wrong password"));
      expect(failed.codes).toEqual(["BDC_1101"]);
    }
    for (const server of [a, b]) {
      expect((await login(server.url, loginBody(account))).codes).toEqual(["BDC_1110"]);
    }
  });

  it("lists sessions with the CLI, last activity read from Redis", async () => {
    const account = await provisionThrough(a.url);
    const sessionId = await sessionOn(a.url, account);
    await operator(b.url, "POST", "/clock/advance", { minutes: 5 });
    expect((await check(b.url, account, sessionId)).status).toBe(200);
    const sessions = await json<{ userId: string; createdTime: string; lastActiveTime: string }[]>(
      cli("sessions", "list", "--org", account.organizationId, "--json"),
    );
    expect(sessions).toHaveLength(1);
    const [session] = sessions;
    // Written back to PostgreSQL only every second; the CLI sees it at once, through Redis.
    expect(
      Date.parse(session?.lastActiveTime ?? "") - Date.parse(session?.createdTime ?? ""),
    ).toBeGreaterThanOrEqual(5 * MINUTE);
  });

  it("on SIGTERM finishes the call in flight, gives its slot back, writes activity back and exits 0", async () => {
    // Activity is written back to PostgreSQL once a minute: only the close can have written it.
    const c = await serve({ shared: false, env: { BILLET_SESSION_FLUSH_MS: "60000", LOG_LEVEL: "info" } });
    const account = await provisionThrough(c.url);
    const sessionId = await sessionOn(c.url, account);
    await operator(c.url, "POST", "/clock/advance", { minutes: 1 });
    await operator(c.url, "POST", "/faults", { path: "/v3/login/session", latencyMs: 1500 });
    const held = check(c.url, account, sessionId);
    await becomes(() => leasesHeld(redis, prefix), 1, "the held call's lease");

    c.child.kill("SIGTERM");
    expect((await held).status).toBe(200);
    const exit = await c.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(c.stdout()).toContain('"msg":"stopped"');
    expect(await leasesHeld(redis, prefix)).toBe(0);
    const [row] = await adminQuery<{ created_at: string; last_active_at: string }>(
      `select created_at, last_active_at from ${schema.name}.sessions where user_id = $1`,
      [account.userId],
    );
    expect(Number(row?.last_active_at) - Number(row?.created_at)).toBeGreaterThanOrEqual(MINUTE);
  });
});
