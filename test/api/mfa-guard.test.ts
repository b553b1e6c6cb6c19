import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BillClient } from "../../client/src/index.ts";
import { createApp } from "../../src/app.ts";
import { createDevKey } from "../../src/auth/accounts/provisioning.ts";
import { parseProtectedOperations } from "../../src/auth/mfa/protected-operations.ts";
import { createSettableClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import type { App } from "../../src/http/types.ts";
import { openRuntime, type Runtime } from "../../src/runtime.ts";
import {
  captureLogs,
  codesOf,
  FAST_ARGON2,
  loginBody,
  rejection,
  startTestServer,
  type TestServer,
  unwrap,
} from "../helpers/helpers.ts";
import { mfaAccount, newPhone, passChallenge, signedIn, verifyPhone } from "../helpers/mfa-helpers.ts";

const protect = (list: string) => parseProtectedOperations(list).operations;

describe("the MFA guard, from the operator's list (BILLET_MFA_PROTECTED)", () => {
  let t: TestServer;
  afterEach(() => t.close());

  it("refuses an untrusted session with 403 BDC_1361 where the organization requires MFA", async () => {
    t = await startTestServer({ config: { mfaProtected: protect("GET /v3/mfa/phones") } });
    const account = await mfaAccount(t);
    const client = await signedIn(t, account);
    const error = await rejection(client.mfa.phones());
    expect(error.status).toBe(403);
    expect(error.errors).toEqual([
      expect.objectContaining({ code: "BDC_1361", category: "DOWNSTREAM", message: "Untrusted session." }),
    ]);
    // HEAD of a protected GET is protected too.
    const head = await client.rawRequest({ method: "HEAD", path: "/v3/mfa/phones", auth: true });
    expect(head.status).toBe(403);
    // The user can still become trusted, then the operation runs.
    const phone = newPhone();
    await verifyPhone(t, client, phone);
    await passChallenge(t, client, phone);
    expect((await client.mfa.phones()).results).toHaveLength(1);
  });

  it("answers BDC_1361 for a listed POST /v3/mfa/setup without a phone; BDC_5324 once a phone is verified", async () => {
    t = await startTestServer({ config: { mfaProtected: protect("POST /v3/mfa/setup") } });
    const account = await mfaAccount(t);
    const client = await signedIn(t, account);
    // The operator's list: no verified phone yet, and the organization requires MFA.
    const listed = await rejection(client.mfa.setup({ phone: newPhone(), type: "TEXT" }));
    expect([listed.status, codesOf(listed.errors)]).toEqual([403, ["BDC_1361"]]);
    // A user the operator's list leaves alone (no MFA required) sets a phone up; changing it
    // untrusted is then BILL's BDC_5324, the route's own refusal, checked first.
    const relaxed = await mfaAccount(t, { mfaRequired: false });
    const other = await signedIn(t, relaxed);
    await verifyPhone(t, other, newPhone());
    const change = await rejection(other.mfa.setup({ phone: newPhone(), type: "TEXT" }));
    expect([change.status, codesOf(change.errors)]).toEqual([403, ["BDC_5324"]]);
  });

  it("lets the call through where the organization does not require MFA, and for an mfaBypass devKey", async () => {
    t = await startTestServer({ config: { mfaProtected: protect("GET /v3/mfa/phones") } });
    const relaxed = await signedIn(t, await mfaAccount(t, { mfaRequired: false }));
    expect(await relaxed.mfa.phones()).toEqual({ results: [] });

    const strict = await mfaAccount(t);
    const bypass = unwrap(await createDevKey(t.deps, { name: "bypass", mfaBypass: true }));
    const client = t.client(bypass.key);
    await client.sessions.login(loginBody(strict));
    expect(await client.mfa.phones()).toEqual({ results: [] });
  });

  it("checks the session before anything else: BDC_1108 and BDC_1109 come first", async () => {
    t = await startTestServer({ config: { mfaProtected: protect("GET /v3/mfa/phones") } });
    const account = await mfaAccount(t);
    const client = t.client(account.devKey);
    const none = await client.rawRequest({ method: "GET", path: "/v3/mfa/phones" });
    expect(codesOf(none.body)).toEqual(["BDC_1108", "BDC_1108"]);
    const dead = await client.rawRequest({
      method: "GET",
      path: "/v3/mfa/phones",
      headers: { devKey: account.devKey, sessionId: "dead" },
    });
    expect(codesOf(dead.body)).toEqual(["BDC_1109"]);
  });
});

describe("the MFA guard, declared by a route", () => {
  let runtime: Runtime | undefined;
  let app: App | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await app?.close();
    await runtime?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The real app plus test routes, listening on a free port; `ran` counts handler runs. */
  async function appWithRoutes(list: string, logs = captureLogs()) {
    dir = mkdtempSync(join(tmpdir(), "billet-guard-"));
    const config = loadConfig(
      {},
      {
        databaseUrl: join(dir, "billet.db"),
        logLevel: "info",
        argon2: FAST_ARGON2,
        mfaProtected: protect(list),
      },
    );
    runtime = await openRuntime(config, {
      clock: createSettableClock(Date.UTC(2026, 10, 29)),
      logStream: logs.stream,
    });
    const made = await createApp({ deps: runtime.deps, logger: runtime.logger });
    app = made;
    const ran: string[] = [];
    const handler = (name: string) => async () => {
      ran.push(name);
      return { ok: true };
    };
    made.post("/connect/v3/test/declared", { config: { mfaProtected: true } }, handler("declared"));
    made.get("/connect/v3/test/declared", { config: { mfaProtected: true } }, handler("declared-get"));
    made.patch("/connect/v3/things/:thingId", handler("listed"));
    made.post("/connect/v3/test/exempt", { config: { mfaProtected: false } }, handler("exempt"));
    made.post("/connect/v3/test/open", handler("open"));
    made.post(
      "/connect/v3/test/conditional",
      { config: { mfaProtected: (_deps, session) => session.userId.endsWith("never") } },
      handler("conditional"),
    );
    await made.listen({ port: 0, host: "127.0.0.1" });
    const address = made.server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const deps = runtime.deps;
    const account = await mfaAccount({ deps } as TestServer);
    const client = new BillClient({
      baseUrl: `http://127.0.0.1:${port}/connect`,
      devKey: account.devKey,
      relogin: false,
      maxRetries: 0,
    });
    await client.sessions.login(loginBody(account));
    const call = async (method: string, path: string) =>
      client.rawRequest({
        method,
        path,
        auth: true,
        headers: { "content-type": "application/json" },
        body: "{}",
      });
    return { client, account, ran, call, logs };
  }

  it("refuses before the handler runs; listed paths match * segments; false exempts; a condition decides", async () => {
    const { client, ran, call } = await appWithRoutes("PATCH /v3/things/*, POST /v3/test/exempt");
    for (const path of ["/v3/test/declared"]) {
      const res = await call("POST", path);
      expect(res.status).toBe(403);
      expect(codesOf(res.body)).toEqual(["BDC_1361"]);
    }
    expect(codesOf((await call("PATCH", "/v3/things/0th01AAAAAAAAAAAAAAA")).body)).toEqual(["BDC_1361"]);
    for (const method of ["GET", "HEAD"]) {
      const res = await client.rawRequest({ method, path: "/v3/test/declared", auth: true });
      expect(res.status).toBe(403);
    }
    expect(ran).toEqual([]);
    expect((await call("POST", "/v3/test/exempt")).status).toBe(200);
    expect((await call("POST", "/v3/test/open")).status).toBe(200);
    expect((await call("POST", "/v3/test/conditional")).status).toBe(200);
    expect(ran).toEqual(["exempt", "open", "conditional"]);
  });

  it("lets a trusted session through", async () => {
    const { client, ran, call } = await appWithRoutes("PATCH /v3/things/*");
    const phone = newPhone();
    const t = { deps: runtime?.deps } as TestServer;
    await verifyPhone(t, client, phone);
    await passChallenge(t, client, phone);
    expect((await call("POST", "/v3/test/declared")).status).toBe(200);
    expect((await call("PATCH", "/v3/things/x")).status).toBe(200);
    expect(ran).toEqual(["declared", "listed"]);
  });

  it("warns at start about a listed operation that matches no route it can protect", async () => {
    const { logs } = await appWithRoutes("POST /v3/nothing/here, POST /v3/test/exempt, PATCH /v3/things/*");
    const warnings = logs
      .records()
      .filter((r) => r.level === 40)
      .map((r) => r.msg);
    expect(warnings).toEqual([
      'BILLET_MFA_PROTECTED: "POST /v3/nothing/here" matches no route that can be protected',
      'BILLET_MFA_PROTECTED: "POST /v3/test/exempt" matches no route that can be protected',
    ]);
  });
});
