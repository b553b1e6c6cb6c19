/**
 * BILL's v2 session calls (docs/bill-sign-in-modes.md section 2): Login.json, Logout.json and
 * GetSessionInfo.json over the one session store, with v3's checks, budgets and audit.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readLimits } from "../../src/operator/limits-report.ts";
import { describeEachBackend } from "../helpers/backends.ts";
import {
  type Account,
  captureLogs,
  loginBody,
  provisionAccount,
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from "../helpers/helpers.ts";
import { postForm, postRaw, v2Code, v2Login, v2LoginForm } from "../helpers/v2-helpers.ts";

const MINUTE = 60_000;

let t: TestServer;
let account: Account;
async function start(options: TestServerOptions = {}) {
  t = await startTestServer(options);
  account = await provisionAccount(t.deps);
}
afterEach(() => t?.close());

/** GET /v3/login/session with v3's headers. */
const v3Details = (sessionId: string, devKey = account.devKey) =>
  t.client(devKey).rawRequest({ method: "GET", path: "/v3/login/session", headers: { devKey, sessionId } });

const sessionInfo = (sessionId: string, devKey = account.devKey) =>
  postForm(t, "GetSessionInfo.json", { devKey, sessionId });

describe("POST /api/v2/Login.json", () => {
  beforeEach(() => start());

  it("answers BILL's v2 envelope: sessionId, orgId, apiEndPoint (billet's own v2 base), usersId", async () => {
    const answer = await postForm(t, "Login.json", v2LoginForm(account));
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect(answer.body).toEqual({
      response_status: 0,
      response_message: "Success",
      response_data: {
        sessionId: expect.any(String),
        orgId: account.organizationId,
        apiEndPoint: `${t.server.url}/api/v2`,
        usersId: account.userId,
      },
    });
    // The session is one of the store's, made the password way.
    const sessions = await t.deps.stores.sessions.list({ userId: account.userId });
    expect(sessions.map((s) => s.mode)).toEqual(["password"]);
  });

  it("builds apiEndPoint from X-Forwarded-Proto and -Host only behind a trusted proxy", async () => {
    const forwarded = { "x-forwarded-proto": "https", "x-forwarded-host": "bill.example.com" };
    const untrusted = await postForm(t, "Login.json", v2LoginForm(account), forwarded);
    expect(untrusted.body.response_data.apiEndPoint).toBe(`${t.server.url}/api/v2`);
    await t.close();
    await start({ config: { trustProxy: { proxies: ["loopback"] } } });
    const trusted = await postForm(t, "Login.json", v2LoginForm(account), forwarded);
    expect(trusted.body.response_data.apiEndPoint).toBe("https://bill.example.com/api/v2");
  });

  it("answers every failure in the envelope with HTTP 200, as BILL's v2 does", async () => {
    const wrong = await postForm(t, "Login.json", { ...v2LoginForm(account), password: "wrong password" });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toEqual({
      response_status: 1,
      response_message: "Error",
      response_data: {
        error_code: "BDC_1101",
        error_message: "User name and/or password do not match our records.",
      },
    });
    const badKey = await postForm(t, "Login.json", { ...v2LoginForm(account), devKey: "nope" });
    expect(v2Code(badKey)).toBe("BDC_1102");
    const badOrg = await postForm(t, "Login.json", { ...v2LoginForm(account), orgId: "008" });
    expect(v2Code(badOrg)).toBe("BDC_1123");
  });

  it("names v2's fields when one is missing, and refuses v3's spellings", async () => {
    const { userName: _, ...noUser } = v2LoginForm(account);
    const missing = await postForm(t, "Login.json", noUser);
    expect(missing.body.response_data).toEqual({
      error_code: "BDC_1108",
      error_message: "Missing parameter value for parameter: userName.",
    });
    const v3Names = await postForm(t, "Login.json", loginBody(account));
    expect(v3Names.body.response_data.error_message).toBe("Missing parameter value for parameter: userName.");
    const noOrg = await postForm(t, "Login.json", { ...v2LoginForm(account), orgId: "" });
    expect(noOrg.body.response_data.error_message).toBe("Missing parameter value for parameter: orgId.");
  });

  it("answers malformed requests in the envelope, never a 5xx", async () => {
    const cases: [string, Record<string, string>][] = [
      ["", {}],
      ["", { "content-type": "application/x-www-form-urlencoded" }],
      [JSON.stringify(loginBody(account)), { "content-type": "application/json" }],
      [
        "userName=a&userName=b&password=x&orgId=y&devKey=z",
        { "content-type": "application/x-www-form-urlencoded" },
      ],
      ["%zz=%E0%A4%A&&&==", { "content-type": "application/x-www-form-urlencoded" }],
      [`pad=${"x".repeat(70 * 1024)}`, { "content-type": "application/x-www-form-urlencoded" }],
      ["garbage", { "content-type": "text/plain" }],
    ];
    const codes: (string | undefined)[] = [];
    for (const [body, headers] of cases) {
      const answer = await postRaw(t, "Login.json", body, headers);
      expect(answer.status, body.slice(0, 40)).toBe(200);
      expect(answer.body.response_status).toBe(1);
      codes.push(v2Code(answer));
    }
    expect(codes).toEqual([
      "BDC_1108",
      "BDC_1108",
      "BDC_1122",
      "BDC_9001",
      "BDC_1108",
      "BDC_9007",
      "BDC_1122",
    ]);
  });

  it("is v3's login: the lockout refuses it after failures on either API", async () => {
    await t.close();
    await start({ config: { lockoutThreshold: 2 } });
    const wrong = { ...v2LoginForm(account), password: "wrong" };
    await postForm(t, "Login.json", wrong);
    await t.client(account.devKey).rawRequest({
      method: "POST",
      path: "/v3/login",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ...loginBody(account), password: "wrong" }),
    });
    const locked = await postForm(t, "Login.json", v2LoginForm(account));
    expect(v2Code(locked)).toBe("BDC_1110");
  });

  it("spends the devKey's hourly login budget, shared with v3, with Retry-After on the refusal", async () => {
    await t.close();
    await start({ config: { hourlyLoginLimit: 2 } });
    await t.client(account.devKey).sessions.login(loginBody(account));
    const second = await postForm(t, "Login.json", v2LoginForm(account));
    expect(second.body.response_status).toBe(0);
    expect(second.headers.get("x-ratelimit-limit")).toEqual(expect.any(String));
    const third = await postForm(t, "Login.json", v2LoginForm(account));
    expect(third.status).toBe(200);
    expect(v2Code(third)).toBe("BDC_1144");
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    const report = await readLimits(t.deps, account.devKeyId);
    expect(report).toMatchObject({ hourlyLogins: { used: 3 } });
  });

  it("audits the login as v2's, and never writes a secret to the log", async () => {
    await t.close();
    const logs = captureLogs();
    await start({ logs });
    const sessionId = await v2Login(t, account);
    await postForm(t, "Login.json", { ...v2LoginForm(account), password: "typo-secret" });
    await t.server.runtime.auditLog.flush();
    const events = await t.deps.stores.audit.list({ limit: 10 });
    const logins = events.filter((e) => e.event.startsWith("login."));
    expect(logins.map((e) => [e.event, e.reason])).toEqual(
      expect.arrayContaining([
        ["login.success", "v2"],
        ["login.failure", "v2"],
      ]),
    );
    const text = logs.lines.join("\n");
    for (const secret of [sessionId, account.password, account.devKey, "typo-secret"]) {
      expect(text).not.toContain(secret);
    }
  });
});

