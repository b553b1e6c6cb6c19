import Sqlite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BillClient, BillErrorEntry } from "../../client/src/index.ts";
import { errorParams } from "../../client/src/index.ts";
import { setPassword } from "../../src/auth/accounts/provisioning.ts";
import { hashSecret } from "../../src/auth/crypto/ids.ts";
import {
  type Account,
  codesOf,
  postJson,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";
import { invitationToken, signedIn } from "../helpers/provisioning-helpers.ts";

const DAY = 24 * 60 * 60 * 1000;

describe("invitations of users created over the API", () => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;

  beforeEach(async () => {
    t = await startTestServer();
    admin = await provisionAccount(t.deps, { organizationName: "Acme" });
    client = await signedIn(t, admin);
  });
  afterEach(() => t.close());

  const invite = (email: string) =>
    client.users.create({ firstName: "New", email, acceptTermsOfService: true });
  const accept = (body: unknown) => postJson(client, "/v3/invitations/accept", body);
  const logIn = async (email: string, password: string) => {
    const fresh = t.client(admin.devKey);
    return fresh.sessions.login({ username: email, password, organizationId: admin.organizationId });
  };

  it("e-mails a one-time token through the outbox; it sets the password once", async () => {
    const user = await invite("new@example.com");
    const [message] = await t.deps.stores.outbox.list({ recipient: "new@example.com" });
    expect(message).toEqual(
      expect.objectContaining({
        channel: "EMAIL",
        purpose: "invitation",
        userId: user.id,
        organizationId: admin.organizationId,
        text: expect.stringContaining("You have been invited to Acme on billet."),
      }),
    );
    const token = await invitationToken(t.deps, "new@example.com");
    expect(token).toMatch(/^[\w-]{43}$/);
    // Stored only as its hash.
    const db = new Sqlite(t.databasePath, { readonly: true });
    const rows = db.prepare("SELECT * FROM invitations").all() as Record<string, unknown>[];
    db.close();
    expect(rows).toEqual([
      expect.objectContaining({ token_hash: hashSecret(token), user_id: user.id, used_at: null }),
    ]);
    expect(JSON.stringify(rows)).not.toContain(token);

    expect((await rejection(logIn("new@example.com", "chosen password"))).code).toBe("BDC_1101");
    const res = await accept({ token, password: "chosen password" });
    expect([res.status, res.body]).toEqual([200, { userId: user.id, organizationId: admin.organizationId }]);
    expect((await logIn("new@example.com", "chosen password")).userId).toBe(user.id);
    const again = await accept({ token, password: "another password" });
    expect([again.status, again.body]).toEqual([
      400,
      [expect.objectContaining({ code: "BDC_9001", params: [{ name: "paramName0", value: "token" }] })],
    ]);
    expect((await logIn("new@example.com", "chosen password")).userId).toBe(user.id);
  });

  it("is valid for 7 days by the server's clock", async () => {
    await invite("early@example.com");
    await invite("late@example.com");
    t.clock.advance(7 * DAY - 1);
    const early = await accept({
      token: await invitationToken(t.deps, "early@example.com"),
      password: "early password",
    });
    expect(early.status).toBe(200);
    t.clock.advance(1);
    const late = await accept({
      token: await invitationToken(t.deps, "late@example.com"),
      password: "late password",
    });
    expect([late.status, late.body]).toEqual([
      400,
      [expect.objectContaining({ code: "BDC_9001", params: [{ name: "paramName0", value: "token" }] })],
    ]);
  });

  it("is completed by an operator setting the password: the token then no longer works", async () => {
    const user = await invite("ops@example.com");
    const token = await invitationToken(t.deps, "ops@example.com");
    expect((await setPassword(t.deps, user.id, "set by operator")).ok).toBe(true);
    expect((await accept({ token, password: "attacker's choice" })).status).toBe(400);
    expect((await logIn("ops@example.com", "set by operator")).userId).toBe(user.id);
  });

  it("asks a person who already has a password to accept with it; only then can they log in here", async () => {
    const other = await provisionAccount(t.deps);
    await invite(other.username);
    const [message] = await t.deps.stores.outbox.list({ recipient: other.username });
    expect(message?.text).toContain("You have been invited to Acme on billet.");
    expect(message?.text).toContain("your current password");
    const token = await invitationToken(t.deps, other.username);
    expect((await rejection(logIn(other.username, other.password))).code).toBe("BDC_1111");
    // A wrong password is a failed login (it counts toward the lockout) and leaves the token usable.
    const wrong = await accept({ token, password: "not their password" });
    expect([wrong.status, codesOf(wrong.body)]).toEqual([401, ["BDC_1101"]]);
    const res = await accept({ token, password: other.password });
    expect([res.status, res.body]).toEqual([
      200,
      { userId: other.userId, organizationId: admin.organizationId },
    ]);
    expect((await logIn(other.username, other.password)).userId).toBe(other.userId);
    // Their password is unchanged, and the token is spent.
    expect((await accept({ token, password: other.password })).status).toBe(400);
    expect((await signedIn(t, other)).sessionId).toEqual(expect.any(String));
  });

  it("refuses a new password that breaks the rules, naming them", async () => {
    await invite("short@example.com");
    const token = await invitationToken(t.deps, "short@example.com");
    const short = await accept({ token, password: "seven77" });
    expect([short.status, short.body]).toEqual([
      400,
      [
        expect.objectContaining({
          code: "BDC_9001",
          message: "Invalid value for parameter: password. A password has 8 to 1024 characters.",
          params: [
            { name: "paramName0", value: "password" },
            { name: "paramName1", value: "8" },
            { name: "paramName2", value: "1024" },
          ],
        }),
      ],
    ]);
    const same = await accept({ token, password: "SHORT@example.com" });
    expect([same.status, same.body]).toEqual([
      400,
      [
        expect.objectContaining({
          code: "BDC_9001",
          message:
            "Invalid value for parameter: password. A password must not be the email address or username.",
        }),
      ],
    ]);
    // The token was not spent by the refusals.
    expect((await accept({ token, password: "long enough now" })).status).toBe(200);
  });

  it("validates the accept body", async () => {
    const missing = await accept({});
    expect((missing.body as BillErrorEntry[]).map((e) => [e.code, errorParams(e)])).toEqual([
      ["BDC_1108", { paramName0: "token" }],
      ["BDC_1108", { paramName0: "password" }],
    ]);
    const long = await accept({ token: "t", password: "x".repeat(1025) });
    expect(long.body).toEqual([
      expect.objectContaining({ code: "BDC_9001", params: [{ name: "paramName0", value: "password" }] }),
    ]);
    const unknown = await accept({ token: "no-such-token", password: "a password" });
    expect(unknown.body).toEqual([
      expect.objectContaining({ code: "BDC_9001", params: [{ name: "paramName0", value: "token" }] }),
    ]);
  });
});
