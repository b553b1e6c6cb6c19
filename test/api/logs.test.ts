import { afterEach, describe, expect, it } from "vitest";
import { hashSecret } from "../../src/auth/crypto/ids.ts";
import {
  captureLogs,
  loginBody,
  postJson,
  provisionAccount,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";

describe("logs", () => {
  let t: TestServer;
  afterEach(() => t.close());

  it("write one JSON line per request and one audit line per decision, never a secret", async () => {
    const logs = captureLogs();
    t = await startTestServer({ logs, config: { lockoutThreshold: 2 } });
    const account = await provisionAccount(t.deps, { password: "s3cret-Password!" });
    const client = t.client(account.devKey);

    const { sessionId } = await client.sessions.login(loginBody(account));
    await client.sessions.details();
    // A careless client puts secrets in the query string and in unknown body fields.
    await client.rawRequest({
      method: "GET",
      path: "/v3/login/session",
      query: { sessionId, devKey: account.devKey, password: account.password },
      auth: true,
    });
    await postJson(client, "/v3/login", { ...loginBody(account), token: "123456", appKey: "app-key-value" });
    await client.sessions.logout();
    const second = t.client(account.devKey);
    await second.sessions.login(loginBody(account));
    t.clock.advance(36 * 60_000);
    await second.sessions.details().catch(() => {});
    await postJson(client, "/v3/login", { ...loginBody(account), password: "wrong-1" });
    await postJson(client, "/v3/login", { ...loginBody(account), password: "wrong-2" });
    await postJson(client, "/v3/login", loginBody(account));
    await postJson(client, "/v3/login", "{not json");

    const text = logs.lines.join("\n");
    for (const secret of [
      account.password,
      account.devKey,
      sessionId,
      second.sessionId ?? "",
      "wrong-1",
      "123456",
      "app-key-value",
    ]) {
      expect(secret.length).toBeGreaterThan(0);
      expect(text).not.toContain(secret);
    }

    const records = logs.records();
    const requests = records.filter((r) => r.msg === "request");
    expect(requests).toHaveLength(11);
    for (const line of requests) {
      expect(line).toEqual(
        expect.objectContaining({
          level: 30,
          reqId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          method: expect.any(String),
          route: expect.any(String),
          path: expect.stringMatching(/^\/connect\/v3\/[a-z/]+$/),
          status: expect.any(Number),
          durationMs: expect.any(Number),
        }),
      );
    }
    expect(requests.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 401, 401, 401, 401, 400]);

    const audit = records.filter((r) => r.kind === "audit").map((r) => [r.event, r.code ?? null]);
    expect(audit).toEqual([
      ["membership.added", null],
      ["login.success", null],
      ["login.success", null],
      ["logout", null],
      ["login.success", null],
      ["session.expired", "BDC_1109"],
      ["login.failure", "BDC_1101"],
      ["login.failure", "BDC_1101"],
      ["login.lockout", null],
      ["login.failure", "BDC_1110"],
    ]);
    // A failed login names the user by id once the username is known to be theirs (the lock
    // is checked before that: by the username's digest), never by the text typed.
    const failures = records.filter((r) => r.event === "login.failure" || r.event === "login.lockout");
    expect(failures.map((r) => r.userId ?? r.usernameHash)).toEqual([
      account.userId,
      account.userId,
      account.userId,
      hashSecret(account.username),
    ]);
    for (const line of failures) expect(line.username).toBeUndefined();
  });

  it("log an unexpected failure with its request id and answer BDC_1001 without internals", async () => {
    const logs = captureLogs();
    t = await startTestServer({ logs });
    const account = await provisionAccount(t.deps);
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    // Break the store underneath the running server.
    t.deps.stores.sessions.findByTokenHash = async () => {
      throw new Error(`disk on fire near ${client.sessionId}`);
    };
    const res = await client.rawRequest({ method: "GET", path: "/v3/login/session", auth: true });
    expect(res.status).toBe(500);
    expect(res.body).toEqual([
      expect.objectContaining({
        code: "BDC_1001",
        category: "SERVER",
        message: "System error occurred.",
      }),
    ]);
    expect(res.body).toEqual([expect.not.objectContaining({ params: expect.anything() })]);
    expect(JSON.stringify(res.body)).not.toContain("disk on fire");
    const requestId = res.headers.get("x-request-id");
    const failure = logs.records().find((r) => r.msg === "unexpected failure");
    expect(failure?.reqId).toBe(requestId);
  });
});