describeEachBackend("one session store for v2 and v3", (backend) => {
  beforeEach(() => start({ backend }));

  it("a v2 session works on v3 (headers) and a v3 session works on v2 (form fields)", async () => {
    const fromV2 = await v2Login(t, account);
    const onV3 = await v3Details(fromV2);
    expect(onV3.status).toBe(200);
    expect(onV3.body).toMatchObject({ organizationId: account.organizationId, userId: account.userId });

    const fromV3 = (await t.client(account.devKey).sessions.login(loginBody(account))).sessionId;
    const onV2 = await sessionInfo(fromV3);
    expect(onV2.body).toEqual({
      response_status: 0,
      response_message: "Success",
      response_data: { organizationId: account.organizationId, userId: account.userId },
    });
  });

  it("a logout on either API ends the session on both", async () => {
    const a = await v2Login(t, account);
    const out = await postForm(t, "Logout.json", { devKey: account.devKey, sessionId: a });
    expect(out.body).toEqual({ response_status: 0, response_message: "Success", response_data: {} });
    expect((await v3Details(a)).status).toBe(401);
    expect(v2Code(await sessionInfo(a))).toBe("BDC_1109");

    const b = await v2Login(t, account);
    const v3Out = await t.client(account.devKey).rawRequest({
      method: "POST",
      path: "/v3/logout",
      headers: { devKey: account.devKey, sessionId: b },
    });
    expect(v3Out.status).toBe(200);
    expect(v2Code(await sessionInfo(b))).toBe("BDC_1109");
  });

  it("the idle rule is the same: a call resets the 35 minutes, whichever API it goes through", async () => {
    const sessionId = await v2Login(t, account);
    t.clock.advance(30 * MINUTE);
    expect((await v3Details(sessionId)).status).toBe(200);
    t.clock.advance(30 * MINUTE);
    expect((await sessionInfo(sessionId)).body.response_status).toBe(0);
    t.clock.advance(35 * MINUTE + 1000);
    const expired = await sessionInfo(sessionId);
    expect(expired.status).toBe(200);
    expect(expired.body.response_data).toEqual({
      error_code: "BDC_1109",
      error_message: "Session is invalid.  Please log in.",
    });
    expect((await v3Details(sessionId)).status).toBe(401);
  });

  it("takes the session from form fields only: BDC_1108 naming each missing one, BDC_1109 for a wrong one", async () => {
    const sessionId = await v2Login(t, account);
    const none = await postForm(t, "GetSessionInfo.json", {});
    expect(none.body.response_data.error_message).toBe("Missing parameter value for parameter: devKey.");
    const asHeaders = await postRaw(t, "GetSessionInfo.json", "", { devKey: account.devKey, sessionId });
    expect(v2Code(asHeaders)).toBe("BDC_1108");
    const noSession = await postForm(t, "GetSessionInfo.json", { devKey: account.devKey });
    expect(noSession.body.response_data.error_message).toBe(
      "Missing parameter value for parameter: sessionId.",
    );
    expect(v2Code(await sessionInfo("not-a-session"))).toBe("BDC_1109");
    const twice = await postRaw(
      t,
      "GetSessionInfo.json",
      `devKey=${encodeURIComponent(account.devKey)}&sessionId=${sessionId}&sessionId=${sessionId}`,
      { "content-type": "application/x-www-form-urlencoded" },
    );
    expect(v2Code(twice)).toBe("BDC_1109");
  });

  it("refuses another devKey's session and another organization's, as v3 does", async () => {
    const other = await provisionAccount(t.deps);
    const mine = await v2Login(t, account);
    // The other account's devKey with my session: not the devKey it was made with.
    expect(v2Code(await sessionInfo(mine, other.devKey))).toBe("BDC_1109");
    // My credentials cannot log in to the other organization.
    const foreign = await postForm(t, "Login.json", { ...v2LoginForm(account), orgId: other.organizationId });
    expect(v2Code(foreign)).toBe("BDC_1111");
  });

  it("an authenticated v2 call spends the hourly request budget shared with v3", async () => {
    await t.close();
    await start({ backend, config: { hourlyRequestLimit: 3 } });
    const sessionId = await v2Login(t, account); // 1
    expect((await sessionInfo(sessionId)).body.response_status).toBe(0); // 2
    expect((await v3Details(sessionId)).status).toBe(200); // 3
    const refused = await sessionInfo(sessionId);
    expect(v2Code(refused)).toBe("BDC_1144");
    expect(refused.status).toBe(200);
  });
});

