/**
 * BILL's AP & AR sync tokens (docs/bill-sign-in-modes.md section 3): made by an organization's
 * Administrator through `/v3/sync-tokens`, stored hashed, a login with the token's name and
 * value (v3 and v2) giving a `sync-token` session that idles out after 48 hours, may call only
 * the AP & AR records, and ends when the token is revoked.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { OperatorClient } from "../../client/src/index.ts";
import { hashSecret } from "../../src/auth/crypto/ids.ts";
import { readLimits } from "../../src/operator/limits-report.ts";
import { describeEachBackend, tableRows } from "../helpers/backends.ts";
import {
  type Account,
  captureLogs,
  codesOf,
  loginBody,
  provisionAccount,
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from "../helpers/helpers.ts";
import { ADDRESS, partnerSignedIn, provisionPartner } from "../helpers/provisioning-helpers.ts";
import { postForm } from "../helpers/v2-helpers.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TOKEN = "sync-tokens-operator-token-0123456789";

let t: TestServer;
let admin: Account;

async function start(options: TestServerOptions = {}) {
  t = await startTestServer(options);
  admin = await provisionAccount(t.deps);
}
afterEach(() => t?.close());

type Json = Record<string, unknown>;

/** A raw call with an account's devKey and a session id. */
const call = (method: string, path: string, devKey: string, sessionId: string, body?: unknown) =>
  t.client(devKey).rawRequest({
    method,
    path,
    headers: { devKey, sessionId, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const loginRaw = (body: Json) =>
  t.client(String(body.devKey)).rawRequest({
    method: "POST",
    path: "/v3/login",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

async function passwordSession(account: Account): Promise<string> {
  const res = await loginRaw(loginBody(account));
  expect(res.status).toBe(200);
  return String((res.body as Json).sessionId);
}

/** Creates a token through the API as the account's administrator session. */
async function createToken(account: Account, name: string, sessionId?: string) {
  const session = sessionId ?? (await passwordSession(account));
  const res = await call("POST", "/v3/sync-tokens", account.devKey, session, { name });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { id: string; name: string; token: string; userId: string };
}

const tokenLogin = (account: Account, name: string, value: string, over: Json = {}) =>
  loginRaw({
    username: name,
    password: value,
    organizationId: account.organizationId,
    devKey: account.devKey,
    ...over,
  });

async function tokenSession(account: Account, name = "ERP sync"): Promise<{ sessionId: string; id: string }> {
  const created = await createToken(account, name);
  const res = await tokenLogin(account, name, created.token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { sessionId: String((res.body as Json).sessionId), id: created.id };
}

describeEachBackend("sync tokens: create, list, revoke, stored hashed", (backend) => {
  beforeEach(() => start({ backend }));

  it("shows the value once, lists without it, and stores only its SHA-256", async () => {
    const session = await passwordSession(admin);
    const created = await createToken(admin, "QuickBooks sync", session);
    expect(created).toEqual({
      id: expect.stringMatching(/^0sy01[0-9A-Za-z]{15}$/),
      name: "QuickBooks sync",
      userId: admin.userId,
      createdTime: expect.any(String),
      revoked: false,
      revokedTime: null,
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const list = await call("GET", "/v3/sync-tokens", admin.devKey, session);
    expect(list.status).toBe(200);
    const { token: _value, ...listed } = created;
    expect(list.body).toEqual({ results: [listed] });
    expect(JSON.stringify(list.body)).not.toContain(created.token);

    const rows = await tableRows(t.databasePath, "sync_tokens");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.value_hash).toBe(hashSecret(created.token));
    expect(JSON.stringify(rows)).not.toContain(created.token);
  });

  it("pages like the other lists (max, page) and refuses another list's cursor", async () => {
    const session = await passwordSession(admin);
    for (const name of ["a", "b", "c"]) {
      await createToken(admin, name, session);
      t.clock.advance(1000);
    }
    const first = await call("GET", "/v3/sync-tokens?max=2", admin.devKey, session);
    const body = first.body as { results: Json[]; nextPage: string };
    expect(body.results.map((r) => r.name)).toEqual(["a", "b"]);
    const second = await call("GET", `/v3/sync-tokens?max=2&page=${body.nextPage}`, admin.devKey, session);
    expect((second.body as { results: Json[] }).results.map((r) => r.name)).toEqual(["c"]);
    const roles = await call("GET", "/v3/roles?max=1", admin.devKey, session);
    const rolesCursor = (roles.body as { nextPage: string }).nextPage;
    const wrong = await call("GET", `/v3/sync-tokens?page=${rolesCursor}`, admin.devKey, session);
    expect(wrong.status).toBe(400);
    expect(codesOf(wrong.body)).toEqual(["BDC_9001"]);
    const tooMany = await call("GET", "/v3/sync-tokens?max=101", admin.devKey, session);
    expect(codesOf(tooMany.body)).toEqual(["BDC_9001"]);
  });

  it("refuses a bad name, a live token's name, and a non-administrator", async () => {
    const session = await passwordSession(admin);
    for (const [body, code] of [
      [{}, "BDC_1108"],
      [{ name: "" }, "BDC_1108"],
      [{ name: 7 }, "BDC_9001"],
      [{ name: "has@at" }, "BDC_9001"],
      [{ name: "x".repeat(101) }, "BDC_9001"],
      [{ name: "tab\there" }, "BDC_9001"],
    ] as const) {
      const res = await call("POST", "/v3/sync-tokens", admin.devKey, session, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(codesOf(res.body)).toEqual([code]);
    }
    await createToken(admin, "dup", session);
    const twice = await call("POST", "/v3/sync-tokens", admin.devKey, session, { name: " dup " });
    expect(twice.status).toBe(409);
    expect(codesOf(twice.body)).toEqual(["BDC_9008"]);

    const clerk = await provisionAccount(t.deps, { role: "CLERK" });
    const clerkSession = await passwordSession(clerk);
    for (const [method, path] of [
      ["POST", "/v3/sync-tokens"],
      ["GET", "/v3/sync-tokens"],
      ["DELETE", "/v3/sync-tokens/0sy01aaaaaaaaaaaaaaa"],
    ] as const) {
      const res = await call(
        method,
        path,
        clerk.devKey,
        clerkSession,
        method === "POST" ? { name: "x" } : undefined,
      );
      expect(res.status, path).toBe(403);
      expect(codesOf(res.body)).toEqual(["BDC_9004"]);
    }
  });

  it("leaves no session behind when the token is revoked while a login with it is under way", async () => {
    const created = await createToken(admin, "ERP");
    const sessions = t.deps.stores.sessions;
    const create = sessions.create.bind(sessions);
    // The revocation lands between the login's token check and its session insert.
    sessions.create = async (session) => {
      sessions.create = create;
      const { revokeSyncToken } = await import("../../src/auth/accounts/sync-tokens.ts");
      expect((await revokeSyncToken(t.deps, created.id)).ok).toBe(true);
      return create(session);
    };
    const res = await tokenLogin(admin, "ERP", created.token);
    expect(res.status).toBe(401);
    expect(codesOf(res.body)).toEqual(["BDC_1101"]);
    expect(await t.deps.stores.sessions.list({ credentialId: created.id })).toEqual([]);
  });

  it("revokes: its sessions end at once, its name may be used again, twice is the same answer", async () => {
    const { sessionId, id } = await tokenSession(admin, "to revoke");
    expect((await call("GET", "/v3/login/session", admin.devKey, sessionId)).status).toBe(200);
    const session = await passwordSession(admin);
    const revoked = await call("DELETE", `/v3/sync-tokens/${id}`, admin.devKey, session);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id, revoked: true, revokedTime: expect.any(String) });
    const dead = await call("GET", "/v3/login/session", admin.devKey, sessionId);
    expect(dead.status).toBe(401);
    expect(codesOf(dead.body)).toEqual(["BDC_1109"]);
    const again = await call("DELETE", `/v3/sync-tokens/${id}`, admin.devKey, session);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(revoked.body);
    // The password session is untouched; the name is free again.
    expect((await call("GET", "/v3/login/session", admin.devKey, session)).status).toBe(200);
    await createToken(admin, "to revoke", session);
    const unknown = await call("DELETE", "/v3/sync-tokens/not-an-id", admin.devKey, session);
    expect(unknown.status).toBe(404);
    expect(codesOf(unknown.body)).toEqual(["BDC_9005"]);
  });

  it("keeps organizations apart: another's tokens are neither listed nor revocable, nor log in there", async () => {
    const other = await provisionAccount(t.deps);
    const mine = await createToken(admin, "mine");
    const otherSession = await passwordSession(other);
    const list = await call("GET", "/v3/sync-tokens", other.devKey, otherSession);
    expect(list.body).toEqual({ results: [] });
    const revoke = await call("DELETE", `/v3/sync-tokens/${mine.id}`, other.devKey, otherSession);
    expect(revoke.status).toBe(404);
    expect(codesOf(revoke.body)).toEqual(["BDC_9005"]);
    expect((await t.deps.stores.syncTokens.findById(mine.id))?.revokedAt).toBeNull();
    // Org A's token against org B (with either devKey): a wrong password.
    const cross = await tokenLogin(admin, "mine", mine.token, { organizationId: other.organizationId });
    expect(cross.status).toBe(401);
    expect(codesOf(cross.body)).toEqual(["BDC_1101"]);
  });
});

describeEachBackend("sync tokens: the login", (backend) => {
  beforeEach(() => start({ backend }));

  it("gives a sync-token session of the token's creator, on v3 and on v2", async () => {
    const created = await createToken(admin, "ERP");
    const res = await tokenLogin(admin, "ERP", created.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ organizationId: admin.organizationId, userId: admin.userId });
    const v2 = await postForm(t, "Login.json", {
      userName: "ERP",
      password: created.token,
      orgId: admin.organizationId,
      devKey: admin.devKey,
    });
    expect(v2.body.response_status).toBe(0);
    expect(v2.body.response_data).toMatchObject({ orgId: admin.organizationId, usersId: admin.userId });
    const sessions = await t.deps.stores.sessions.list({ credentialId: created.id });
    expect(sessions.map((s) => [s.mode, s.credentialId, s.trusted])).toEqual([
      ["sync-token", created.id, false],
      ["sync-token", created.id, false],
    ]);
  });

  it("logs in through the typed client too", async () => {
    const created = await createToken(admin, "client sync");
    const client = t.client(admin.devKey);
    const session = await client.sessions.login({
      username: "client sync",
      password: created.token,
      organizationId: admin.organizationId,
    });
    expect(session.userId).toBe(admin.userId);
    const vendors = await client.rawRequest({ method: "GET", path: "/v3/vendors", auth: true });
    expect(vendors.status).toBe(200);
  });

  it("answers every failure as a wrong password, and counts it toward the lockout", async () => {
    const created = await createToken(admin, "ERP");
    const session = await passwordSession(admin);
    const revokedToken = await createToken(admin, "gone", session);
    await call("DELETE", `/v3/sync-tokens/${revokedToken.id}`, admin.devKey, session);
    for (const [name, value] of [
      ["ERP", "wrong value"],
      ["ERP", `${created.token}x`],
      ["Erp", created.token],
      ["nobody", created.token],
      ["gone", revokedToken.token],
    ] as const) {
      const res = await tokenLogin(admin, name, value);
      expect(res.status, name).toBe(401);
      expect(res.body).toEqual([expect.objectContaining({ code: "BDC_1101", message: expect.any(String) })]);
    }
    // The same answer as a wrong password, field for field (but the timestamp).
    const password = await loginRaw({ ...loginBody(admin), password: "not it at all" });
    const token = await tokenLogin(admin, "ERP", "nope");
    const strip = (body: unknown) => (body as Json[]).map(({ timestamp: _t, ...rest }) => rest);
    expect(strip(token.body)).toEqual(strip(password.body));
  });

  it("locks the name after the lockout threshold, like a username", async () => {
    await t.close();
    await start({ backend, config: { lockoutThreshold: 3 } });
    const created = await createToken(admin, "ERP");
    for (let i = 0; i < 3; i++)
      expect(codesOf((await tokenLogin(admin, "ERP", "bad")).body)).toEqual(["BDC_1101"]);
    const locked = await tokenLogin(admin, "ERP", created.token);
    expect(codesOf(locked.body)).toEqual(["BDC_1110"]);
  });

  it("refuses a partner's login-as-user session: it leaves no credential behind (BDC_9004)", async () => {
    const partner = await provisionPartner(t.deps);
    const partnerClient = await partnerSignedIn(t, partner);
    const organization = await partnerClient.organizations.create({ name: "Partnered", address: ADDRESS });
    const user = await partnerClient
      .users(organization.id)
      .create({ firstName: "Pat", email: "pat@partnered.test", acceptTermsOfService: true });
    const asUser = await partnerClient.loginAsUser({ userId: user.id, organizationId: organization.id });
    const made = await call("POST", "/v3/sync-tokens", partner.devKey, asUser.sessionId, { name: "ERP" });
    expect([made.status, codesOf(made.body)]).toEqual([403, ["BDC_9004"]]);
    expect(await t.deps.stores.syncTokens.list({ organizationId: organization.id })).toEqual([]);
  });

  it("never locks out another organization's token of the same name", async () => {
    await t.close();
    await start({ backend, config: { lockoutThreshold: 3 } });
    const attacker = await provisionAccount(t.deps);
    const victim = await createToken(admin, "ERP");
    const own = await createToken(attacker, "ERP");
    // The attacker's wrong logins in its own organization, under the victim's token name.
    for (let i = 0; i < 3; i++)
      expect(codesOf((await tokenLogin(attacker, "ERP", "bad")).body)).toEqual(["BDC_1101"]);
    expect(codesOf((await tokenLogin(attacker, "ERP", own.token)).body)).toEqual(["BDC_1110"]);
    expect((await tokenLogin(admin, "ERP", victim.token)).status).toBe(200);
  });

  it("never clears the failure count of another organization's token of the same name", async () => {
    await t.close();
    await start({ backend, config: { lockoutThreshold: 3 } });
    const attacker = await provisionAccount(t.deps);
    const victim = await createToken(admin, "ERP");
    const own = await createToken(attacker, "ERP");
    for (let i = 0; i < 2; i++) await tokenLogin(admin, "ERP", "bad");
    // The attacker's success in its own organization does not forget the victim's failures.
    expect((await tokenLogin(attacker, "ERP", own.token)).status).toBe(200);
    await tokenLogin(admin, "ERP", "bad");
    expect(codesOf((await tokenLogin(admin, "ERP", victim.token)).body)).toEqual(["BDC_1110"]);
  });

  it("is refused when its creator is no longer an active member", async () => {
    const created = await createToken(admin, "ERP");
    const { sessionId } = {
      sessionId: String(((await tokenLogin(admin, "ERP", created.token)).body as Json).sessionId),
    };
    await t.deps.stores.memberships.update(
      admin.userId,
      admin.organizationId,
      { archived: true },
      t.clock.now(),
    );
    expect(codesOf((await call("GET", "/v3/login/session", admin.devKey, sessionId)).body)).toEqual([
      "BDC_1109",
    ]);
    expect(codesOf((await tokenLogin(admin, "ERP", created.token)).body)).toEqual(["BDC_1101"]);
  });

  it("idles out after 48 hours by the clock, while a password session idles at 35 minutes", async () => {
    const { sessionId } = await tokenSession(admin);
    const password = await passwordSession(admin);
    t.clock.advance(36 * MINUTE);
    expect(codesOf((await call("GET", "/v3/login/session", admin.devKey, password)).body)).toEqual([
      "BDC_1109",
    ]);
    expect((await call("GET", "/v3/login/session", admin.devKey, sessionId)).status).toBe(200);
    // Each call slides it: 48 h minus a second after the last one, still alive.
    t.clock.advance(48 * HOUR - 1000);
    expect((await call("GET", "/v3/login/session", admin.devKey, sessionId)).status).toBe(200);
    t.clock.advance(48 * HOUR);
    const dead = await call("GET", "/v3/login/session", admin.devKey, sessionId);
    expect(dead.status).toBe(401);
    expect(codesOf(dead.body)).toEqual(["BDC_1109"]);
  });

  it("counts its login and calls in the devKey's budgets and in-flight slots like a password session", async () => {
    const created = await createToken(admin, "ERP");
    const before = await readLimits(t.deps, admin.devKeyId);
    const res = await tokenLogin(admin, "ERP", created.token);
    const sessionId = String((res.body as Json).sessionId);
    await call("GET", "/v3/vendors", admin.devKey, sessionId);
    const after = await readLimits(t.deps, admin.devKeyId);
    expect(after.hourlyLogins?.used).toBe((before.hourlyLogins?.used ?? 0) + 1);
    expect(after.hourlyRequests?.used).toBe((before.hourlyRequests?.used ?? 0) + 2);
    // Slots given back once answered (released as the answer ends: waited for, not raced).
    await vi.waitFor(
      async () => expect((await readLimits(t.deps, admin.devKeyId)).inFlight?.organizations).toEqual([]),
      { timeout: 10_000, interval: 5 },
    );
  });

  it("answers v2's envelope for a wrong value, as for a wrong password", async () => {
    await createToken(admin, "ERP");
    const v2 = await postForm(t, "Login.json", {
      userName: "ERP",
      password: "not the value",
      orgId: admin.organizationId,
      devKey: admin.devKey,
    });
    expect(v2.status).toBe(200);
    expect(v2.body.response_data.error_code).toBe("BDC_1101");
  });

  it("meets the devKey's hourly budget exactly where a password session does", async () => {
    await t.close();
    await start({ backend, config: { hourlyRequestLimit: 6 } });
    // Made with the domain (spends nothing): 6 requests left for the token's login and calls.
    const { createSyncToken } = await import("../../src/auth/accounts/sync-tokens.ts");
    const made = await createSyncToken(t.deps, {
      organizationId: admin.organizationId,
      userId: admin.userId,
      name: "ERP",
    });
    if (!made.ok) throw new Error("create failed");
    const res = await tokenLogin(admin, "ERP", made.value.value);
    const sessionId = String((res.body as Json).sessionId);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await call("GET", "/v3/vendors", admin.devKey, sessionId)).status);
    // The login took one of the six: five calls, and the sixth is BILL's hourly refusal.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 422]);
    const refused = await call("GET", "/v3/vendors", admin.devKey, sessionId);
    expect(codesOf(refused.body)).toEqual(["BDC_1144"]);
  });

  it("records the sign-in with mode sync-token in the audit log", async () => {
    await t.close();
    const logs = captureLogs();
    await start({ backend, logs });
    const created = await createToken(admin, "ERP");
    await tokenLogin(admin, "ERP", created.token);
    const success = logs.records().filter((r) => r.msg === "login.success" && r.mode === "sync-token");
    expect(success).toHaveLength(1);
    expect(success[0]).toMatchObject({ userId: admin.userId, organizationId: admin.organizationId });
    expect(logs.lines.join("\n")).not.toContain(created.token);
    await t.server.runtime.auditLog.flush();
    const stored = await t.deps.stores.audit.list({ event: "login.success" });
    expect(stored.map((e) => e.mode)).toContain("sync-token");
  });
});

describe("sync tokens: the operator API", () => {
  beforeEach(() => start({ config: { operatorToken: TOKEN } }));

  it("creates for any organization, lists, and revokes (ending the sessions)", async () => {
    const operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
    const created = await operator.syncTokens.create({ organizationId: admin.organizationId, name: "ops" });
    expect(created).toMatchObject({
      organizationId: admin.organizationId,
      userId: admin.userId,
      token: expect.any(String),
    });
    const { token: _value, ...listed } = created;
    expect(await operator.syncTokens.list({ organizationId: admin.organizationId })).toEqual([listed]);
    const login = await tokenLogin(admin, "ops", created.token);
    const sessionId = String((login.body as Json).sessionId);
    const sessions = await t.deps.stores.sessions.list({ credentialId: created.id });
    expect(sessions.map((s) => s.mode)).toEqual(["sync-token"]);
    expect(await operator.syncTokens.revoke(created.id)).toEqual({
      id: created.id,
      revoked: true,
      sessionsEnded: 1,
    });
    expect(codesOf((await call("GET", "/v3/login/session", admin.devKey, sessionId)).body)).toEqual([
      "BDC_1109",
    ]);
  });

  it("keeps a created value out of the request log", async () => {
    const created = await createToken(admin, "logged");
    const res = await fetch(`${t.server.url}/operator/v1/requests`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain("/connect/v3/sync-tokens");
    expect(text).not.toContain(created.token);
  });

  it("refuses an unknown organization, a user who is not its Administrator, and a bad value", async () => {
    const clerk = await provisionAccount(t.deps, { role: "CLERK" });
    const other = await provisionAccount(t.deps);
    const post = (body: Json) =>
      fetch(`${t.server.url}/operator/v1/sync-tokens`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }));
    const cases: [Json, number, string][] = [
      [{ organizationId: "00801AAAAAAAAAAAAAAA", name: "x" }, 404, "BDC_9005"],
      [{ organizationId: clerk.organizationId, name: "x" }, 400, "BDC_9001"],
      [{ organizationId: admin.organizationId, name: "x", userId: other.userId }, 400, "BDC_9001"],
      [{ organizationId: admin.organizationId, name: "x", token: "short" }, 400, "BDC_9001"],
      [{ organizationId: admin.organizationId }, 400, "BDC_1108"],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(codesOf(res.body)).toEqual([code]);
    }
    expect(await t.deps.stores.syncTokens.list({})).toEqual([]);
  });
});

describe("sync tokens: what a sync-token session may call", () => {
  beforeEach(() => start({ config: { operatorToken: TOKEN } }));

  it("reads and writes AP & AR records on v3 and v2", async () => {
    const { sessionId } = await tokenSession(admin);
    const vendors = await call("GET", "/v3/vendors", admin.devKey, sessionId);
    expect(vendors.status).toBe(200);
    const vendor = await call("POST", "/v3/vendors", admin.devKey, sessionId, { name: "Synced Vendor" });
    expect(vendor.status).toBe(201);
    const vendorId = String((vendor.body as Json).id);
    const bill = await call("POST", "/v3/bills", admin.devKey, sessionId, {
      vendorId,
      dueDate: "2025-12-31",
      billLineItems: [{ amount: 10, description: "x" }],
      invoice: { invoiceNumber: "S-1", invoiceDate: "2025-12-31" },
    });
    expect(bill.status, JSON.stringify(bill.body)).toBe(201);
    const list = await postForm(t, "List/Vendor.json", { devKey: admin.devKey, sessionId, data: {} });
    expect(list.body.response_status).toBe(0);
    expect(JSON.stringify(list.body.response_data)).toContain(vendorId);
    const info = await postForm(t, "GetSessionInfo.json", { devKey: admin.devKey, sessionId });
    expect(info.body.response_status).toBe(0);
    const logout = await call("POST", "/v3/logout", admin.devKey, sessionId);
    expect(logout.status).toBe(200);
  });

  it("refuses payments, MFA, administration and sync tokens with 403 BDC_9004, spending no budget", async () => {
    const { sessionId } = await tokenSession(admin);
    const refused: [string, string, unknown?][] = [
      ["POST", "/v3/payments", { billId: "00n01aaaaaaaaaaaaaaa", amount: 1 }],
      ["GET", "/v3/payments"],
      ["POST", "/v3/payments/bulk", {}],
      ["POST", "/v3/bills/record-payment", {}],
      ["GET", "/v3/funding-accounts/banks"],
      ["POST", "/v3/mfa/challenge", {}],
      ["POST", "/v3/mfa/setup", {}],
      ["GET", "/v3/mfa/phones"],
      ["POST", "/v3/users", { firstName: "A", lastName: "B", email: "a@b.test", roleId: "x" }],
      ["GET", "/v3/users"],
      ["GET", "/v3/roles"],
      ["PATCH", `/v3/organizations/${admin.organizationId}`, {}],
      ["POST", "/v3/sync-tokens", { name: "more" }],
      ["GET", "/v3/sync-tokens"],
      ["GET", "/v3/vendors/00901aaaaaaaaaaaaaaa/bank-account"],
      ["POST", "/v3/invoices/00e01aaaaaaaaaaaaaaa/payment-link", {}],
    ];
    const before = await readLimits(t.deps, admin.devKeyId);
    for (const [method, path, body] of refused) {
      const res = await call(method, path, admin.devKey, sessionId, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(codesOf(res.body), `${method} ${path}`).toEqual(["BDC_9004"]);
      expect(res.headers.get("x-billet-warning") ?? "").toContain("sync-token-refused");
    }
    const payBills = await postForm(t, "PayBills.json", {
      devKey: admin.devKey,
      sessionId,
      data: { billPays: [] },
    });
    expect(payBills.status).toBe(200);
    expect(payBills.body.response_data.error_code).toBe("BDC_9004");
    const after = await readLimits(t.deps, admin.devKeyId);
    expect(after.hourlyRequests?.used).toBe(before.hourlyRequests?.used);
    // The session itself lives on.
    expect((await call("GET", "/v3/login/session", admin.devKey, sessionId)).status).toBe(200);
  });

  it("refuses an operation the operator made MFA-protected, even an AP & AR one", async () => {
    await t.close();
    await start({ config: { mfaProtected: [{ method: "POST", path: "/v3/vendors" }] as never } });
    const { sessionId } = await tokenSession(admin);
    const res = await call("POST", "/v3/vendors", admin.devKey, sessionId, { name: "V" });
    expect(res.status).toBe(403);
    expect(codesOf(res.body)).toEqual(["BDC_9004"]);
    expect((await call("GET", "/v3/vendors", admin.devKey, sessionId)).status).toBe(200);
  });
});
