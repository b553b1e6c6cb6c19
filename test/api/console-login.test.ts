/**
 * `POST /v3/login` with a Console API token (docs/bill-sign-in-modes.md section 5): a BILL
 * Accountant Console user signs in to a client organization of the token's console.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OperatorClient } from "../../client/src/index.ts";
import {
  addConsoleOrganization,
  addConsoleUser,
  createConsole,
  createConsoleToken,
  removeConsoleOrganization,
  revokeConsoleToken,
} from "../../src/auth/accounts/consoles.ts";
import { setUserArchived } from "../../src/auth/accounts/provisioning.ts";
import { hashSecret } from "../../src/auth/crypto/ids.ts";
import { describeEachBackend, tableRows } from "../helpers/backends.ts";
import { gateHasher } from "../helpers/gate-hasher.ts";
import {
  type Account,
  codesOf,
  loginBody,
  postJson,
  provisionAccount,
  startTestServer,
  type TestServer,
  unwrap,
} from "../helpers/helpers.ts";

const TOKEN = "operator-token-for-console-tests";

interface Firm {
  consoleId: string;
  userId: string;
  username: string;
  token: string;
  tokenId: string;
}

/** A console serving `clients`, with one user and one token. */
async function firmOf(t: TestServer, name: string, clients: readonly Account[]): Promise<Firm> {
  const firm = unwrap(await createConsole(t.deps, { name }));
  for (const client of clients) unwrap(await addConsoleOrganization(t.deps, firm.id, client.organizationId));
  const username = `cpa.${name.replace(/\W/g, "").toLowerCase()}.${Date.now()}@example.com`;
  const user = unwrap(await addConsoleUser(t.deps, firm.id, { email: username }));
  const token = unwrap(await createConsoleToken(t.deps, firm.id, { userId: user.userId }));
  return { consoleId: firm.id, userId: user.userId, username, token: token.token, tokenId: token.id };
}

