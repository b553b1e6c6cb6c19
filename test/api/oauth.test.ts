/**
 * OAuth 2.0 client credentials (docs/bill-sign-in-modes.md section 4): apps under
 * /connect/v3/oauth/apps, BILL's token endpoint POST /authx/token (RFC 6749 sections 2.3.1,
 * 4.4, 5.1, 5.2) and Bearer calls on /connect/v3 (RFC 6750), with the store, budgets, expiry
 * by the injected clock and revocation.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BillClient, OAuthTokenError, OperatorClient } from "../../client/src/index.ts";
import {
  createDevKey,
  setOrganizationLocked,
  setUserArchived,
} from "../../src/auth/accounts/provisioning.ts";
import { spendRequestBudget } from "../../src/auth/limits/request-budget.ts";
import { basicAuthorization } from "../../src/auth/oauth/basic-auth.ts";
import { readLimits } from "../../src/operator/limits-report.ts";
import { describeEachBackend, tableRows } from "../helpers/backends.ts";
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
  unwrap,
} from "../helpers/helpers.ts";
import { newPhone, passChallenge, signedIn, verifyPhone } from "../helpers/mfa-helpers.ts";

const HOUR = 3_600_000;

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | unknown[] | string;
}

async function send(t: TestServer, path: string, init: RequestInit): Promise<Answer> {
  const res = await fetch(`${t.server.url}${path}`, init);
  const text = await res.text();
  let body: Answer["body"] = text;
  try {
    body = JSON.parse(text) as Answer["body"];
  } catch {}
  return { status: res.status, headers: res.headers, body };
}

/** POST /authx/token with a form body (and extra headers). */
const token = (t: TestServer, form: Record<string, string> | string, headers: Record<string, string> = {}) =>
  send(t, "/authx/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: typeof form === "string" ? form : new URLSearchParams(form).toString(),
  });

