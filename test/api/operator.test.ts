import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { APIConnectionError, OperatorClient } from "../../client/src/index.ts";
import { createArgon2Hasher, type Hasher } from "../../src/auth/crypto/passwords.ts";
import {
  type Account,
  codesOf,
  FAST_ARGON2,
  loginBody,
  postJson,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";

const TOKEN = "operator-token-for-tests-0123456789";

describe("operator API", () => {
  let t: TestServer;
  let account: Account;
  let operator: OperatorClient;

  beforeEach(async () => {
    t = await startTestServer({ config: { operatorToken: TOKEN } });
    account = await provisionAccount(t.deps);
    operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
  });
  afterEach(() => t.close());

  const signedIn = async () => {
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    return client;
  };

  it("answers only a bearer token that matches, in BILL's error form", async () => {
    const raw = t.client(account.devKey);
    for (const authorization of [undefined, "Bearer wrong-token-0123456789", `Basic ${TOKEN}`, TOKEN]) {
      const res = await raw.rawRequest({
        method: "GET",
        path: "/../operator/v1/clock",
        headers: authorization ? { authorization } : {},
      });
      expect(res.status, String(authorization)).toBe(401);
      expect(res.body).toEqual([
        expect.objectContaining({ code: "BDC_9010", message: "Operator token is missing or invalid." }),
      ]);
    }
    await expect(
      new OperatorClient({ baseUrl: t.server.url, token: "nope-nope-nope-nope" }).clock.get(),
    ).rejects.toMatchObject({
      status: 401,
      code: "BDC_9010",
    });
    expect((await operator.clock.get()).epochMs).toBe(t.clock.now());
  });

  it("moves the clock: 35 idle minutes pass in a millisecond", async () => {
    const client = await signedIn();
    const before = t.clock.now();
    const moved = await operator.clock.advance({ minutes: 34, seconds: 59 });
    expect(moved.epochMs - before).toBe(34 * 60_000 + 59_000);
    expect((await client.sessions.details()).userId).toBe(account.userId);
    await operator.clock.advance({ minutes: 35, seconds: 1 });
    expect((await rejection(client.sessions.details())).code).toBe("BDC_1109");
    const set = await operator.clock.set("2030-01-01T00:00:00.000Z");
    expect(set.time).toBe("2030-01-01T00:00:00.000+00:00");
    expect(t.clock.now()).toBe(Date.UTC(2030, 0, 1));
  });

  it("lists sessions with their details, and revokes one, a user's or an organization's", async () => {
    const first = await signedIn();
    const second = await signedIn();
    const sessions = await operator.sessions.list({ organizationId: account.organizationId });
    expect(sessions).toHaveLength(2);
    expect(sessions[0]).toEqual(
      expect.objectContaining({
        ref: expect.stringMatching(/^0se01/),
        organizationId: account.organizationId,
        userId: account.userId,
        userEmail: account.username,
        devKeyId: account.devKeyId,
        trusted: false,
        expired: false,
        idleDeadline: "2026-11-29T10:35:00.000+00:00",
      }),
    );
    expect(JSON.stringify(sessions)).not.toContain(first.sessionId);
    await operator.sessions.revoke(sessions[0]?.ref ?? "");
    const remaining = await operator.sessions.list({});
    expect(remaining).toHaveLength(1);
    expect(await operator.sessions.revokeAll({ userId: account.userId })).toEqual({ revoked: 1 });
    for (const client of [first, second])
      expect((await rejection(client.sessions.details())).code).toBe("BDC_1109");
  });

  it("revokes in bulk through the domain, audited like one, and never everything at once", async () => {
    await signedIn();
    await signedIn();
    const other = await provisionAccount(t.deps);
    await t.client(other.devKey).sessions.login(loginBody(other));
    await expect(operator.sessions.revokeAll({})).rejects.toMatchObject({
      status: 400,
      code: "BDC_1108",
      errors: [expect.objectContaining({ params: [{ name: "paramName0", value: "userId" }] })],
    });
    expect(await operator.sessions.revokeAll({ organizationId: account.organizationId })).toEqual({
      revoked: 2,
    });
    expect(await operator.sessions.list({})).toEqual([expect.objectContaining({ userId: other.userId })]);
    const [revoked] = await operator.audit.list({ event: "session.revoked" });
    expect(revoked).toEqual(
      expect.objectContaining({ organizationId: account.organizationId, userId: null, reason: "operator" }),
    );
  });

  it("provisions organizations, users and developer keys", async () => {
    const org = await operator.organizations.create({ name: "Via operator" });
    expect(org.id).toMatch(/^00801/);
    const user = await operator.users.create({
      organizationId: org.id,
      email: "op@example.com",
      password: "pw-operator",
    });
    const key = await operator.devKeys.create({ name: "op key" });
    const client = t.client(key.key);
    await client.sessions.login({
      username: "op@example.com",
      password: "pw-operator",
      organizationId: org.id,
    });
    expect((await operator.users.list(org.id)).map((u) => u.id)).toEqual([user.id]);
    expect((await operator.devKeys.list()).map((k) => k.name)).toContain("op key");
    expect(JSON.stringify(await operator.devKeys.list())).not.toContain(key.key);
    expect(await operator.organizations.lock(org.id)).toEqual({ id: org.id, locked: true, sessionsEnded: 1 });
    expect((await rejection(client.sessions.details())).code).toBe("BDC_1109");
    await operator.organizations.unlock(org.id);
    await operator.devKeys.deactivate(key.id);
    expect(
      codesOf(
        (
          await postJson(client, "/v3/login", {
            username: "op@example.com",
            password: "pw-operator",
            organizationId: org.id,
            devKey: key.key,
          })
        ).body,
      ),
    ).toEqual(["BDC_1103"]);
  });

  it("creates and lists partners, and shows a devKey's limit status", async () => {
    const partner = await operator.partners.create({ name: "Acme Partner" });
    expect(partner).toEqual(
      expect.objectContaining({
        id: expect.stringMatching(/^0pa01/),
        appKey: expect.any(String),
        password: expect.any(String),
      }),
    );
    const listed = await operator.partners.list();
    expect(listed).toEqual([
      expect.objectContaining({ id: partner.id, name: "Acme Partner", usernames: [partner.username] }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(partner.appKey);

    const client = await signedIn();
    await client.sessions.details();
    const limits = await operator.limits.get(account.devKeyId);
    expect(limits.hourlyRequests).toEqual(
      expect.objectContaining({ limit: 20000, used: 2, remaining: 19998 }),
    );
    expect(limits.hourlyLogins).toEqual(expect.objectContaining({ limit: 200, used: 1 }));
    expect(limits.inFlight).toEqual({ limit: 3, organizations: [] });
    await expect(operator.limits.get("0dk01NoSuchKey000000")).rejects.toMatchObject({
      status: 404,
      code: "BDC_9005",
    });
  });

  it("shows the outbox and the audit log, filtered", async () => {
    await t.deps.delivery.send({
      channel: "TEXT",
      recipient: "+15551234567",
      purpose: "mfa-challenge",
      text: "Your BILL verification code is 123456.",
      userId: account.userId,
      organizationId: account.organizationId,
    });
    expect(await operator.outbox.latestCode("+15551234567")).toBe("123456");
    expect(await operator.outbox.list({ to: "+10000000000" })).toEqual([]);

    await signedIn();
    t.clock.advance(1000);
    await postJson(t.client(account.devKey), "/v3/login", { ...loginBody(account), password: "wrong" });
    const failures = await operator.audit.list({ event: "login.failure" });
    expect(failures).toEqual([
      // The user is known: named by id, never by the text typed as a username.
      expect.objectContaining({
        code: "BDC_1101",
        username: null,
        userId: account.userId,
        mode: null,
        time: expect.any(String),
      }),
    ]);
    // Each sign-in is recorded with the way it was made.
    expect(await operator.audit.list({ event: "login.success" })).toEqual([
      expect.objectContaining({ userId: account.userId, mode: "password" }),
    ]);
    const forOrg = await operator.audit.list({ organizationId: account.organizationId });
    // (membership.added, from provisioning, is at the same instant as the login: order aside)
    expect(forOrg.map((e) => e.event).sort()).toEqual(["login.failure", "login.success", "membership.added"]);
    expect(await operator.audit.list({ from: new Date(t.clock.now() + 1).toISOString() })).toEqual([]);
  });

  it("keeps a request log with codes and devKey names, and no secret", async () => {
    const client = await signedIn();
    await client.sessions.details();
    await postJson(client, "/v3/login", { ...loginBody(account), password: "wrong-password-here" });
    const log = await operator.requests.list(10);
    expect(log.map((e) => [e.method, e.path, e.status, e.codes])).toEqual([
      ["POST", "/connect/v3/login", 401, ["BDC_1101"]],
      ["GET", "/connect/v3/login/session", 200, []],
      ["POST", "/connect/v3/login", 200, []],
    ]);
    const devKeyName = (await t.deps.stores.devKeys.findById(account.devKeyId))?.name;
    expect(log[1]).toEqual(
      expect.objectContaining({
        devKeyId: account.devKeyId,
        devKeyName,
        organizationId: account.organizationId,
      }),
    );
    const text = JSON.stringify(log);
    for (const secret of [account.password, account.devKey, client.sessionId ?? "", "wrong-password-here"]) {
      expect(text).not.toContain(secret);
    }
    // A typed username is a secret too (it may be a password typed into the wrong field).
    expect(log[0]?.requestBody).toEqual(
      expect.objectContaining({ username: "[redacted]", password: "[redacted]" }),
    );
    expect(text).not.toContain(account.username);
  });
});

describe("faults (sandbox)", () => {
  let t: TestServer;
  let account: Account;
  let operator: OperatorClient;

  beforeEach(async () => {
    t = await startTestServer({ config: { operatorToken: TOKEN } });
    account = await provisionAccount(t.deps);
    operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
  });
  afterEach(() => t.close());

  it("answers the next N matching requests with a chosen BDC error, then nothing", async () => {
    await operator.faults.arm({ method: "POST", path: "/v3/login", error: "BDC_1322", times: 2 });
    const client = t.client(account.devKey);
    for (let i = 0; i < 2; i++) {
      const res = await postJson(client, "/v3/login", loginBody(account));
      expect(res.status).toBe(422);
      expect(res.headers.get("retry-after")).toBe("1");
      expect(codesOf(res.body)).toEqual(["BDC_1322"]);
    }
    expect((await postJson(client, "/v3/login", loginBody(account))).status).toBe(200);
    expect(await operator.faults.list()).toEqual([]);
  });

  it("gives an armed BDC_1144 the Retry-After of the real one: seconds to the next clock hour", async () => {
    // The test clock stands at 10:00:00; move it to 10:59:30.
    t.clock.advance(59 * 60_000 + 30_000);
    await operator.faults.arm({ path: "/v3/login", error: "BDC_1144" });
    const res = await postJson(t.client(account.devKey), "/v3/login", loginBody(account));
    expect(res.body).toEqual([
      expect.objectContaining({
        code: "BDC_1144",
        message: "Max number of allowed requests per hour reached: 20000.",
        params: [{ name: "paramName0", value: "20000" }],
      }),
    ]);
    expect(res.headers.get("retry-after")).toBe("30");
  });

  it("scopes a fault to a devKey, picks a status where a code has two, and clears", async () => {
    const other = await provisionAccount(t.deps);
    await operator.faults.arm({
      path: "/v3/login/session",
      error: "BDC_1109",
      devKeyId: account.devKeyId,
      times: 5,
    });
    await operator.faults.arm({ path: "/v3/nowhere*", error: "BDC_1122", status: 415 });
    const mine = t.client(account.devKey);
    const theirs = t.client(other.devKey);
    await mine.sessions.login(loginBody(account));
    await theirs.sessions.login(loginBody(other));
    expect((await rejection(mine.sessions.details())).code).toBe("BDC_1109");
    expect((await theirs.sessions.details()).userId).toBe(other.userId);
    expect(await operator.faults.list()).toHaveLength(2);
    expect(await operator.faults.clear()).toBe(2);
    expect((await mine.sessions.details()).userId).toBe(account.userId);
    await expect(
      operator.faults.arm({ path: "/v3/login", error: "BDC_1122", status: 500 }),
    ).rejects.toMatchObject({ code: "BDC_9001" });
    await expect(
      operator.faults.arm({ path: "/v3/login", error: "BDC_1322", drop: true }),
    ).rejects.toMatchObject({ code: "BDC_9001" });
  });

  it("adds latency or drops the connection", async () => {
    const client = t.client(account.devKey);
    await operator.faults.arm({ path: "/v3/login", latencyMs: 20 });
    expect((await postJson(client, "/v3/login", loginBody(account))).status).toBe(200);
    expect(await operator.faults.list()).toEqual([]);
    await operator.faults.arm({ path: "/v3/login", drop: true });
    await expect(client.sessions.login(loginBody(account))).rejects.toBeInstanceOf(APIConnectionError);
    expect((await postJson(client, "/v3/login", loginBody(account))).status).toBe(200);
  });
});

describe("modes", () => {
  let t: TestServer;
  afterEach(() => t.close());

  it("service mode without a token has no operator API at all", async () => {
    t = await startTestServer({ config: { mode: "service", operatorToken: undefined } });
    const res = await t.client("x").rawRequest({
      method: "GET",
      path: "/../operator/v1/clock",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(404);
    expect(codesOf(res.body)).toEqual(["BDC_1121"]);
    expect(t.server.generatedOperatorToken).toBeUndefined();
  });

  it("service mode with a token answers the operator API but not the clock or faults", async () => {
    t = await startTestServer({ config: { mode: "service", operatorToken: TOKEN } });
    const operator = new OperatorClient({ baseUrl: t.server.url, token: TOKEN });
    expect(await operator.organizations.list()).toEqual([]);
    await expect(operator.clock.advance({ minutes: 1 })).rejects.toMatchObject({
      status: 403,
      code: "BDC_9011",
    });
    await expect(operator.faults.arm({ path: "/v3/login", drop: true })).rejects.toMatchObject({
      status: 403,
      code: "BDC_9011",
    });
  });

  it("sandbox mode without a token generates one, once, and keeps only its hash", async () => {
    t = await startTestServer({ config: { mode: "sandbox", operatorToken: undefined } });
    const token = t.server.generatedOperatorToken ?? "";
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await new OperatorClient({ baseUrl: t.server.url, token }).organizations.list()).toEqual([]);
    const { dir, clock } = t;
    await t.close({ keepFiles: true });
    t = await startTestServer({ dir, clock, config: { mode: "sandbox", operatorToken: undefined } });
    expect(t.server.generatedOperatorToken).toBeUndefined();
    expect(await new OperatorClient({ baseUrl: t.server.url, token }).organizations.list()).toEqual([]);
  });
});

describe("integration warnings (sandbox)", () => {
  let t: TestServer;
  let account: Account;
  afterEach(() => t.close());

  const warningsOf = (headers: Headers) =>
    (headers.get("x-billet-warning") ?? "")
      .split(/, (?=[a-z-]+: )/)
      .filter(Boolean)
      .map((w) => w.split(":")[0] ?? "");

  it("flags credentials in the query string, and an expired session reused", async () => {
    t = await startTestServer({ config: { operatorToken: TOKEN } });
    account = await provisionAccount(t.deps);
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    const query = await client.rawRequest({
      method: "GET",
      path: "/v3/login/session",
      query: { sessionId: "x" },
      auth: true,
    });
    expect(warningsOf(query.headers)).toEqual(["query-credentials"]);
    const clean = await client.rawRequest({ method: "GET", path: "/v3/login/session", auth: true });
    expect(clean.headers.get("x-billet-warning")).toBeNull();
    t.clock.advance(36 * 60_000);
    const stale = await client.rawRequest({ method: "GET", path: "/v3/login/session", auth: true });
    expect(codesOf(stale.body)).toEqual(["BDC_1109"]);
    expect(warningsOf(stale.headers)).toEqual(["expired-session"]);
    const log = await new OperatorClient({ baseUrl: t.server.url, token: TOKEN }).requests.list(1);
    expect(log[0]?.warnings).toEqual(["expired-session"]);
  });

  it("flags a login before almost every call", async () => {
    t = await startTestServer({ config: { operatorToken: TOKEN } });
    account = await provisionAccount(t.deps);
    const seen: string[][] = [];
    for (let i = 0; i < 4; i++) {
      const res = await postJson(t.client(account.devKey), "/v3/login", loginBody(account));
      seen.push(warningsOf(res.headers));
      const { sessionId } = res.body as { sessionId: string };
      await t.client(account.devKey).rawRequest({
        method: "GET",
        path: "/v3/login/session",
        headers: { sessionId, devKey: account.devKey },
      });
    }
    expect(seen.slice(0, 2)).toEqual([[], []]);
    expect(seen.at(-1)).toEqual(["login-per-call"]);
  });

  it("flags more than 3 requests in flight for one devKey and organization (answered BDC_1322)", async () => {
    const real = createArgon2Hasher(FAST_ARGON2);
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let waiting = 0;
    let allWaiting = () => {};
    const threeWaiting = new Promise<void>((resolve) => {
      allWaiting = resolve;
    });
    // Each login holds here, already in flight, until three are.
    const slow: Hasher = {
      hash: (p) => real.hash(p),
      verify: async (h, p) => {
        waiting += 1;
        if (waiting === 3) allWaiting();
        await gate;
        return real.verify(h, p);
      },
    };
    t = await startTestServer({ config: { operatorToken: TOKEN }, hasher: slow });
    account = await provisionAccount(t.deps);
    const held = Array.from({ length: 3 }, () =>
      postJson(t.client(account.devKey), "/v3/login", loginBody(account)),
    );
    await threeWaiting;
    const fourth = await postJson(t.client(account.devKey), "/v3/login", loginBody(account));
    expect(codesOf(fourth.body)).toEqual(["BDC_1322"]);
    expect(warningsOf(fourth.headers)).toEqual(["concurrency"]);
    release();
    for (const res of await Promise.all(held)) {
      expect(res.status).toBe(200);
      expect(res.headers.get("x-billet-warning")).toBeNull();
    }
  });
});
