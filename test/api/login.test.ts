import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  deactivateDevKey,
  setOrganizationLocked,
  setUserArchived,
} from "../../src/auth/accounts/provisioning.ts";
import { describeEachBackend } from "../helpers/backends.ts";
import {
  type Account,
  codesOf,
  loginBody,
  postJson,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
  unwrap,
} from "../helpers/helpers.ts";

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;

describeEachBackend("POST /v3/login", (backend) => {
  let t: TestServer;
  let account: Account;

  beforeEach(async () => {
    t = await startTestServer({ backend });
    account = await provisionAccount(t.deps);
  });
  afterEach(() => t.close());

  const login = (overrides: Record<string, unknown> = {}) =>
    postJson(t.client(account.devKey), "/v3/login", { ...loginBody(account), ...overrides });

  it("answers 200 with a new session bound to the user and organization", async () => {
    const client = t.client(account.devKey);
    const session = await client.sessions.login(loginBody(account));
    expect(session).toEqual({
      sessionId: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      organizationId: account.organizationId,
      userId: account.userId,
      trusted: false,
    });
    expect(client.sessionId).toBe(session.sessionId);
    const again = await t.client(account.devKey).sessions.login(loginBody(account));
    expect(again.sessionId).not.toBe(session.sessionId);
  });

  it("matches the username case-insensitively and the password exactly", async () => {
    const upper = await login({ username: account.username.toUpperCase() });
    expect(upper.status).toBe(200);
    const trimmed = await login({ password: ` ${account.password}` });
    expect(codesOf(trimmed.body)).toEqual(["BDC_1101"]);
  });

  it("never normalises Unicode in passwords", async () => {
    const composed = "caf\u00e9 \u{1F511} pass";
    const other = await provisionAccount(t.deps, { password: composed });
    const client = t.client(other.devKey);
    expect((await client.sessions.login(loginBody(other))).userId).toBe(other.userId);
    const decomposed = composed.normalize("NFD");
    expect(decomposed).not.toBe(composed);
    const error = await rejection(client.sessions.login({ ...loginBody(other), password: decomposed }));
    expect(error.code).toBe("BDC_1101");
  });

  it("lists every missing field in BILL's order as one BDC_1108 each", async () => {
    const res = await postJson(t.client(account.devKey), "/v3/login", { password: null, devKey: "" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      ["username", "password", "organizationId", "devKey"].map((name) => ({
        timestamp: expect.stringMatching(TIMESTAMP),
        code: "BDC_1108",
        severity: "ERROR",
        category: "REQUEST",
        message: `Missing parameter value for parameter: ${name}.`,
        params: [{ name: "paramName0", value: name }],
      })),
    );
  });

  it("hints at the v3 name when a v2 name is sent instead", async () => {
    const { username, password, organizationId, devKey } = loginBody(account);
    const res = await postJson(t.client(devKey), "/v3/login", {
      userName: username,
      password,
      orgId: organizationId,
      devKey,
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual([
      expect.objectContaining({
        code: "BDC_1108",
        params: [
          { name: "paramName0", value: "username" },
          { name: "hint", value: "v3 uses 'username'" },
        ],
      }),
      expect.objectContaining({
        code: "BDC_1108",
        params: [
          { name: "paramName0", value: "organizationId" },
          { name: "hint", value: "v3 uses 'organizationId'" },
        ],
      }),
    ]);
    const mfa = await login({ mfaId: "x", deviceId: "y" });
    expect(mfa.body).toEqual([
      expect.objectContaining({
        params: [
          { name: "paramName0", value: "rememberMeId" },
          { name: "hint", value: "v3 uses 'rememberMeId'" },
        ],
      }),
      expect.objectContaining({
        params: [
          { name: "paramName0", value: "device" },
          { name: "hint", value: "v3 uses 'device'" },
        ],
      }),
    ]);
  });

  it("answers BDC_9001 for fields of the wrong type or length, after missing fields", async () => {
    const wrongTypes = await login({ username: 42, password: ["x"], organizationId: {}, devKey: true });
    expect(wrongTypes.status).toBe(400);
    expect(wrongTypes.body).toEqual(
      ["username", "password", "organizationId", "devKey"].map((name) =>
        expect.objectContaining({
          code: "BDC_9001",
          message: `Invalid value for parameter: ${name}.`,
          params: [{ name: "paramName0", value: name }],
        }),
      ),
    );
    expect(codesOf((await login({ password: "x".repeat(1025) })).body)).toEqual(["BDC_9001"]);
    expect(codesOf((await login({ username: 1, devKey: null })).body)).toEqual(["BDC_1108"]);
  });

  it("accepts a password of exactly 1024 characters", async () => {
    const long = "\u{1F600}".repeat(1024);
    const other = await provisionAccount(t.deps, { password: long });
    const res = await postJson(t.client(other.devKey), "/v3/login", loginBody(other));
    expect(res.status).toBe(200);
  });

  it("requires a device with a rememberMeId, and refuses one it never issued", async () => {
    const noDevice = await login({ rememberMeId: "abc" });
    expect(noDevice.body).toEqual([
      expect.objectContaining({ code: "BDC_1108", params: [{ name: "paramName0", value: "device" }] }),
    ]);
    const res = await login({ rememberMeId: "abc", device: "laptop" });
    expect(res.status).toBe(401);
    expect(res.body).toEqual([
      expect.objectContaining({
        code: "BDC_9003",
        category: "DOWNSTREAM",
        message: "rememberMeId is invalid or expired.",
      }),
    ]);
  });

  it("checks the devKey: unknown is BDC_1102, deactivated BDC_1103", async () => {
    const unknown = await login({ devKey: "not-a-key" });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual([
      expect.objectContaining({
        code: "BDC_1102",
        message: "Developer key is invalid.",
        category: "DOWNSTREAM",
      }),
    ]);
    unwrap(await deactivateDevKey(t.deps, account.devKeyId));
    const inactive = await login();
    expect(inactive.status).toBe(401);
    expect(inactive.body).toEqual([
      expect.objectContaining({ code: "BDC_1103", message: "Developer key is inactive." }),
    ]);
  });

  it("checks the organization: malformed or unknown is BDC_1123, locked BDC_1107", async () => {
    for (const organizationId of [
      "nope",
      "00801AAAAAAAAAAAAAAA",
      `${account.organizationId}x`,
      "00601AAAAAAAAAAAAAAA",
    ]) {
      const res = await login({ organizationId });
      expect(res.status).toBe(400);
      expect(res.body).toEqual([
        expect.objectContaining({ code: "BDC_1123", message: "Invalid organization id." }),
      ]);
    }
    unwrap(await setOrganizationLocked(t.deps, account.organizationId, true));
    const locked = await login();
    expect(locked.status).toBe(403);
    expect(locked.body).toEqual([
      expect.objectContaining({ code: "BDC_1107", message: "Organization is locked out." }),
    ]);
  });

  it("answers BDC_1101 alike for a wrong password, an unknown user and a user of no organization", async () => {
    const now = t.clock.now();
    await t.deps.stores.users.create({
      id: "00601NoMembership000",
      email: "orphan@example.com",
      passwordHash: await t.deps.hasher.hash("pw-orphan"),
      firstName: "",
      lastName: "",
      createdAt: now,
      updatedAt: now,
    });
    const responses = [
      await login({ password: "wrong" }),
      await login({ username: "nobody@example.com" }),
      await login({ username: "orphan@example.com", password: "pw-orphan" }),
    ];
    for (const res of responses) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual([
        expect.objectContaining({
          code: "BDC_1101",
          category: "DOWNSTREAM",
          message: "User name and/or password do not match our records.",
        }),
      ]);
      expect(res.body).toEqual([expect.not.objectContaining({ params: expect.anything() })]);
    }
  });

  it("answers BDC_1101, counting the failure, to usernames no account can have", async () => {
    const odd = [
      "a\u0000b@example.com",
      randomBytes(3000).toString("base64"),
      `${"\u{1F511}".repeat(900)}@x.io`,
    ];
    for (const username of odd) {
      for (let i = 0; i < 10; i++) expect(codesOf((await login({ username })).body)).toEqual(["BDC_1101"]);
      // The eleventh try meets the lock: the failures were counted under that very username.
      expect(codesOf((await login({ username })).body)).toEqual(["BDC_1110"]);
    }
    expect((await login()).status).toBe(200);
  });

  it("answers BDC_1111 when the password is right but the user is not active in that organization", async () => {
    const elsewhere = await provisionAccount(t.deps);
    const res = await login({ organizationId: elsewhere.organizationId });
    expect(res.status).toBe(401);
    expect(res.body).toEqual([
      expect.objectContaining({
        code: "BDC_1111",
        message: `No active user for: ${account.username}, ${elsewhere.organizationId}.`,
        params: [
          { name: "paramName0", value: account.username },
          { name: "paramName1", value: elsewhere.organizationId },
        ],
      }),
    ]);
    unwrap(
      await setUserArchived(t.deps, {
        userId: account.userId,
        organizationId: account.organizationId,
        archived: true,
      }),
    );
    expect(codesOf((await login()).body)).toEqual(["BDC_1111"]);
    unwrap(
      await setUserArchived(t.deps, {
        userId: account.userId,
        organizationId: account.organizationId,
        archived: false,
      }),
    );
    expect((await login()).status).toBe(200);
  });

  it("applies the checks in the spec's order: the first failure wins", async () => {
    unwrap(await setOrganizationLocked(t.deps, account.organizationId, true));
    // devKey before organization, organization before password, password before membership.
    expect(codesOf((await login({ devKey: "bad", organizationId: "bad", password: "bad" })).body)).toEqual([
      "BDC_1102",
    ]);
    expect(codesOf((await login({ organizationId: "bad", password: "bad" })).body)).toEqual(["BDC_1123"]);
    expect(codesOf((await login({ password: "bad" })).body)).toEqual(["BDC_1107"]);
    unwrap(await setOrganizationLocked(t.deps, account.organizationId, false));
    const elsewhere = await provisionAccount(t.deps);
    expect(
      codesOf((await login({ organizationId: elsewhere.organizationId, password: "bad" })).body),
    ).toEqual(["BDC_1101"]);
    expect(
      codesOf(
        (await login({ organizationId: elsewhere.organizationId, rememberMeId: "x", device: "d" })).body,
      ),
    ).toEqual(["BDC_1111"]);
  });
});