/** A /connect call with a Bearer token. */
const bearer = (t: TestServer, accessToken: string, method: string, path: string, body?: unknown) =>
  send(t, `/connect${path}`, {
    method,
    headers: {
      authorization: `Bearer ${accessToken}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** An administrator's session; trusted when its devKey bypasses MFA. */
async function adminSession(t: TestServer, account: Account, trusted: boolean) {
  const devKey = trusted
    ? unwrap(await createDevKey(t.deps, { name: "trusted", mfaBypass: true })).key
    : account.devKey;
  const login = await postJson(t.client(devKey), "/v3/login", { ...loginBody(account), devKey });
  expect(login.status).toBe(200);
  return { devKey, sessionId: (login.body as { sessionId: string }).sessionId };
}

async function createApp(
  t: TestServer,
  session: { devKey: string; sessionId: string },
  body: Record<string, unknown>,
) {
  return send(t, "/connect/v3/oauth/apps", {
    method: "POST",
    headers: { "content-type": "application/json", devKey: session.devKey, sessionId: session.sessionId },
    body: JSON.stringify(body),
  });
}

/** A raw `POST /v3/oauth/apps` with the client's own session. */
const appRequest = (scope: string) => ({
  method: "POST",
  path: "/v3/oauth/apps",
  auth: true,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ name: `${scope} app`, scope }),
});

interface MadeApp {
  clientId: string;
  clientSecret: string;
  scope: string;
}

async function madeApp(t: TestServer, account: Account, scope: "full" | "accounting"): Promise<MadeApp> {
  const session = await adminSession(t, account, scope === "full");
  const created = await createApp(t, session, { name: `${scope} app`, scope });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return created.body as unknown as MadeApp;
}

async function accessToken(t: TestServer, app: MadeApp): Promise<string> {
  const answer = await token(t, {
    grant_type: "client_credentials",
    client_id: app.clientId,
    client_secret: app.clientSecret,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return (answer.body as { access_token: string }).access_token;
}

describeEachBackend("OAuth client credentials", (backend) => {
  let t: TestServer;
  let account: Account;
  const start = async (options: TestServerOptions = {}) => {
    t = await startTestServer({ backend, ...options });
    account = await provisionAccount(t.deps);
  };
  afterEach(() => t?.close());

  describe("apps", () => {
    beforeEach(() => start());

    it("an administrator makes an app: client id, secret shown once, scope fixed; listed without secrets", async () => {
      const session = await adminSession(t, account, false);
      const created = await createApp(t, session, { name: "ERP sync", scope: "accounting" });
      expect(created.status).toBe(200);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^0oa01[0-9A-Za-z]{15}$/),
        clientId: (created.body as { id: string }).id,
        name: "ERP sync",
        scope: "accounting",
        organizationId: account.organizationId,
        userId: account.userId,
        createdTime: "2026-11-29T10:00:00.000+00:00",
        clientSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      const listed = await send(t, "/connect/v3/oauth/apps?max=1", {
        headers: { devKey: session.devKey, sessionId: session.sessionId },
      });
      expect(listed.status).toBe(200);
      const { clientSecret: _secret, ...shown } = created.body as Record<string, unknown>;
      expect(listed.body).toEqual({ results: [shown] });
      expect(JSON.stringify(listed.body)).not.toContain(_secret as string);
      // Its hidden developer key is no developer key anyone lists or counts.
      expect(await t.deps.stores.devKeys.count()).toBe(1);
      expect((await t.deps.stores.devKeys.list()).map((k) => k.id)).toEqual([account.devKeyId]);
    });

    it("pages the list (max, nextPage)", async () => {
      const session = await adminSession(t, account, false);
      for (const name of ["a", "b", "c"]) {
        await createApp(t, session, { name, scope: "accounting" });
        t.clock.advance(1000);
      }
      const headers = { devKey: session.devKey, sessionId: session.sessionId };
      const first = await send(t, "/connect/v3/oauth/apps?max=2", { headers });
      const page = first.body as { results: { name: string }[]; nextPage: string };
      expect(page.results.map((a) => a.name)).toEqual(["a", "b"]);
      const second = await send(t, `/connect/v3/oauth/apps?max=2&page=${page.nextPage}`, { headers });
      expect((second.body as { results: { name: string }[] }).results.map((a) => a.name)).toEqual(["c"]);
    });

    it("full access needs an MFA-trusted session (403 BDC_1361); accounting data does not", async () => {
      const untrusted = await adminSession(t, account, false);
      const refused = await createApp(t, untrusted, { name: "pay", scope: "full" });
      expect(refused.status).toBe(403);
      expect(codesOf(refused.body)).toEqual(["BDC_1361"]);
      expect(await t.deps.stores.oauthApps.list({})).toEqual([]);
      const trusted = await adminSession(t, account, true);
      expect((await createApp(t, trusted, { name: "pay", scope: "full" })).status).toBe(200);
    });

    it("full access from a session made trusted by BILL's MFA challenge", async () => {
      const client = await signedIn(t, account);
      const phone = newPhone();
      await verifyPhone(t, client, phone);
      expect(codesOf((await client.rawRequest(appRequest("full"))).body)).toEqual(["BDC_1361"]);
      await passChallenge(t, client, phone);
      const made = await client.rawRequest(appRequest("full"));
      expect(made.status, JSON.stringify(made.body)).toBe(200);
      expect((made.body as { scope: string }).scope).toBe("full");
    });

    it("refuses a non-administrator (BDC_9004) and a bad scope or name (BDC_1108, BDC_9001)", async () => {
      const clerk = await provisionAccount(t.deps, { role: "CLERK" });
      const clerkSession = await adminSession(t, clerk, false);
      const refused = await createApp(t, clerkSession, { name: "x", scope: "accounting" });
      expect([refused.status, codesOf(refused.body)]).toEqual([403, ["BDC_9004"]]);
      const session = await adminSession(t, account, false);
      const missing = await createApp(t, session, { name: "x" });
      expect([missing.status, codesOf(missing.body)]).toEqual([400, ["BDC_1108"]]);
      const wrong = await createApp(t, session, { name: "x", scope: "FULL_ACCESS" });
      expect([wrong.status, codesOf(wrong.body)]).toEqual([400, ["BDC_9001"]]);
    });

    it("stores only hashes: no client secret and no access token in any table", async () => {
      const app = await madeApp(t, account, "accounting");
      const issued = await accessToken(t, app);
      for (const table of ["oauth_apps", "sessions", "dev_keys", "audit_events"]) {
        const text = JSON.stringify(await tableRows(t.databasePath, table));
        expect(text, table).not.toContain(app.clientSecret);
        expect(text, table).not.toContain(issued);
      }
      const [row] = await tableRows(t.databasePath, "oauth_apps");
      expect(row?.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it("an app of organization A is never reached from organization B", async () => {
      const app = await madeApp(t, account, "accounting");
      const other = await provisionAccount(t.deps);
      const otherSession = await adminSession(t, other, false);
      const headers = { devKey: otherSession.devKey, sessionId: otherSession.sessionId };
      const listed = await send(t, "/connect/v3/oauth/apps", { headers });
      expect(listed.body).toEqual({ results: [] });
      const revoke = await send(t, `/connect/v3/oauth/apps/${app.clientId}`, { method: "DELETE", headers });
      expect([revoke.status, codesOf(revoke.body)]).toEqual([404, ["BDC_9005"]]);
      // Its token reads organization A only: B's ids are not found.
      const issued = await accessToken(t, app);
      const own = await bearer(t, issued, "GET", `/v3/organizations/${account.organizationId}`);
      expect(own.status).toBe(200);
      const foreign = await bearer(t, issued, "GET", `/v3/organizations/${other.organizationId}`);
      expect(foreign.status).toBeGreaterThanOrEqual(400);
      expect(foreign.status).not.toBe(200);
    });

    it("revocation ends the app's tokens at once, and no new one is issued", async () => {
      const app = await madeApp(t, account, "accounting");
      const issued = await accessToken(t, app);
      expect((await bearer(t, issued, "GET", "/v3/login/session")).status).toBe(200);
      const session = await adminSession(t, account, false);
      const revoked = await send(t, `/connect/v3/oauth/apps/${app.clientId}`, {
        method: "DELETE",
        headers: { devKey: session.devKey, sessionId: session.sessionId },
      });
      expect(revoked.status).toBe(200);
      expect(revoked.body).toEqual(
        expect.objectContaining({ id: app.clientId, tokensEnded: 1, revokedTime: expect.any(String) }),
      );
      const after = await bearer(t, issued, "GET", "/v3/login/session");
      expect([after.status, codesOf(after.body)]).toEqual([401, ["BDC_1109"]]);
      const again = await token(t, {
        grant_type: "client_credentials",
        client_id: app.clientId,
        client_secret: app.clientSecret,
      });
      expect([again.status, (again.body as { error: string }).error]).toEqual([401, "invalid_client"]);
      // Both the app's creation and its revocation are in the audit, never its secret.
      await t.server.runtime.auditLog.flush();
      const audited = await t.deps.stores.audit.list({ organizationId: account.organizationId });
      const events = audited.filter((e) => e.event.startsWith("oauth-app."));
      expect(events.map((e) => [e.event, e.reason]).sort()).toEqual([
        ["oauth-app.created", app.clientId],
        ["oauth-app.revoked", app.clientId],
      ]);
      expect(JSON.stringify(audited)).not.toContain(app.clientSecret);
    });

    it("no OAuth token manages OAuth apps (403 BDC_9004), full access included", async () => {
      const app = await madeApp(t, account, "full");
      const issued = await accessToken(t, app);
      const listed = await bearer(t, issued, "GET", "/v3/oauth/apps");
      expect([listed.status, codesOf(listed.body)]).toEqual([403, ["BDC_9004"]]);
      const made = await bearer(t, issued, "POST", "/v3/oauth/apps", { name: "x", scope: "full" });
      expect([made.status, codesOf(made.body)]).toEqual([403, ["BDC_9004"]]);
    });

    it("no OAuth token changes the creator's second factor or makes other credentials, full access included", async () => {
      const issued = await accessToken(t, await madeApp(t, account, "full"));
      const attempts: [string, string, Record<string, unknown>][] = [
        ["POST", "/v3/mfa/setup", { phone: "+15550009999", type: "TEXT" }],
        [
          "POST",
          "/v3/mfa/setup/validate",
          { setupId: "0ms01AAAAAAAAAAAAAAA", type: "TEXT", token: "123456" },
        ],
        ["POST", "/v3/mfa/challenge", {}],
        ["POST", "/v3/mfa/step-up", { rememberMeId: "x", device: "d" }],
        ["POST", "/v3/sync-tokens", { name: "backdoor" }],
      ];
      for (const [method, path, body] of attempts) {
        const answer = await bearer(t, issued, method, path, body);
        expect([path, answer.status, codesOf(answer.body)]).toEqual([path, 403, ["BDC_9004"]]);
      }
      expect(await t.deps.stores.syncTokens.list({ organizationId: account.organizationId })).toEqual([]);
      // Reads stay open to a full-access token.
      expect((await bearer(t, issued, "GET", "/v3/mfa/phones")).status).toBe(200);
    });
  });

  describe("POST /authx/token", () => {
    beforeEach(() => start());

    it("answers RFC 6749 section 5.1 JSON with no-store headers; the token is a session of mode oauth", async () => {
      const app = await madeApp(t, account, "accounting");
      const answer = await token(t, {
        grant_type: "client_credentials",
        client_id: app.clientId,
        client_secret: app.clientSecret,
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
      expect(answer.headers.get("cache-control")).toBe("no-store");
      expect(answer.headers.get("pragma")).toBe("no-cache");
      expect(answer.body).toEqual({
        access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        token_type: "Bearer",
        expires_in: 3600,
        scope: "accounting",
      });
      const [stored] = await t.deps.stores.sessions.list({ credentialId: app.clientId });
      expect(stored).toEqual(
        expect.objectContaining({
          mode: "oauth",
          credentialId: app.clientId,
          scope: "accounting",
          userId: account.userId,
          organizationId: account.organizationId,
          expiresAt: t.clock.now() + HOUR,
        }),
      );
    });

    it("takes HTTP Basic client authentication, id and secret form-urlencoded (RFC 6749 section 2.3.1)", async () => {
      const app = await madeApp(t, account, "accounting");
      const answer = await token(
        t,
        { grant_type: "client_credentials" },
        { authorization: basicAuthorization(app.clientId, app.clientSecret) },
      );
      expect(answer.status).toBe(200);
      // The scheme name is case-insensitive.
      const lower = basicAuthorization(app.clientId, app.clientSecret).replace("Basic", "basic");
      expect((await token(t, { grant_type: "client_credentials" }, { authorization: lower })).status).toBe(
        200,
      );
    });

    it("every RFC 6749 section 5.2 error, with its status", async () => {
      const app = await madeApp(t, account, "accounting");
      const good = {
        grant_type: "client_credentials",
        client_id: app.clientId,
        client_secret: app.clientSecret,
      };
      const errorOf = async (answer: Promise<Answer>) => {
        const { status, headers, body } = await answer;
        expect(headers.get("cache-control")).toBe("no-store");
        expect(headers.get("pragma")).toBe("no-cache");
        return [status, (body as { error: string }).error, headers.get("www-authenticate")];
      };
      expect(await errorOf(token(t, { client_id: app.clientId, client_secret: app.clientSecret }))).toEqual([
        400,
        "invalid_request",
        null,
      ]);
      expect(await errorOf(token(t, `${new URLSearchParams(good)}&grant_type=client_credentials`))).toEqual([
        400,
        "invalid_request",
        null,
      ]);
      expect(await errorOf(token(t, { ...good, grant_type: "password" }))).toEqual([
        400,
        "unsupported_grant_type",
        null,
      ]);
      expect(await errorOf(token(t, { ...good, client_secret: "wrong" }))).toEqual([
        401,
        "invalid_client",
        'Basic realm="billet"',
      ]);
      expect(await errorOf(token(t, { ...good, client_id: "0oa01AAAAAAAAAAAAAAA" }))).toEqual([
        401,
        "invalid_client",
        'Basic realm="billet"',
      ]);
      expect(await errorOf(token(t, { grant_type: "client_credentials" }))).toEqual([
        401,
        "invalid_client",
        'Basic realm="billet"',
      ]);
      expect(await errorOf(token(t, { ...good, scope: "full" }))).toEqual([400, "invalid_scope", null]);
      expect((await token(t, { ...good, scope: "accounting" })).status).toBe(200);
      // Basic with a wrong secret, and a malformed Basic header: 401 with the scheme used.
      const basicWrong = { authorization: basicAuthorization(app.clientId, "nope") };
      expect(await errorOf(token(t, { grant_type: "client_credentials" }, basicWrong))).toEqual([
        401,
        "invalid_client",
        'Basic realm="billet"',
      ]);
      for (const malformed of ["Basic", "Basic !!!", `Basic ${Buffer.from("no-colon").toString("base64")}`]) {
        expect(
          await errorOf(token(t, { grant_type: "client_credentials" }, { authorization: malformed })),
        ).toEqual([401, "invalid_client", 'Basic realm="billet"']);
      }
      // Two ways of authenticating at once.
      const both = { authorization: basicAuthorization(app.clientId, app.clientSecret) };
      expect(await errorOf(token(t, good, both))).toEqual([400, "invalid_request", null]);
      // Not a form.
      const json = await send(t, "/authx/token", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(good),
      });
      expect([json.status, (json.body as { error: string }).error]).toEqual([400, "invalid_request"]);
      // The creator's organization locked: the client may not get tokens now.
      unwrap(await setOrganizationLocked(t.deps, account.organizationId, true));
      expect(await errorOf(token(t, good))).toEqual([400, "unauthorized_client", null]);
      // Another method.
      const get = await send(t, "/authx/token", { method: "GET" });
      expect([get.status, codesOf(get.body)]).toEqual([405, ["BDC_1121"]]);
    });

    it("a token of an archived creator is not issued, and a live one ends", async () => {
      const app = await madeApp(t, account, "accounting");
      const issued = await accessToken(t, app);
      unwrap(
        await setUserArchived(t.deps, {
          userId: account.userId,
          organizationId: account.organizationId,
          archived: true,
        }),
      );
      expect((await bearer(t, issued, "GET", "/v3/login/session")).status).toBe(401);
      const answer = await token(t, {
        grant_type: "client_credentials",
        client_id: app.clientId,
        client_secret: app.clientSecret,
      });
      expect((answer.body as { error: string }).error).toBe("unauthorized_client");
    });

    it("audits the issue with mode oauth, never the secret", async () => {
      await t.close();
      const logs = captureLogs();
      await start({ logs });
      const app = await madeApp(t, account, "accounting");
      await accessToken(t, app);
      await t.server.runtime.auditLog.flush();
      const [event] = await t.deps.stores.audit
        .list({ userId: account.userId, event: "login.success" })
        .then((events) => events.filter((e) => e.reason === "oauth client-credentials"));
      expect(event).toEqual(expect.objectContaining({ organizationId: account.organizationId }));
      const line = logs.records().find((r) => r.reason === "oauth client-credentials");
      expect(line).toEqual(expect.objectContaining({ mode: "oauth", event: "login.success" }));
      expect(logs.lines.join("\n")).not.toContain(app.clientSecret);
    });
  });

  describe("Bearer calls", () => {
    beforeEach(() => start());

    it("work instead of devKey + sessionId, as the app's creator", async () => {
      const app = await madeApp(t, account, "accounting");
      const issued = await accessToken(t, app);
      const answer = await bearer(t, issued, "GET", "/v3/login/session");
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(
        expect.objectContaining({ organizationId: account.organizationId, userId: account.userId }),
      );
      expect((await bearer(t, issued, "GET", "/v3/users")).status).toBe(200);
    });

    it("accounting data: reads pass, a write is 403 BDC_9004 and spends no budget", async () => {
      const app = await madeApp(t, account, "accounting");
      const issued = await accessToken(t, app);
      const stored = await t.deps.stores.oauthApps.findById(app.clientId);
      const devKeyId = stored?.devKeyId as string;
      const before = await readLimits(t.deps, devKeyId);
      const write = await bearer(t, issued, "POST", "/v3/users", {
        firstName: "A",
        email: "a.new@example.com",
        acceptTermsOfService: true,
      });
      expect([write.status, codesOf(write.body)]).toEqual([403, ["BDC_9004"]]);
      const after = await readLimits(t.deps, devKeyId);
      // The hourly budget (an in-flight slot of the token request may still be on its way back).
      expect(after.hourlyRequests).toEqual(before.hourlyRequests);
      expect((await bearer(t, issued, "GET", "/v3/users")).status).toBe(200);
    });

    it("full access: writes pass (as the creator, an administrator)", async () => {
      const app = await madeApp(t, account, "full");
      const issued = await accessToken(t, app);
      const write = await bearer(t, issued, "POST", "/v3/users", {
        firstName: "A",
        email: "b.new@example.com",
        acceptTermsOfService: true,
      });
      expect(write.status, JSON.stringify(write.body)).toBe(200);
    });

    it("logout ends the token", async () => {
      const app = await madeApp(t, account, "accounting");
      const issued = await accessToken(t, app);
      expect((await bearer(t, issued, "POST", "/v3/logout")).status).toBe(200);
      expect((await bearer(t, issued, "GET", "/v3/login/session")).status).toBe(401);
    });

    it("expires at its fixed end by the injected clock, with no sliding: 401 BDC_1109 and invalid_token", async () => {
      const app = await madeApp(t, account, "accounting");
      const issued = await accessToken(t, app);
      t.clock.advance(HOUR - 1000);
      expect((await bearer(t, issued, "GET", "/v3/login/session")).status).toBe(200);
      t.clock.advance(1000);
      const expired = await bearer(t, issued, "GET", "/v3/login/session");
      expect([expired.status, codesOf(expired.body)]).toEqual([401, ["BDC_1109"]]);
      expect(expired.headers.get("www-authenticate")).toBe('Bearer realm="billet", error="invalid_token"');
    });

    it("a token is refused as a sessionId, and a session id as a Bearer token", async () => {
      const app = await madeApp(t, account, "accounting");
      const issued = await accessToken(t, app);
      const asSession = await send(t, "/connect/v3/login/session", {
        headers: { devKey: account.devKey, sessionId: issued },
      });
      expect([asSession.status, codesOf(asSession.body)]).toEqual([401, ["BDC_1109"]]);
      const { sessionId } = await adminSession(t, account, false);
      const asBearer = await bearer(t, sessionId, "GET", "/v3/login/session");
      expect([asBearer.status, codesOf(asBearer.body)]).toEqual([401, ["BDC_1109"]]);
      for (const header of ["Bearer", "Bearer a b", "Bearer \u00e9"]) {
        const odd = await send(t, "/connect/v3/login/session", { headers: { authorization: header } });
        expect([odd.status, codesOf(odd.body)], header).toEqual([401, ["BDC_1109"]]);
      }
    });

    it("take the in-flight slots of (the app's devKey, its organization): the 4th is 422 BDC_1322", async () => {
      const app = await madeApp(t, account, "accounting");
      const issued = await accessToken(t, app);
      const devKeyId = (await t.deps.stores.oauthApps.findById(app.clientId))?.devKeyId as string;
      // The token request's own slot is given back as its answer is written: wait until it is.
      for (let i = 0; i < 200; i++) {
        const lanes = (await readLimits(t.deps, devKeyId)).inFlight?.organizations ?? [];
        if (lanes.every((lane) => lane.held === 0)) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      // Three requests of that lane in flight (held here, as three slow calls would hold them).
      const held: { release(): Promise<void> | undefined }[] = [];
      for (let i = 0; i < 3; i++) {
        const outcome = await spendRequestBudget(t.deps, {
          devKeyId,
          organizationId: account.organizationId,
        });
        expect(outcome.ok).toBe(true);
        if (outcome.ok && outcome.slot) held.push(outcome.slot);
      }
      const refused = await bearer(t, issued, "GET", "/v3/login/session");
      expect([refused.status, codesOf(refused.body)]).toEqual([422, ["BDC_1322"]]);
      // The account's own devKey is another lane.
      const own = await postJson(t.client(account.devKey), "/v3/login", loginBody(account));
      expect(own.status).toBe(200);
      for (const slot of held) await slot.release();
      expect((await bearer(t, issued, "GET", "/v3/login/session")).status).toBe(200);
    });

    it("count toward the app's devKey budgets and in-flight slot like sessions", async () => {
      const app = await madeApp(t, account, "accounting");
      const issued = await accessToken(t, app);
      const devKeyId = (await t.deps.stores.oauthApps.findById(app.clientId))?.devKeyId as string;
      const before = await readLimits(t.deps, devKeyId);
      const answer = await bearer(t, issued, "GET", "/v3/login/session");
      expect(answer.headers.get("x-ratelimit-limit")).not.toBeNull();
      const after = await readLimits(t.deps, devKeyId);
      expect(after.hourlyRequests?.used).toBe((before.hourlyRequests?.used ?? 0) + 1);
    });
  });
});

describe("the typed client with OAuth client credentials", () => {
  let t: TestServer;
  afterEach(() => t?.close());

  it("makes an app (client.oauthApps), fetches and caches a token, refreshes it before expiry, retries once on 401", async () => {
    t = await startTestServer();
    const account = await provisionAccount(t.deps);
    const admin = t.client(account.devKey);
    await admin.sessions.login(loginBody(account));
    const app = await admin.oauthApps.create({ name: "typed", scope: "accounting" });
    expect((await admin.oauthApps.list().toArray()).map((a) => a.clientId)).toEqual([app.clientId]);
    const client = new BillClient({
      baseUrl: t.baseUrl,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      now: () => t.clock.now(),
      maxRetries: 0,
    });
    const tokens = () => t.deps.stores.sessions.list({ credentialId: app.clientId });
    expect(await client.sessions.details()).toEqual(expect.objectContaining({ userId: account.userId }));
    await client.users.list().toArray();
    expect(await tokens()).toHaveLength(1);
    // Shortly before the end (the server's clock, injected into the client too): a new token.
    t.clock.advance(HOUR - 59_000);
    await client.sessions.details();
    expect(await tokens()).toHaveLength(2);
    // The token ends early (logged out elsewhere): one 401, one new token, the call succeeds.
    for (const token of await tokens()) await t.deps.stores.sessions.deleteById(token.id);
    expect(await client.sessions.details()).toEqual(expect.objectContaining({ userId: account.userId }));
    expect(await tokens()).toHaveLength(1);
    // An accounting-data token may not write.
    const refused = await client.users
      .create({ firstName: "No", email: "no@example.com", acceptTermsOfService: true })
      .catch((e: unknown) => e);
    expect((refused as { code?: string }).code).toBe("BDC_9004");
    // Revoked: the retry's new token is refused by the token endpoint. (The administrator's
    // password session went idle while the clock moved an hour.)
    await admin.sessions.login(loginBody(account));
    await admin.oauthApps.revoke(app.clientId);
    const error = await client.sessions.details().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthTokenError);
    expect(error).toMatchObject({ error: "invalid_client" });
  });
});

describe("OAuth in the operator plane (sandbox)", () => {
  const TOKEN = "operator-token-for-oauth-tests-0123456789";
  let t: TestServer;
  let account: Account;
  beforeEach(async () => {
    t = await startTestServer({ config: { operatorToken: TOKEN } });
    account = await provisionAccount(t.deps);
  });
  afterEach(() => t?.close());

  const warningsOf = (answer: Answer) => answer.headers.get("x-billet-warning") ?? "";

  it("warns oauth-available on a devKey + password login in an organization with an OAuth app", async () => {
    const before = await postJson(t.client(account.devKey), "/v3/login", loginBody(account));
    expect(before.headers.get("x-billet-warning") ?? "").not.toContain("oauth-available");
    await madeApp(t, account, "accounting");
    const after = await postJson(t.client(account.devKey), "/v3/login", loginBody(account));
    expect(after.status).toBe(200);
    expect(after.headers.get("x-billet-warning") ?? "").toContain("oauth-available");
    // Another organization without one is not told.
    const other = await provisionAccount(t.deps);
    const elsewhere = await postJson(t.client(other.devKey), "/v3/login", loginBody(other));
    expect(elsewhere.headers.get("x-billet-warning") ?? "").not.toContain("oauth-available");
  });

  it("warns token-per-call when a new token comes while the last one was used once at most", async () => {
    const app = await madeApp(t, account, "accounting");
    const form = {
      grant_type: "client_credentials",
      client_id: app.clientId,
      client_secret: app.clientSecret,
    };
    const first = await token(t, form);
    expect(warningsOf(first)).not.toContain("token-per-call");
    const issued = (first.body as { access_token: string }).access_token;
    await bearer(t, issued, "GET", "/v3/login/session");
    const second = await token(t, form);
    expect(warningsOf(second)).toContain("token-per-call");
    // A token used for several calls: no warning for the next one.
    const reused = (second.body as { access_token: string }).access_token;
    for (let i = 0; i < 3; i++) await bearer(t, reused, "GET", "/v3/login/session");
    expect(warningsOf(await token(t, form))).not.toContain("token-per-call");
  });

  it("trips a fault scoped to the organization on Bearer calls, and only on that organization's", async () => {
    const operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
    const mine = await accessToken(t, await madeApp(t, account, "accounting"));
    const other = await provisionAccount(t.deps);
    const theirs = await accessToken(t, await madeApp(t, other, "accounting"));
    await operator.faults.arm({
      path: "/v3/login/session",
      error: "BDC_1322",
      organizationId: account.organizationId,
    });
    const tripped = await bearer(t, mine, "GET", "/v3/login/session");
    expect(tripped.status).toBeGreaterThanOrEqual(400);
    expect((tripped.body as { code: string }[])[0]?.code).toBe("BDC_1322");
    expect((await bearer(t, theirs, "GET", "/v3/login/session")).status).toBe(200);
  });

  it("logs token requests with the client secret and the access token redacted", async () => {
    const app = await madeApp(t, account, "accounting");
    const issuedToken = await accessToken(t, app);
    const operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
    const entries = await operator.requests.list(10);
    const entry = entries.find((e) => e.path === "/authx/token");
    expect(entry).toMatchObject({ status: 200, organizationId: account.organizationId });
    const text = JSON.stringify(entries);
    expect(text).not.toContain(app.clientSecret);
    expect(text).not.toContain(issuedToken);
    expect(text).toContain("[redacted]");
    const issued = await t.deps.stores.sessions.list({ credentialId: app.clientId });
    expect(issued).toHaveLength(1);
  });
});

describe("OAuth budgets", () => {
  let t: TestServer;
  afterEach(() => t?.close());

  it("a token spends the login budget of its app's devKey; past it, 429 with Retry-After", async () => {
    t = await startTestServer({ config: { hourlyLoginLimit: 2 } });
    const account = await provisionAccount(t.deps);
    const app = await madeApp(t, account, "accounting");
    const good = {
      grant_type: "client_credentials",
      client_id: app.clientId,
      client_secret: app.clientSecret,
    };
    expect((await token(t, good)).status).toBe(200);
    expect((await token(t, good)).status).toBe(200);
    const refused = await token(t, good);
    expect([refused.status, (refused.body as { error: string }).error]).toEqual([429, "invalid_request"]);
    expect(refused.headers.get("retry-after")).not.toBeNull();
  });

  it("Bearer calls spend the hourly request budget of the app's devKey: past it, 422 BDC_1144", async () => {
    t = await startTestServer({ config: { hourlyRequestLimit: 3 } });
    const account = await provisionAccount(t.deps);
    const app = await madeApp(t, account, "accounting");
    // The token request is one request of the app's devKey's budget too (as a login is).
    const issued = await accessToken(t, app);
    expect((await bearer(t, issued, "GET", "/v3/login/session")).status).toBe(200);
    expect((await bearer(t, issued, "GET", "/v3/login/session")).status).toBe(200);
    const refused = await bearer(t, issued, "GET", "/v3/login/session");
    expect([refused.status, codesOf(refused.body)]).toEqual([422, ["BDC_1144"]]);
    // The account's own devKey is untouched.
    expect((await postJson(t.client(account.devKey), "/v3/login", loginBody(account))).status).toBe(200);
  });
});
