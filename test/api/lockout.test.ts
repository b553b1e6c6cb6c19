import { afterEach, describe, expect, it } from "vitest";
import { createArgon2Hasher, type Hasher } from "../../src/auth/crypto/passwords.ts";
import { describeEachBackend, dropDatabase, tableRows } from "../helpers/backends.ts";
import {
  type Account,
  codesOf,
  FAST_ARGON2,
  loginBody,
  postJson,
  provisionAccount,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";

const MINUTE = 60_000;

let t: TestServer;
afterEach(() => t?.close());

const attempt = (account: Account, overrides: Record<string, unknown> = {}) =>
  postJson(t.client(account.devKey), "/v3/login", { ...loginBody(account), ...overrides });

describeEachBackend("login lockout (spec section 6)", (backend) => {
  it("locks a username for 15 minutes after 10 consecutive failures, even for the right password", async () => {
    t = await startTestServer({ backend });
    const account = await provisionAccount(t.deps);
    for (let i = 0; i < 10; i++) {
      expect(codesOf((await attempt(account, { password: `wrong ${i}` })).body)).toEqual(["BDC_1101"]);
    }
    const locked = await attempt(account);
    expect(locked.status).toBe(401);
    expect(locked.body).toEqual([expect.objectContaining({ code: "BDC_1110", message: "Login is locked." })]);
    // The username is locked whatever its case.
    expect(codesOf((await attempt(account, { username: account.username.toUpperCase() })).body)).toEqual([
      "BDC_1110",
    ]);
    t.clock.advance(15 * MINUTE - 1000);
    expect(codesOf((await attempt(account)).body)).toEqual(["BDC_1110"]);
    t.clock.advance(1000);
    expect((await attempt(account)).status).toBe(200);
  });

  it("never stores a username tried at login as text (it may be a password typed in the wrong field)", async () => {
    t = await startTestServer({ backend });
    const account = await provisionAccount(t.deps);
    const typedInTheWrongField = "Tr0ub4dor&3-the-real-password";
    for (let i = 0; i < 10; i++) {
      const answer = await attempt(account, { username: typedInTheWrongField, password: "x" });
      expect(codesOf(answer.body)).toEqual(["BDC_1101"]);
    }
    // The lock still counts by that username: 10 failures locked it.
    expect(codesOf((await attempt(account, { username: typedInTheWrongField, password: "x" })).body)).toEqual(
      ["BDC_1110"],
    );
    // Closing writes every buffered counter back.
    await t.close({ keepFiles: true });
    const rows = await tableRows(t.databasePath, "limit_counters");
    expect(rows.some((row) => String(row.key).startsWith("sha256:"))).toBe(true);
    expect(JSON.stringify(rows).toLowerCase()).not.toContain(typedInTheWrongField.toLowerCase());
    await dropDatabase(t.databasePath);
  });

  it("resets the count on a success", async () => {
    t = await startTestServer({ backend });
    const account = await provisionAccount(t.deps);
    for (let i = 0; i < 9; i++) await attempt(account, { password: "wrong" });
    expect((await attempt(account)).status).toBe(200);
    for (let i = 0; i < 9; i++) await attempt(account, { password: "wrong" });
    expect((await attempt(account)).status).toBe(200);
  });

  it("locks unknown usernames the same way, so a lock reveals nothing", async () => {
    t = await startTestServer({ backend });
    const account = await provisionAccount(t.deps);
    const ghost = { username: "ghost@example.com" };
    for (let i = 0; i < 10; i++) expect(codesOf((await attempt(account, ghost)).body)).toEqual(["BDC_1101"]);
    expect(codesOf((await attempt(account, ghost)).body)).toEqual(["BDC_1110"]);
    expect((await attempt(account)).status).toBe(200);
  });

  it("follows configured numbers, and a threshold of 0 switches the lockout off", async () => {
    t = await startTestServer({ backend, config: { lockoutThreshold: 3, lockoutSeconds: 60 } });
    const account = await provisionAccount(t.deps);
    for (let i = 0; i < 3; i++) await attempt(account, { password: "wrong" });
    expect(codesOf((await attempt(account)).body)).toEqual(["BDC_1110"]);
    t.clock.advance(60_000);
    expect((await attempt(account)).status).toBe(200);
    await t.close();

    t = await startTestServer({ backend, config: { lockoutThreshold: 0, ipFailureLimit: 0 } });
    const open = await provisionAccount(t.deps);
    for (let i = 0; i < 15; i++) await attempt(open, { password: "wrong" });
    expect((await attempt(open)).status).toBe(200);
  });

  it("locks a client IP after too many failures across any usernames", async () => {
    t = await startTestServer({ backend, config: { ipFailureLimit: 5, ipFailureWindowSeconds: 900 } });
    const account = await provisionAccount(t.deps);
    for (let i = 0; i < 5; i++) {
      expect(codesOf((await attempt(account, { username: `guess${i}@example.com` })).body)).toEqual([
        "BDC_1101",
      ]);
    }
    expect(codesOf((await attempt(account)).body)).toEqual(["BDC_1110"]);
    t.clock.advance(15 * MINUTE);
    expect((await attempt(account)).status).toBe(200);
  });
});

describe("password verification cost", () => {
  it("verifies exactly one hash for an unknown username, a wrong password and a right one", async () => {
    const real = createArgon2Hasher(FAST_ARGON2);
    let verifications = 0;
    const counting: Hasher = {
      hash: (password) => real.hash(password),
      verify: (hash, password) => {
        verifications += 1;
        return real.verify(hash, password);
      },
    };
    t = await startTestServer({ hasher: counting });
    const account = await provisionAccount(t.deps);
    const cases: [string, Record<string, unknown>, string[]][] = [
      ["unknown user", { username: "nobody@example.com" }, ["BDC_1101"]],
      ["wrong password", { password: "nope" }, ["BDC_1101"]],
      ["right password", {}, []],
    ];
    for (const [label, overrides, codes] of cases) {
      verifications = 0;
      const res = await attempt(account, overrides);
      expect(codesOf(res.body), label).toEqual(codes);
      expect(verifications, label).toBe(1);
    }
  });
});

describe("password hashing", () => {
  it("hashes with argon2id at OWASP's parameters by default, as a PHC string", async () => {
    const { DEFAULT_CONFIG } = await import("../../src/config.ts");
    const hasher = createArgon2Hasher(DEFAULT_CONFIG.argon2);
    const hash = await hasher.hash("a password");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(await hasher.verify(hash, "a password")).toBe(true);
    expect(await hasher.verify(hash, "a passworD")).toBe(false);
    expect(await hasher.verify("not a hash", "a password")).toBe(false);
  });
});
