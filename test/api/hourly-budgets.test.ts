import { afterEach, describe, expect, it } from "vitest";
import { readLimits } from "../../src/operator/limits-report.ts";
import { limitKeys } from "../../src/stores/limit-keys.ts";
import {
  type Account,
  captureLogs,
  codesOf,
  loginBody,
  postJson,
  provisionAccount,
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from "../helpers/helpers.ts";

const at = (h: number, m: number, s: number) => Date.UTC(2026, 10, 29, h, m, s);
const unixSeconds = (ms: number) => String(ms / 1000);

let t: TestServer;
let account: Account;
afterEach(() => t?.close());

async function start(options: TestServerOptions = {}) {
  t = await startTestServer(options);
  account = await provisionAccount(t.deps);
}

const budgetBody = (limit: number) => [
  {
    timestamp: expect.any(String),
    code: "BDC_1144",
    severity: "ERROR",
    category: "APPLICATION",
    message: `Max number of allowed requests per hour reached: ${limit}.`,
    params: [{ name: "paramName0", value: String(limit) }],
  },
];

/** `GET /v3/login/session` with the client's session, answered as it is. */
const check = (client = t.client(account.devKey)) =>
  client.rawRequest({ method: "GET", path: "/v3/login/session", auth: true });
const rateHeaders = (res: { headers: Headers }) => ({
  limit: res.headers.get("x-ratelimit-limit"),
  remaining: res.headers.get("x-ratelimit-remaining"),
  reset: res.headers.get("x-ratelimit-reset"),
});

describe("hourly request budget per devKey (spec section 6)", () => {
  it("counts every request of the hour, login included, and refuses the next with BDC_1144 until the top of the hour", async () => {
    await start({ config: { hourlyRequestLimit: 4 } });
    t.clock.set(at(10, 30, 0));
    const client = t.client(account.devKey);
    const login = await postJson(client, "/v3/login", loginBody(account));
    expect(rateHeaders(login)).toEqual({ limit: "4", remaining: "3", reset: unixSeconds(at(11, 0, 0)) });
    client.useSession(String((login.body as { sessionId: string }).sessionId), account.organizationId);
    expect(rateHeaders(await check(client)).remaining).toBe("2");
    expect(rateHeaders(await check(client)).remaining).toBe("1");
    expect(rateHeaders(await check(client)).remaining).toBe("0");

    const refused = await check(client);
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual(budgetBody(4));
    expect(refused.headers.get("retry-after")).toBe("1800");
    expect(rateHeaders(refused)).toEqual({ limit: "4", remaining: "0", reset: unixSeconds(at(11, 0, 0)) });
    expect(codesOf((await postJson(client, "/v3/login", loginBody(account))).body)).toEqual(["BDC_1144"]);
    // Another devKey has its own budget.
    const other = await provisionAccount(t.deps);
    expect((await postJson(t.client(other.devKey), "/v3/login", loginBody(other))).status).toBe(200);

    t.clock.set(at(10, 59, 59));
    const last = await check(client);
    expect(codesOf(last.body)).toEqual(["BDC_1144"]);
    expect(last.headers.get("retry-after")).toBe("1");
    t.clock.set(at(11, 0, 0));
    const next = await check(client);
    expect(next.status).toBe(200);
    expect(rateHeaders(next)).toEqual({ limit: "4", remaining: "3", reset: unixSeconds(at(12, 0, 0)) });
  });

  it("names BILL's 20000 by default", async () => {
    await start();
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    const now = t.clock.now();
    // The login was the 1st request of the hour; these make 19,999.
    await t.deps.stores.limits.hit(limitKeys.hourlyRequests(account.devKeyId), at(11, 0, 0), now, 19_998);
    const last = await check(client);
    expect(last.status).toBe(200);
    expect(rateHeaders(last)).toEqual({
      limit: "20000",
      remaining: "0",
      reset: unixSeconds(at(11, 0, 0)),
    });
    const refused = await check(client);
    expect(refused.body).toEqual(budgetBody(20_000));
    expect(refused.headers.get("retry-after")).toBe("3600");
  });

  it("spends nothing for requests refused before a devKey and session are known", async () => {
    await start({ config: { hourlyRequestLimit: 3 } });
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    const bogus = { devKey: account.devKey, sessionId: "no-such-session" };
    for (let i = 0; i < 5; i++) {
      const res = await client.rawRequest({ method: "GET", path: "/v3/login/session", headers: bogus });
      expect(codesOf(res.body)).toEqual(["BDC_1109"]);
      expect(res.headers.get("x-ratelimit-limit")).toBeNull();
    }
    const anotherKey = await client.rawRequest({
      method: "GET",
      path: "/v3/login/session",
      headers: { devKey: "someone-elses-key", sessionId: String(client.sessionId) },
    });
    expect(codesOf(anotherKey.body)).toEqual(["BDC_1109"]);
    expect(codesOf((await client.rawRequest({ method: "GET", path: "/v3/login/session" })).body)).toEqual([
      "BDC_1108",
      "BDC_1108",
    ]);
    expect(
      codesOf((await postJson(client, "/v3/login", { ...loginBody(account), devKey: "x".repeat(20) })).body),
    ).toEqual(["BDC_1102"]);
    expect(
      codesOf((await postJson(client, "/v3/login", { ...loginBody(account), organizationId: "nope" })).body),
    ).toEqual(["BDC_1123"]);
    expect(rateHeaders(await check(client)).remaining).toBe("1");
  });

  it("continues the hour after a restart: the server writes its counts back", async () => {
    await start({ config: { hourlyRequestLimit: 10 } });
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    await check(client);
    await t.close({ keepFiles: true });
    t = await startTestServer({ dir: t.dir, clock: t.clock, config: { hourlyRequestLimit: 10 } });
    const again = t.client(account.devKey);
    again.useSession(client.sessionId, account.organizationId);
    expect(rateHeaders(await check(again)).remaining).toBe("7");
  });

  it("shows no headers and refuses nothing when switched off (0)", async () => {
    await start({ config: { hourlyRequestLimit: 0, hourlyLoginLimit: 0 } });
    await t.deps.stores.limits.hit(
      limitKeys.hourlyLogins(account.devKeyId),
      at(11, 0, 0),
      t.clock.now(),
      10_000,
    );
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    const res = await check(client);
    expect(res.status).toBe(200);
    expect(rateHeaders(res)).toEqual({ limit: null, remaining: null, reset: null });
  });
});

describe("hourly login budget per devKey (spec section 6)", () => {
  it("refuses the 201st login of the hour with BDC_1144 naming 200; calls with a session go on", async () => {
    await start();
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    await t.deps.stores.limits.hit(
      limitKeys.hourlyLogins(account.devKeyId),
      at(11, 0, 0),
      t.clock.now(),
      199,
    );
    const refused = await postJson(client, "/v3/login", loginBody(account));
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual(budgetBody(200));
    expect(refused.headers.get("retry-after")).toBe("3600");
    // The refused login still counts as a request of the hour (it shows in the headers).
    expect(rateHeaders(refused)).toEqual({
      limit: "20000",
      remaining: "19998",
      reset: unixSeconds(at(11, 0, 0)),
    });
    expect((await check(client)).status).toBe(200);
    t.clock.set(at(11, 0, 0));
    expect((await postJson(client, "/v3/login", loginBody(account))).status).toBe(200);
  });

  it("comes after the devKey and organization checks and before the lockout and the password (step 5)", async () => {
    await start({ config: { hourlyLoginLimit: 2, lockoutThreshold: 1 } });
    const client = t.client(account.devKey);
    // 1st login of the hour: a wrong password, which locks the username (threshold 1).
    expect(
      codesOf((await postJson(client, "/v3/login", { ...loginBody(account), password: "no" })).body),
    ).toEqual(["BDC_1101"]);
    expect(codesOf((await postJson(client, "/v3/login", loginBody(account))).body)).toEqual(["BDC_1110"]);
    // The budget is spent: the lock and the password are not even looked at.
    expect(codesOf((await postJson(client, "/v3/login", loginBody(account))).body)).toEqual(["BDC_1144"]);
    expect(
      codesOf((await postJson(client, "/v3/login", { ...loginBody(account), password: "no" })).body),
    ).toEqual(["BDC_1144"]);
    // Steps 3 and 4 still come first.
    const unknownOrg = { ...loginBody(account), organizationId: "00801ZZZZZZZZZZZZZZZ" };
    expect(codesOf((await postJson(client, "/v3/login", unknownOrg)).body)).toEqual(["BDC_1123"]);
    expect((await readLimits(t.deps, account.devKeyId)).hourlyLogins).toEqual({
      limit: 2,
      used: 4,
      remaining: 0,
      resetAt: at(11, 0, 0),
    });
  });
});

describe("refusals in the audit log", () => {
  it("writes one line per refusal with its code and the devKey id, never the key", async () => {
    const logs = captureLogs();
    await start({ logs, config: { hourlyRequestLimit: 2, hourlyLoginLimit: 1 } });
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    await check(client);
    await check(client);
    await postJson(client, "/v3/login", loginBody(account));
    const refusals = logs.records().filter((r) => r.kind === "audit" && r.event === "limit.refused");
    expect(refusals).toEqual([
      expect.objectContaining({
        code: "BDC_1144",
        reason: "hourly-requests",
        devKeyId: account.devKeyId,
        organizationId: account.organizationId,
        count: 3,
        limit: 2,
      }),
      expect.objectContaining({ code: "BDC_1144", reason: "hourly-requests", count: 4, limit: 2 }),
    ]);
    expect(logs.lines.join("\n")).not.toContain(account.devKey);
  });
});
