/**
 * The operator plane on a listener of its own (BILLET_OPERATOR_PORT/HOST): the operator API,
 * the console and the health probes answer there, the public listener answers 404 for the
 * first two as for any unknown path, and the operator's request log, faults and clock still
 * see the public API. Without the setting both share one listener, as before.
 */
import { afterEach, describe, expect, it } from "vitest";
import { OperatorClient } from "../../client/src/index.ts";
import { describeStartup } from "../../src/main.ts";
import {
  captureLogs,
  codesOf,
  loginBody,
  postJson,
  provisionAccount,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";

const TOKEN = "operator-token-for-tests-0123456789";
const bearer = { authorization: `Bearer ${TOKEN}` };

let t: TestServer;
afterEach(() => t?.close());

const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", text };
};

describe("a separate operator listener", () => {
  it("serves the operator API, console and health there, and nothing of them on the public listener", async () => {
    t = await startTestServer({ config: { operatorToken: TOKEN, operatorPort: 0 } });
    const { url, operatorUrl } = t.server;
    expect(operatorUrl).not.toBe(url);
    expect(operatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    for (const path of ["/operator/v1/clock", "/operator/v1/organizations", "/console", "/console/app.js"]) {
      const res = await get(`${url}${path}`, bearer);
      expect(res.status, path).toBe(404);
      expect(codesOf(JSON.parse(res.text)), path).toEqual(["BDC_1121"]);
    }
    // Nor a 405 for a known operator path with another method: it does not exist there.
    const otherMethod = await fetch(`${url}/operator/v1/clock`, { method: "DELETE", headers: bearer });
    expect(otherMethod.status).toBe(404);

    const operator = new OperatorClient({ baseUrl: operatorUrl, token: TOKEN });
    expect((await operator.clock.get()).epochMs).toBe(t.clock.now());
    expect(await operator.organizations.list()).toEqual([]);
    const index = await get(`${operatorUrl}/console`);
    expect(index.status).toBe(200);
    expect(index.type).toMatch(/^text\/html/);
    expect(index.text).toContain("app.js");
    for (const listener of [url, operatorUrl]) {
      expect((await get(`${listener}/health/live`)).status).toBe(200);
      expect((await get(`${listener}/health/ready`)).status).toBe(200);
    }
    // BILL's API is the public listener's only.
    const login = await fetch(`${operatorUrl}/connect/v3/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(login.status).toBe(404);
    expect(codesOf(await login.json())).toEqual(["BDC_1121"]);

    // /docs/operator.json stays on the public listener's /docs, empty there (docs/openapi.md).
    expect(t.server.app.registeredRoutes.filter((r) => /\/(operator|console)/.test(r))).toEqual([
      "GET /docs/operator.json",
    ]);
    const document = await (await fetch(`${t.server.url}/docs/operator.json`)).json();
    expect(document.paths).toEqual({});
    expect(t.server.operatorApp?.registeredRoutes.filter((r) => r.includes("/connect/"))).toEqual([]);
  });

  it("still watches and steers the public API: request log, faults, clock, sessions", async () => {
    t = await startTestServer({ config: { operatorToken: TOKEN, operatorPort: 0 } });
    const operator = new OperatorClient({ baseUrl: t.server.operatorUrl, token: TOKEN });
    const account = await provisionAccount(t.deps);
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));

    const [latest] = await operator.requests.list(1);
    expect(latest).toMatchObject({ method: "POST", path: "/connect/v3/login", status: 200 });
    expect(await operator.sessions.list({ userId: account.userId })).toHaveLength(1);

    await operator.faults.arm({ method: "POST", path: "/v3/login", error: "BDC_1322", times: 1 });
    expect(codesOf((await postJson(client, "/v3/login", loginBody(account))).body)).toEqual(["BDC_1322"]);

    await operator.clock.advance({ minutes: 36 });
    expect(
      codesOf((await client.rawRequest({ method: "GET", path: "/v3/login/session", auth: true })).body),
    ).toEqual(["BDC_1109"]);
  });

  it("throttles failed operator authentications there too", async () => {
    t = await startTestServer({ config: { operatorToken: TOKEN, operatorPort: 0, operatorFailureLimit: 1 } });
    const clock = `${t.server.operatorUrl}/operator/v1/clock`;
    expect((await get(clock, { authorization: "Bearer not-the-token-not-the-token-0000" })).status).toBe(401);
    expect(codesOf(JSON.parse((await get(clock, bearer)).text))).toEqual(["BDC_1110"]);
  });

  it("stops both listeners on close", async () => {
    t = await startTestServer({ config: { operatorToken: TOKEN, operatorPort: 0 } });
    const { url, operatorUrl } = t.server;
    await t.server.close();
    for (const listener of [url, operatorUrl]) {
      await expect(fetch(`${listener}/health/live`)).rejects.toThrow();
    }
  });

  it("says in the startup report where the operator plane answers", () => {
    const text = describeStartup({
      url: "http://127.0.0.1:3000",
      operatorUrl: "http://127.0.0.1:3001",
      mode: "sandbox",
      operator: { token: "t".repeat(43) },
    });
    expect(text).toContain(
      "Operator token (for http://127.0.0.1:3001/operator/v1 and the console at http://127.0.0.1:3001/console)",
    );
    expect(
      text.endsWith(
        "billet listening on http://127.0.0.1:3000 (sandbox mode)\noperator API and console on http://127.0.0.1:3001\n",
      ),
    ).toBe(true);
  });
});

describe("one listener for both (the default)", () => {
  it("serves the operator API and console beside the public API, as before", async () => {
    t = await startTestServer({ config: { operatorToken: TOKEN } });
    expect(t.server.operatorUrl).toBe(t.server.url);
    expect(t.server.operatorApp).toBeUndefined();
    const operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
    expect((await operator.clock.get()).epochMs).toBe(t.clock.now());
    expect((await get(`${t.server.url}/console`)).status).toBe(200);
    const text = describeStartup({ url: t.server.url, operatorUrl: t.server.url, mode: "sandbox" });
    expect(text).toBe(`billet listening on ${t.server.url} (sandbox mode)\n`);
  });

  it("warns once at start in service mode, and not with a listener of its own", async () => {
    const shared = captureLogs();
    t = await startTestServer({ logs: shared, config: { mode: "service", operatorToken: TOKEN } });
    const warnings = (logs: ReturnType<typeof captureLogs>) =>
      logs.records().filter((r) => r.level === 40 && String(r.msg).includes("operator API and console"));
    expect(warnings(shared)).toHaveLength(1);
    expect(String(warnings(shared)[0]?.msg)).toMatch(/BILLET_OPERATOR_PORT/);
    await t.close();

    const separate = captureLogs();
    t = await startTestServer({
      logs: separate,
      config: { mode: "service", operatorToken: TOKEN, operatorPort: 0 },
    });
    expect(warnings(separate)).toEqual([]);
    await t.close();

    // Nor without an operator API at all, nor in sandbox mode.
    const none = captureLogs();
    t = await startTestServer({ logs: none, config: { mode: "service", operatorToken: undefined } });
    expect(warnings(none)).toEqual([]);
    await t.close();
    const sandbox = captureLogs();
    t = await startTestServer({ logs: sandbox, config: { operatorToken: TOKEN } });
    expect(warnings(sandbox)).toEqual([]);
  });
});