describe("the in-flight slot", () => {
  beforeEach(() => start({ config: { concurrentRequestLimit: 1 } }));

  it("is taken by each v2 call and given back however it ends", async () => {
    const sessionId = await v2Login(t, account);
    // With one slot, each call in turn gets it: none is left held by the one before.
    for (let i = 0; i < 3; i++) {
      expect((await sessionInfo(sessionId)).body.response_status).toBe(0);
      expect(
        v2Code(await postForm(t, "List/Nope.json", { devKey: account.devKey, sessionId, data: "{}" })),
      ).toBe("BDC_1128");
    }
    const report = await readLimits(t.deps, account.devKeyId);
    expect(report.inFlight?.organizations).toEqual([]);
  });
});

describe("unknown v2 paths", () => {
  beforeEach(() => start());

  it("answer BDC_1121 in the envelope", async () => {
    for (const path of ["ListOrgs.json", "Nope", "List/Vendor", "Login.json/extra"]) {
      const answer = await postForm(t, path, {});
      expect(answer.status, path).toBe(200);
      expect(v2Code(answer), path).toBe("BDC_1121");
    }
    // A URL Fastify cannot decode is refused before routing, in v2's envelope too.
    const badUrl = await postForm(t, "Crud/Read/%.json", {});
    expect(badUrl.status).toBe(200);
    expect(v2Code(badUrl)).toBe("BDC_1121");
    const get = await fetch(`${t.server.url}/api/v2/Login.json`);
    expect(get.status).toBe(200);
    expect(((await get.json()) as { response_data: { error_code: string } }).response_data.error_code).toBe(
      "BDC_1121",
    );
  });
});
