import { createHash } from "node:crypto";
import Sqlite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Account,
  codesOf,
  postJson,
  rejection,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";
import {
  latestToken,
  mfaAccount,
  newPhone,
  passChallenge,
  signedIn,
  verifyPhone,
} from "../helpers/mfa-helpers.ts";

const MINUTE = 60_000;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;

describe("MFA phone setup", () => {
  let t: TestServer;
  let account: Account;

  beforeEach(async () => {
    t = await startTestServer();
    account = await mfaAccount(t);
  });
  afterEach(() => t.close());

  it("delivers a 6-digit token to the phone through the outbox, and verifies the phone with it", async () => {
    const client = await signedIn(t, account);
    const phone = newPhone();
    const { setupId } = await client.mfa.setup({ phone, type: "TEXT", primary: true });
    expect(setupId).toMatch(/^0ms01[0-9A-Za-z]{15}$/);

    const [message] = await t.deps.stores.outbox.list({ recipient: phone });
    expect(message).toEqual({
      id: expect.stringMatching(/^0ob01/),
      channel: "TEXT",
      recipient: phone,
      purpose: "mfa-setup",
      text: expect.stringMatching(
        /^Your 2-Step Verification setup code is \d{6}\. It expires in 10 minutes\.$/,
      ),
      userId: account.userId,
      organizationId: account.organizationId,
      createdAt: t.clock.now(),
    });
    expect(await client.mfa.phones()).toEqual({ results: [] });

    const token = await latestToken(t, phone);
    // BILL's answers: a status, and the phone as its type, last four digits and primary.
    expect(await client.mfa.validateSetup({ setupId, type: "TEXT", token })).toEqual({ status: "SUCCESS" });
    expect(await client.mfa.phones()).toEqual({
      results: [
        { type: "MOBILE", last4digits: phone.slice(-4), primary: true, phone: `+1******${phone.slice(-4)}` },
      ],
    });
    expect((await client.sessions.details()).mfaStatus).toBe("CHALLENGE");
  });

  it("answers on both validate paths, and delivers VOICE tokens on the voice channel", async () => {
    const client = await signedIn(t, account);
    const phone = newPhone();
    const { setupId } = await client.mfa.setup({ phone, type: "VOICE" });
    expect((await t.deps.stores.outbox.list({ recipient: phone }))[0]?.channel).toBe("VOICE");
    const res = await postJson(
      client,
      "/v3/mfa/validate",
      { setupId, type: "VOICE", token: await latestToken(t, phone) },
      { devKey: account.devKey, sessionId: client.sessionId ?? "" },
    );
    expect([res.status, res.body]).toEqual([200, { status: "SUCCESS" }]);
    // A VOICE setup lists as BILL's WORK type (ours: BILL documents no mapping).
    expect((await client.mfa.phones()).results).toEqual([
      expect.objectContaining({ type: "WORK", last4digits: phone.slice(-4) }),
    ]);
  });

  it("stores only a digest of the token, and a fresh token for every setup", async () => {
    const client = await signedIn(t, account);
    const phone = newPhone();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await client.mfa.setup({ phone, type: "TEXT" })).setupId);
    const tokens = (await t.deps.stores.outbox.list({ recipient: phone })).map(
      (m) => /\d{6}/.exec(m.text)?.[0],
    );
    const db = new Sqlite(t.databasePath, { readonly: true });
    try {
      const rows = db.prepare("SELECT * FROM mfa_tokens ORDER BY created_at, id").all() as Record<
        string,
        unknown
      >[];
      const dump = JSON.stringify(rows);
      expect(rows).toHaveLength(3);
      for (const [i, token] of tokens.reverse().entries()) {
        expect(dump).not.toContain(`"${token}"`);
        const id = ids[i] ?? "";
        const row = rows.find((r) => r.id === id);
        expect(row?.token_hash).toBe(createHash("sha256").update(`${id}:${token}`).digest("hex"));
      }
    } finally {
      db.close();
    }
  });

  it("reports every missing field, then every invalid one", async () => {
    const client = await signedIn(t, account);
    const auth = { devKey: account.devKey, sessionId: client.sessionId ?? "" };
    const missing = await postJson(client, "/v3/mfa/setup", { phone: "", primary: true }, auth);
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual([
      expect.objectContaining({ code: "BDC_1108", params: [{ name: "paramName0", value: "phone" }] }),
      expect.objectContaining({ code: "BDC_1108", params: [{ name: "paramName0", value: "type" }] }),
    ]);
    const invalid = await postJson(
      client,
      "/v3/mfa/setup",
      { phone: "5551234567", type: "SMS", primary: "yes" },
      auth,
    );
    expect(invalid.body).toEqual(
      ["phone", "type", "primary"].map((name) =>
        expect.objectContaining({ code: "BDC_9001", message: `Invalid value for parameter: ${name}.` }),
      ),
    );
    for (const phone of ["+0123456789", "+1555", "+1555123456789012", "+1 555 123 4567", 15551234567]) {
      expect(codesOf((await postJson(client, "/v3/mfa/setup", { phone, type: "TEXT" }, auth)).body)).toEqual([
        "BDC_9001",
      ]);
    }
    const notPrimary = await rejection(client.mfa.setup({ phone: newPhone(), type: "TEXT", primary: false }));
    expect(notPrimary.errors).toEqual([
      expect.objectContaining({ code: "BDC_9001", params: [{ name: "paramName0", value: "primary" }] }),
    ]);
    const notJson = await postJson(client, "/v3/mfa/setup", "[1]", auth);
    expect(codesOf(notJson.body)).toEqual(["BDC_1122"]);
    // Nothing was sent for any of them.
    expect(await t.deps.stores.outbox.list({ userId: account.userId })).toEqual([]);
  });

  it("needs a session: missing headers are BDC_1108, a dead session BDC_1109", async () => {
    const client = t.client(account.devKey);
    const none = await postJson(client, "/v3/mfa/setup", { phone: newPhone(), type: "TEXT" });
    expect(codesOf(none.body)).toEqual(["BDC_1108", "BDC_1108"]);
    const dead = await postJson(
      client,
      "/v3/mfa/setup",
      { phone: newPhone(), type: "TEXT" },
      {
        devKey: account.devKey,
        sessionId: "not-a-session",
      },
    );
    expect(dead.status).toBe(401);
    expect(codesOf(dead.body)).toEqual(["BDC_1109"]);
  });

  describe("validation of the token", () => {
    let client: Awaited<ReturnType<typeof signedIn>>;
    let phone: string;
    let setupId: string;

    beforeEach(async () => {
      client = await signedIn(t, account);
      phone = newPhone();
      ({ setupId } = await client.mfa.setup({ phone, type: "TEXT" }));
    });

    const validate = async (token: string, id = setupId, type: "TEXT" | "VOICE" = "TEXT") =>
      rejection(client.mfa.validateSetup({ setupId: id, type, token }));

    it("answers BDC_9002 for a wrong token, and BDC_1358 from the fifth on; the setup is then void", async () => {
      const right = await latestToken(t, phone);
      const wrong = right === "000000" ? "000001" : "000000";
      for (let i = 1; i <= 4; i++) {
        const error = await validate(wrong);
        expect(error.status).toBe(400);
        expect(error.errors).toEqual([
          expect.objectContaining({ code: "BDC_9002", message: "The 2-Step Verification token is invalid." }),
        ]);
      }
      for (const token of [wrong, right]) {
        const error = await validate(token);
        expect(error.status).toBe(403);
        expect(error.errors).toEqual([
          expect.objectContaining({
            code: "BDC_1358",
            category: "DOWNSTREAM",
            message: "2-Step Verification too many token response attempts.",
          }),
        ]);
      }
      expect(await client.mfa.phones()).toEqual({ results: [] });
    });

    it("counts malformed tokens as wrong ones, and accepts the right one after four misses", async () => {
      for (const token of ["12345", "1234567", "abcdef", " 12345"])
        expect((await validate(token)).code).toBe("BDC_9002");
      expect(
        await client.mfa.validateSetup({ setupId, type: "TEXT", token: await latestToken(t, phone) }),
      ).toEqual({ status: "SUCCESS" });
    });

    it("expires 10 minutes after it was sent: valid at 9:59, BDC_1356 at 10:00", async () => {
      const token = await latestToken(t, phone);
      const late = (await client.mfa.setup({ phone, type: "TEXT" })).setupId;
      const lateToken = await latestToken(t, phone);
      t.clock.advance(10 * MINUTE - 1000);
      expect(await client.mfa.validateSetup({ setupId, type: "TEXT", token })).toEqual({ status: "SUCCESS" });
      t.clock.advance(1000);
      const error = await validate(lateToken, late);
      expect(error.status).toBe(400);
      expect(error.errors).toEqual([
        expect.objectContaining({ code: "BDC_1356", message: "The 2-Step Verification token has expired." }),
      ]);
    });

    it("is single use: the same right token again is BDC_1356", async () => {
      const token = await latestToken(t, phone);
      expect(await client.mfa.validateSetup({ setupId, type: "TEXT", token })).toEqual({ status: "SUCCESS" });
      expect((await validate(token)).code).toBe("BDC_1356");
    });

    it("refuses an unknown id, another user's id and another type with BDC_9001, spending no attempt", async () => {
      const other = await signedIn(t, await mfaAccount(t));
      const otherPhone = newPhone();
      const otherSetup = (await other.mfa.setup({ phone: otherPhone, type: "TEXT" })).setupId;
      const cases: [string, string, "TEXT" | "VOICE", string][] = [
        ["0ms01AAAAAAAAAAAAAAA", "000000", "TEXT", "setupId"],
        ["nonsense", "000000", "TEXT", "setupId"],
        [otherSetup, await latestToken(t, otherPhone), "TEXT", "setupId"],
        [setupId, await latestToken(t, phone), "VOICE", "type"],
      ];
      for (const [id, token, type, param] of cases) {
        for (let i = 0; i < 5; i++) {
          expect((await validate(token, id, type)).errors).toEqual([
            expect.objectContaining({ code: "BDC_9001", params: [{ name: "paramName0", value: param }] }),
          ]);
        }
      }
      expect(
        await client.mfa.validateSetup({ setupId, type: "TEXT", token: await latestToken(t, phone) }),
      ).toEqual({ status: "SUCCESS" });
      expect(await other.mfa.phones()).toEqual({ results: [] });
    });

    it("shares the five attempts between guesses sent at once", async () => {
      const right = await latestToken(t, phone);
      const wrong = right === "999999" ? "999998" : "999999";
      const errors = await Promise.all(Array.from({ length: 12 }, () => validate(wrong)));
      expect(codesOf(errors.flatMap((e) => e.errors)).sort()).toEqual([
        ...Array(8).fill("BDC_1358"),
        ...Array(4).fill("BDC_9002"),
      ]);
    });
  });

  it("needs a trusted session to change a verified phone, in any organization: BILL's 403 BDC_5324", async () => {
    for (const mfaRequired of [true, false]) {
      const owner = await mfaAccount(t, { mfaRequired });
      const client = await signedIn(t, owner);
      const first = newPhone();
      await verifyPhone(t, client, first);
      const error = await rejection(client.mfa.setup({ phone: newPhone(), type: "TEXT" }));
      expect(error.status).toBe(403);
      expect(error.errors).toEqual([
        {
          timestamp: expect.any(String),
          code: "BDC_5324",
          severity: "ERROR",
          category: "DOWNSTREAM",
          message: "Mfa action blocked.",
        },
      ]);
      // The guard runs before the body is read.
      const raw = await postJson(client, "/v3/mfa/setup", "{}", {
        devKey: owner.devKey,
        sessionId: client.sessionId ?? "",
      });
      expect(codesOf(raw.body)).toEqual(["BDC_5324"]);
      // Nothing was sent to the new phone, and the verified phone is still the first.
      expect((await client.mfa.phones()).results.map((p) => p.last4digits)).toEqual([first.slice(-4)]);

      await passChallenge(t, client, first);
      const second = newPhone();
      await verifyPhone(t, client, second, "VOICE");
      expect((await client.mfa.phones()).results).toEqual([
        { type: "WORK", last4digits: second.slice(-4), primary: true, phone: `+1******${second.slice(-4)}` },
      ]);
      // The next challenge goes to the new phone.
      await client.mfa.challenge();
      expect((await t.deps.stores.outbox.list({ userId: owner.userId, limit: 1 }))[0]).toEqual(
        expect.objectContaining({ recipient: second, purpose: "mfa-challenge", channel: "VOICE" }),
      );
    }
  });

  it("writes timestamps of the outbox in BILL's form for the tools", async () => {
    const client = await signedIn(t, account);
    const phone = newPhone();
    await client.mfa.setup({ phone, type: "TEXT" });
    const [message] = await t.deps.stores.outbox.list({ recipient: phone });
    expect(new Date(message?.createdAt ?? 0).toISOString().replace("Z", "+00:00")).toMatch(TIMESTAMP);
  });
});
