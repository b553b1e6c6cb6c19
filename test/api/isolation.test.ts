/**
 * Isolation between tests: `POST /operator/v1/reset` and snapshots, on SQLite, PostgreSQL and
 * PostgreSQL + Redis. What a test left behind (accounts, sessions, budgets, lockouts, faults,
 * the request log, a moved clock) must be gone after a reset, and exactly back after a restore.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { OperatorClient } from "../../client/src/index.ts";
import { createOffsetClock, createSettableClock, type SettableClock } from "../../src/clock.ts";
import type { Config } from "../../src/config.ts";
import { limitKeys } from "../../src/stores/limit-keys.ts";
import { openStores } from "../../src/stores/open-stores.ts";
import type { Backend } from "../helpers/backends.ts";
import {
  type Account,
  loginBody,
  postJson,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";
import { describePostgres } from "../helpers/postgres.ts";
import { describeRedis, dropRedisKeys, REDIS_URL, testRedisPrefix } from "../helpers/redis.ts";

const TOKEN = "isolation-operator-token-0123456789-abc";
const T0 = Date.UTC(2026, 11, 1, 9, 30, 0);
const MINUTE = 60_000;

type Setup = "sqlite" | "postgres" | "redis";
const prefixes: string[] = [];
afterAll(async () => {
  await dropRedisKeys(prefixes.splice(0));
});

function isolationSuite(setup: Setup) {
  let real: SettableClock;
  let t: TestServer;
  let operator: OperatorClient;

  beforeEach(async () => {
    real = createSettableClock(T0);
    const config: Partial<Config> = { operatorToken: TOKEN, hourlyRequestLimit: 6, lockoutThreshold: 2 };
    if (setup === "redis") {
      const prefix = testRedisPrefix();
      prefixes.push(prefix);
      Object.assign(config, { redisUrl: REDIS_URL ?? null, redisKeyPrefix: prefix });
    }
    const backend: Backend = setup === "sqlite" ? "sqlite" : "postgres";
    // The sandbox clock over a "real time" the test moves: frozen, reset and restored for real.
    t = await startTestServer({ backend, clock: createOffsetClock(0, real) as SettableClock, config });
    operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
  });
  afterEach(() => t.close());

  const signedIn = async (account: Account) => {
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    return client;
  };

  it("resets to the empty store: every record, budget, lockout, fault and log line gone; the token stays", async () => {
    const account = await provisionAccount(t.deps, { organizationName: "Before Reset" });
    const client = await signedIn(account);
    // A lockout and a spent budget to leave behind.
    for (const password of ["wrong-1", "wrong-2"])
      await postJson(t.client(account.devKey), "/v3/login", { ...loginBody(account), password });
    expect((await postJson(t.client(account.devKey), "/v3/login", loginBody(account))).status).toBe(401);
    expect(await t.deps.stores.limits.peek(limitKeys.loginLock(account.username), real.now())).toBeDefined();
    await operator.faults.arm({ path: "/v3/never-called", error: "BDC_1322" });
    await operator.clock.advance({ hours: 3 });
    expect((await operator.requests.list()).length).toBeGreaterThan(0);

    const reset = await operator.reset();
    expect(reset).toMatchObject({ snapshotId: null, records: 0, clock: { epochMs: T0, frozen: false } });
    expect((await rejection(client.sessions.details())).code).toBe("BDC_1109");
    expect(await operator.organizations.list()).toEqual([]);
    expect(await operator.faults.list()).toEqual([]);
    // The request log starts again: only what came after the reset (the calls just above).
    const logins = (await operator.requests.list()).filter((entry) => entry.path === "/connect/v3/login");
    expect(logins).toEqual([]);
    expect(await t.deps.stores.outbox.list({})).toEqual([]);
    // The schema is untouched: another process (the CLI) opens the store and finds it migrated.
    const reopened = await openStores({ databaseUrl: t.databasePath, sessionFlushIntervalMs: 0 });
    expect(await reopened.organizations.list()).toEqual([]);
    await reopened.close();

    // The devKey and the username are unknown now; a new account starts with nothing spent.
    expect((await postJson(t.client(account.devKey), "/v3/login", loginBody(account))).status).toBe(401);
    const again = await provisionAccount(t.deps, { organizationName: "Before Reset" });
    const login = await postJson(t.client(again.devKey), "/v3/login", loginBody(again));
    expect(login.status).toBe(200);
    expect(login.headers.get("x-ratelimit-remaining")).toBe("5");
    expect(
      await t.deps.stores.limits.peek(limitKeys.loginLock(account.username), real.now()),
    ).toBeUndefined();
  });

  it("restores a snapshot: the records and the clock as they were, later sessions refused", async () => {
    const kept = await provisionAccount(t.deps, { organizationName: "Kept" });
    const before = await signedIn(kept);
    const beforeSessionId = before.sessionId ?? "";
    const taken = await operator.snapshots.create();
    expect(taken).toMatchObject({ id: expect.stringMatching(/^0sn01/), records: expect.any(Number) });
    expect(taken.records).toBeGreaterThan(5);

    // A test runs: another account, a logout, a moved clock, a spent budget.
    const later = await provisionAccount(t.deps, { organizationName: "Later" });
    const laterClient = await signedIn(later);
    await before.sessions.logout();
    for (let i = 0; i < 5; i++) await laterClient.sessions.details().catch(() => {});
    await operator.clock.advance({ minutes: 20 });
    await operator.clock.freeze();
    real.advance(MINUTE);

    const restored = await operator.snapshots.restore(taken.id);
    expect(restored).toMatchObject({ snapshotId: taken.id, records: taken.records });
    // The clock where it stood (running, real time then), one real minute later.
    expect(restored.clock).toMatchObject({ epochMs: T0 + MINUTE, frozen: false });
    const back = t.client(kept.devKey);
    back.useSession(beforeSessionId, kept.organizationId);
    expect((await back.sessions.details()).userId).toBe(kept.userId);
    expect((await rejection(laterClient.sessions.details())).code).toBe("BDC_1109");
    expect((await operator.organizations.list()).map((o) => o.name)).toEqual(["Kept"]);
    // The hourly budget as it was: the login and the check above, not what came after.
    const check = await back.rawRequest({ method: "GET", path: "/v3/login/session", auth: true });
    // The login (counted when the snapshot was taken, even if not yet written back), the details
    // call above and this check: the logout after the snapshot is forgotten. With Redis the
    // counters live in Redis, which a snapshot does not hold: a restore starts them at zero.
    expect(check.headers.get("x-ratelimit-remaining")).toBe(setup === "redis" ? "4" : "3");

    // Restored again, as every test in a suite would.
    await back.sessions.logout();
    await operator.snapshots.restore(taken.id);
    back.useSession(beforeSessionId, kept.organizationId);
    expect((await back.sessions.details()).userId).toBe(kept.userId);
  });

  it("lists and deletes snapshots, and names an unknown one in BILL's error form", async () => {
    const first = await operator.snapshots.create();
    const second = await operator.snapshots.create();
    expect((await operator.snapshots.list()).map((s) => s.id)).toEqual([second.id, first.id]);
    expect(await operator.snapshots.delete(first.id)).toBe(1);
    expect((await operator.snapshots.list()).map((s) => s.id)).toEqual([second.id]);
    for (const attempt of [
      () => operator.snapshots.restore(first.id),
      () => operator.snapshots.delete("0sn01nothing"),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ status: 404, code: "BDC_9005" });
    }
  });
}

describe("reset and snapshots on SQLite", () => {
  isolationSuite("sqlite");
});
describePostgres("reset and snapshots on PostgreSQL", () => {
  isolationSuite("postgres");
});
describeRedis("reset and snapshots on PostgreSQL + Redis", () => {
  isolationSuite("redis");
});

describe("reset and snapshots in service mode", () => {
  it("answer 403 BDC_9011: a real deployment's records are never one call from gone", async () => {
    const t = await startTestServer({ config: { operatorToken: TOKEN, mode: "service" } });
    try {
      const operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
      const account = await provisionAccount(t.deps);
      for (const attempt of [
        () => operator.reset(),
        () => operator.snapshots.create(),
        () => operator.snapshots.list(),
      ])
        await expect(attempt()).rejects.toMatchObject({ status: 403, code: "BDC_9011" });
      expect((await operator.organizations.list()).map((o) => o.id)).toEqual([account.organizationId]);
    } finally {
      await t.close();
    }
  });
});

describe("a server started with a seed file (--seed)", () => {
  const SEED = {
    organizations: [{ id: "00801SeedFixture0001", name: "Seeded" }],
    users: [
      {
        email: "seeded@example.test",
        password: "seeded-password-0123",
        memberships: [{ organization: "Seeded", role: "ADMINISTRATOR" }],
      },
    ],
    devKeys: [{ name: "ci", key: "seeded-dev-key-0123456789" }],
  };
  const seededLogin = {
    username: "seeded@example.test",
    password: "seeded-password-0123",
    organizationId: "00801SeedFixture0001",
    devKey: "seeded-dev-key-0123456789",
  };

  it("starts seeded, and a reset goes back to the seed (or, asked, to the empty store)", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "billet-seed-")), "seed.json");
    writeFileSync(file, JSON.stringify(SEED));
    const t = await startTestServer({ config: { operatorToken: TOKEN, seedFile: file } });
    try {
      const operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
      expect(t.server.seedReport?.created.map((c) => c.kind)).toEqual(
        expect.arrayContaining(["organization", "user", "devKey"]),
      );
      const login = async () => postJson(t.client(seededLogin.devKey), "/v3/login", seededLogin);
      const first = await login();
      expect(first.status).toBe(200);
      await provisionAccount(t.deps, { organizationName: "Made by a test" });

      const reset = await operator.reset();
      expect(reset.seed?.created.map((c) => c.label)).toEqual(expect.arrayContaining(["Seeded"]));
      expect((await operator.organizations.list()).map((o) => o.name)).toEqual(["Seeded"]);
      // The seeded login works again; the session from before the reset does not.
      const old = t.client(seededLogin.devKey);
      old.useSession(String((first.body as { sessionId: string }).sessionId), seededLogin.organizationId);
      expect((await rejection(old.sessions.details())).code).toBe("BDC_1109");
      expect((await login()).status).toBe(200);

      const empty = await operator.reset({ to: "empty" });
      expect(empty.seed).toBeUndefined();
      expect(await operator.organizations.list()).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it("refuses to start on a seed file with a problem, naming it, and writes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "billet-seed-"));
    const file = join(dir, "seed.json");
    writeFileSync(file, JSON.stringify({ ...SEED, devKeys: [{ name: "ci", key: "short" }] }));
    await expect(startTestServer({ config: { operatorToken: TOKEN, seedFile: file } })).rejects.toThrow(
      /seed\.json: 1 problem\(s\); nothing was written:\n {2}\$\.devKeys\[0\]\.key: /,
    );
    writeFileSync(file, "{ not json");
    await expect(startTestServer({ config: { operatorToken: TOKEN, seedFile: file } })).rejects.toThrow(
      /seed\.json is not valid JSON/,
    );
  });

  it("answers 400 for a reset to a seed it does not have", async () => {
    const t = await startTestServer({ config: { operatorToken: TOKEN } });
    try {
      await expect(
        new OperatorClient({ baseUrl: t.server.url, token: TOKEN }).reset({ to: "seed" }),
      ).rejects.toMatchObject({
        status: 400,
        code: "BDC_9001",
      });
    } finally {
      await t.close();
    }
  });
});
