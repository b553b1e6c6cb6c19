/**
 * When PostgreSQL goes away, billet fails closed: every call that needs the store answers
 * 500 BDC_1001 (never an answer from what it knew before), readiness is 503, the process
 * stays up, and service resumes by itself once the database is back. The database is made to
 * vanish with a TCP proxy in front of it; the real server is never stopped.
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
import { describePostgres, POSTGRES_URL, testSchema, viaPort } from "../helpers/postgres.ts";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.ts";

describePostgres("failing closed when the database goes away", () => {
  let proxy: TcpProxy;
  let t: TestServer;
  let account: Account;
  const logs = captureLogs();

  beforeEach(async () => {
    const target = new URL(POSTGRES_URL ?? "");
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    t = await startTestServer({
      backend: "postgres",
      database: viaPort(testSchema().url, proxy.port),
      logs,
    });
    account = await provisionAccount(t.deps);
  });
  afterEach(async () => {
    await proxy.start().catch(() => {});
    await t.close();
    await proxy.stop();
  });

  const root = () => t.baseUrl.replace(/\/connect$/, "");
  const ready = async () => (await fetch(`${root()}/health/ready`)).status;

  /** Polls readiness a bounded number of times until it is `status`. */
  async function readinessBecomes(status: number): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if ((await ready()) === status) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`readiness never became ${status}`);
  }

  it("answers BDC_1001 to every call and 503 to readiness, then recovers by itself", async () => {
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    const sessionId = client.sessionId ?? "";
    const headers = { sessionId, devKey: account.devKey };
    const check = () => client.rawRequest({ method: "GET", path: "/v3/login/session", headers });
    expect((await check()).status).toBe(200);
    expect(await ready()).toBe(200);

    await proxy.stop();
    const calls = [
      check(),
      postJson(t.client(account.devKey), "/v3/login", loginBody(account)),
      client.rawRequest({ method: "POST", path: "/v3/logout", headers }),
      check(),
    ];
    expectFailedClosed(await Promise.all(calls));
    expect(await ready()).toBe(503);
    expect(await (await fetch(`${root()}/health/ready`)).json()).toEqual({
      status: "not ready",
      checks: { database: "down" },
    });
    expect((await fetch(`${root()}/health/live`)).status).toBe(200);

    await proxy.start();
    await readinessBecomes(200);
    // The session made before the outage still works (the failed logout changed nothing).
    expect((await check()).status).toBe(200);
    expect((await postJson(t.client(account.devKey), "/v3/login", loginBody(account))).status).toBe(200);

    // Each failure was logged with its request id; nothing secret reached the log.
    expectFailuresLoggedSafely(logs, 4, [sessionId, account.devKey, account.password]);
  });

  it("keeps failing closed while the database stays away, then serves again", async () => {
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    await proxy.stop();
    // Repeated calls open no stale path: each one needs the store and fails.
    const headers = { sessionId: client.sessionId ?? "", devKey: account.devKey };
    for (let i = 0; i < 5; i++) {
      expectFailedClosed([await client.rawRequest({ method: "GET", path: "/v3/login/session", headers })]);
    }
    await proxy.start();
    await readinessBecomes(200);
    expect((await client.sessions.details()).userId).toBe(account.userId);
  });
});