describeEachBackend("POST /v3/login with consoleApiToken", (backend) => {
  let t: TestServer;
  let client: Account;
  let other: Account;
  let firm: Firm;

  beforeEach(async () => {
    t = await startTestServer({ backend, config: { operatorToken: TOKEN } });
    client = await provisionAccount(t.deps);
    other = await provisionAccount(t.deps);
    firm = await firmOf(t, "Acme CPAs", [client]);
  });
  afterEach(() => t.close());

  const body = (overrides: Record<string, unknown> = {}) => ({
    username: firm.username,
    consoleApiToken: firm.token,
    organizationId: client.organizationId,
    devKey: client.devKey,
    ...overrides,
  });
  const login = (overrides: Record<string, unknown> = {}, devKey = client.devKey) =>
    postJson(t.client(devKey), "/v3/login", body(overrides));
  const sessionCheck = (sessionId: string, devKey = client.devKey) =>
    t.client(devKey).rawRequest({
      method: "GET",
      path: "/v3/login/session",
      headers: { sessionId, devKey },
    });
  const sessionIdOf = (res: { body: unknown }) => String((res.body as { sessionId: string }).sessionId);

  it("answers 200 with a console session in the client organization", async () => {
    const res = await login();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      sessionId: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      organizationId: client.organizationId,
      userId: firm.userId,
      trusted: false,
    });
    const details = await sessionCheck(sessionIdOf(res));
    expect(details.status).toBe(200);
    expect(details.body).toMatchObject({ organizationId: client.organizationId, userId: firm.userId });
    const [session] = await t.deps.stores.sessions.list({ userId: firm.userId });
    expect(session).toMatchObject({ mode: "console", credentialId: firm.tokenId, expiresAt: null });
  });

  it("the console user acts with the role the console gave it: ADMINISTRATOR", async () => {
    const sessionId = sessionIdOf(await login());
    const users = await t.client(client.devKey).rawRequest({
      method: "GET",
      path: "/v3/users",
      headers: { sessionId, devKey: client.devKey },
    });
    expect(users.status).toBe(200);
  });

  it("audits the sign-in with mode console, and a failure too, never the token", async () => {
    await login();
    t.clock.advance(1000);
    await login({ consoleApiToken: "wrong-token-wrong-token" });
    const operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
    const events = await operator.audit.list({ userId: firm.userId });
    expect(events.map((e) => [e.event, e.mode, e.code])).toEqual([
      ["login.failure", "console", "BDC_1101"],
      ["login.success", "console", null],
    ]);
    expect(JSON.stringify(events)).not.toContain(firm.token);
  });

  it("expires after 35 idle minutes by the injected clock; each call resets the timer", async () => {
    const sessionId = sessionIdOf(await login());
    t.clock.advance(35 * 60 * 1000 - 1);
    expect((await sessionCheck(sessionId)).status).toBe(200);
    t.clock.advance(35 * 60 * 1000 - 1);
    expect((await sessionCheck(sessionId)).status).toBe(200);
    t.clock.advance(35 * 60 * 1000);
    const expired = await sessionCheck(sessionId);
    expect(expired.status).toBe(401);
    expect(codesOf(expired.body)).toEqual(["BDC_1109"]);
  });

  it("stores the token only as its SHA-256", async () => {
    const rows = await tableRows(t.databasePath, "console_tokens");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: firm.tokenId, token_hash: hashSecret(firm.token) });
    expect(JSON.stringify(rows)).not.toContain(firm.token);
  });

  it("answers a wrong, unknown, other user's or revoked token as a wrong password: BDC_1101", async () => {
    const second = unwrap(
      await addConsoleUser(t.deps, firm.consoleId, { email: `second.${Date.now()}@example.com` }),
    );
    const secondToken = unwrap(await createConsoleToken(t.deps, firm.consoleId, { userId: second.userId }));
    const cases = [
      { consoleApiToken: `${firm.token}x` },
      { username: "nobody@example.com" },
      { consoleApiToken: secondToken.token },
      // A user's password is not a console token.
      { username: client.username, consoleApiToken: client.password },
    ];
    for (const overrides of cases) {
      const res = await login(overrides);
      expect(res.status).toBe(401);
      expect(res.body).toEqual([
        expect.objectContaining({
          code: "BDC_1101",
          message: "User name and/or password do not match our records.",
        }),
      ]);
    }
    const operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
    await operator.consoles.revokeToken(firm.consoleId, firm.tokenId);
    expect(codesOf((await login()).body)).toEqual(["BDC_1101"]);
  });

  it("answers devKey, organization and membership failures with the password login's codes", async () => {
    expect(codesOf((await login({ devKey: "no-such-devkey-no-such-devkey" })).body)).toEqual(["BDC_1102"]);
    expect(codesOf((await login({ organizationId: "00801AAAAAAAAAAAAAAA" })).body)).toEqual(["BDC_1123"]);
    unwrap(
      await setUserArchived(t.deps, {
        userId: firm.userId,
        organizationId: client.organizationId,
        archived: true,
      }),
    );
    const archived = await login();
    expect(archived.status).toBe(401);
    expect(codesOf(archived.body)).toEqual(["BDC_1111"]);
  });

  it("counts failures toward the lockout: BDC_1110 then, even with the right token", async () => {
    for (let i = 0; i < t.config.lockoutThreshold; i++) {
      expect(codesOf((await login({ consoleApiToken: `wrong-${i}-wrong-token` })).body)).toEqual([
        "BDC_1101",
      ]);
    }
    expect(codesOf((await login()).body)).toEqual(["BDC_1110"]);
  });

  it("refuses an organization the token's console does not serve (BDC_1101), even one the user belongs to", async () => {
    // The console user is also an ordinary member of `other`, outside any console.
    unwrap(await addConsoleOrganization(t.deps, firm.consoleId, other.organizationId));
    const operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
    await operator.consoles.removeOrganization(firm.consoleId, other.organizationId);
    expect(await t.deps.stores.memberships.find(firm.userId, other.organizationId)).toBeDefined();
    const res = await login({ organizationId: other.organizationId, devKey: other.devKey }, other.devKey);
    expect(res.status).toBe(401);
    expect(codesOf(res.body)).toEqual(["BDC_1101"]);
  });

  it("never lets console A's token into console B's client, for a user of both", async () => {
    const clientOfB = await provisionAccount(t.deps);
    const b = await firmOf(t, "Beta Bookkeeping", [clientOfB]);
    // The user of A joins B too and has a token of B.
    unwrap(await addConsoleUser(t.deps, b.consoleId, { email: firm.username }));
    const tokenOfB = unwrap(await createConsoleToken(t.deps, b.consoleId, { userId: firm.userId }));
    const intoB = { organizationId: clientOfB.organizationId, devKey: clientOfB.devKey };
    expect(codesOf((await login(intoB, clientOfB.devKey)).body)).toEqual(["BDC_1101"]);
    expect((await login({ ...intoB, consoleApiToken: tokenOfB.token }, clientOfB.devKey)).status).toBe(200);
    // And B's token does not open A's client.
    expect(codesOf((await login({ consoleApiToken: tokenOfB.token })).body)).toEqual(["BDC_1101"]);
    // B's own user, with B's token, cannot reach A's client either.
    expect(codesOf((await login({ username: b.username, consoleApiToken: b.token })).body)).toEqual([
      "BDC_1101",
    ]);
  });

  it("keeps the Console API token out of the request log and the log lines", async () => {
    const operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
    expect((await login()).status).toBe(200);
    const entries = await operator.requests.list(10);
    const entry = entries.find((e) => e.path === "/connect/v3/login");
    expect(entry).toBeDefined();
    expect(JSON.stringify(entries)).not.toContain(firm.token);
    expect(JSON.stringify(entries)).toContain("[redacted]");
  });

  it("signs in through the typed client, which then lists the organizations the user reaches", async () => {
    const api = t.client(client.devKey);
    const signedIn = await api.sessions.login({
      username: firm.username,
      consoleApiToken: firm.token,
      organizationId: client.organizationId,
    });
    expect(signedIn).toMatchObject({ organizationId: client.organizationId, trusted: false });
    const reached = await api.sessions.loginOrganizations().toArray();
    expect(reached.map((o) => o.id)).toContain(client.organizationId);
    expect(reached.map((o) => o.id)).not.toContain(other.organizationId);
    const [session] = await t.deps.stores.sessions.list({ credentialId: firm.tokenId });
    expect(session?.mode).toBe("console");
  });

  it("leaves no session behind when the token is revoked or unlinked while a login is under way", async () => {
    const sessions = t.deps.stores.sessions;
    const create = sessions.create.bind(sessions);
    // The change lands between the login's token check and its session insert.
    const racing = (change: () => Promise<{ ok: boolean }>) => {
      sessions.create = async (session) => {
        sessions.create = create;
        expect((await change()).ok).toBe(true);
        return create(session);
      };
    };
    racing(() => removeConsoleOrganization(t.deps, firm.consoleId, client.organizationId));
    const unlinked = await login();
    expect(unlinked.status).toBe(401);
    expect(codesOf(unlinked.body)).toEqual(["BDC_1101"]);
    expect(await t.deps.stores.sessions.list({ credentialId: firm.tokenId })).toEqual([]);

    unwrap(await addConsoleOrganization(t.deps, firm.consoleId, client.organizationId));
    racing(() => revokeConsoleToken(t.deps, firm.consoleId, firm.tokenId));
    const revoked = await login();
    expect(revoked.status).toBe(401);
    expect(codesOf(revoked.body)).toEqual(["BDC_1101"]);
    expect(await t.deps.stores.sessions.list({ credentialId: firm.tokenId })).toEqual([]);
  });

  it("ends the token's sessions when it is revoked, the organization unlinked or the user removed", async () => {
    const operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
    const first = sessionIdOf(await login());
    const revoked = await operator.consoles.revokeToken(firm.consoleId, firm.tokenId);
    expect(revoked).toEqual({ id: firm.tokenId, revoked: true, sessionsEnded: 1 });
    expect(codesOf((await sessionCheck(first)).body)).toEqual(["BDC_1109"]);
    // Revoking twice changes nothing.
    expect(await operator.consoles.revokeToken(firm.consoleId, firm.tokenId)).toMatchObject({
      revoked: false,
    });

    const fresh = await operator.consoles.createToken(firm.consoleId, { userId: firm.userId, name: "CI" });
    const second = sessionIdOf(await login({ consoleApiToken: fresh.token }));
    const removed = await operator.consoles.removeOrganization(firm.consoleId, client.organizationId);
    expect(removed.sessionsEnded).toBe(1);
    expect(codesOf((await sessionCheck(second)).body)).toEqual(["BDC_1109"]);
    expect(codesOf((await login({ consoleApiToken: fresh.token })).body)).toEqual(["BDC_1101"]);

    await operator.consoles.addOrganization(firm.consoleId, client.organizationId);
    const third = sessionIdOf(await login({ consoleApiToken: fresh.token }));
    const gone = await operator.consoles.removeUser(firm.consoleId, firm.userId);
    expect(gone).toEqual({
      consoleId: firm.consoleId,
      userId: firm.userId,
      tokensRevoked: 1,
      sessionsEnded: 1,
    });
    expect(codesOf((await sessionCheck(third)).body)).toEqual(["BDC_1109"]);
    expect(codesOf((await login({ consoleApiToken: fresh.token })).body)).toEqual(["BDC_1101"]);
  });

  it("refuses another console's token on revoke: not found, and it stays live", async () => {
    const b = await firmOf(t, "Beta Bookkeeping", []);
    const operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
    await expect(operator.consoles.revokeToken(b.consoleId, firm.tokenId)).rejects.toMatchObject({
      code: "BDC_9005",
    });
    expect((await login()).status).toBe(200);
  });

  it("takes exactly one of password and consoleApiToken", async () => {
    const both = await login({ password: "some password" });
    expect(both.status).toBe(400);
    expect(both.body).toEqual([
      expect.objectContaining({
        code: "BDC_9001",
        params: [{ name: "paramName0", value: "consoleApiToken" }],
      }),
    ]);
    const neither = await login({ consoleApiToken: undefined });
    expect(neither.status).toBe(400);
    expect(neither.body).toEqual([
      expect.objectContaining({ code: "BDC_1108", params: [{ name: "paramName0", value: "password" }] }),
    ]);
    // Empty counts as absent, as every field of the login.
    const empty = await login({ consoleApiToken: "" });
    expect(codesOf(empty.body)).toEqual(["BDC_1108"]);
    const wrongType = await login({ consoleApiToken: 42 });
    expect(wrongType.status).toBe(400);
    expect(codesOf(wrongType.body)).toEqual(["BDC_9001"]);
    const tooLong = await login({ consoleApiToken: "x".repeat(1025) });
    expect(codesOf(tooLong.body)).toEqual(["BDC_9001"]);
    const missing = await postJson(t.client(client.devKey), "/v3/login", { consoleApiToken: firm.token });
    expect(codesOf(missing.body)).toEqual(["BDC_1108", "BDC_1108", "BDC_1108"]);
  });

  it("spends the devKey's hourly login budget and its in-flight slots like a password login", async () => {
    await t.close();
    t = await startTestServer({ backend, config: { operatorToken: TOKEN, hourlyLoginLimit: 2 } });
    client = await provisionAccount(t.deps);
    firm = await firmOf(t, "Acme CPAs", [client]);
    expect((await login()).status).toBe(200);
    expect(
      (
        await postJson(t.client(client.devKey), "/v3/login", {
          username: client.username,
          password: client.password,
          organizationId: client.organizationId,
          devKey: client.devKey,
        })
      ).status,
    ).toBe(200);
    const refused = await login();
    expect(refused.status).toBe(422);
    expect(codesOf(refused.body)).toEqual(["BDC_1144"]);
  });
});

describe("console logins in flight per (devKey, organization)", () => {
  it("takes the slot a password login takes: the 4th request in flight is BDC_1322", async () => {
    const gate = gateHasher();
    const t = await startTestServer({ hasher: gate.hasher });
    try {
      const client = await provisionAccount(t.deps);
      const firm = await firmOf(t, "Acme CPAs", [client]);
      gate.hold();
      const held = [1, 2, 3].map(() => postJson(t.client(client.devKey), "/v3/login", loginBody(client)));
      await gate.until(3);
      const consoleLogin = await postJson(t.client(client.devKey), "/v3/login", {
        username: firm.username,
        consoleApiToken: firm.token,
        organizationId: client.organizationId,
        devKey: client.devKey,
      });
      expect(consoleLogin.status).toBe(422);
      expect(codesOf(consoleLogin.body)).toEqual(["BDC_1322"]);
      gate.releaseAll();
      expect((await Promise.all(held)).map((res) => res.status)).toEqual([200, 200, 200]);
    } finally {
      gate.releaseAll();
      await t.close();
    }
  });
});
