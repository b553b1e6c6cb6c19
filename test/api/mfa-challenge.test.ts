import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BillErrorEntry } from "../../client/src/index.ts";
import { createDevKey } from "../../src/auth/accounts/provisioning.ts";
import {
  type Account,
  codesOf,
  loginBody,
  postJson,
  rejection,
  startTestServer,
  type TestServer,
  unwrap,
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

describe("MFA challenge", () => {
  let t: TestServer;
  let account: Account;
  let phone: string;

  beforeEach(async () => {
    t = await startTestServer();
    account = await mfaAccount(t);
    phone = newPhone();
    await verifyPhone(t, await signedIn(t, account), phone);
  });
  afterEach(() => t.close());

  it("delivers a token to the verified phone; the right one trusts this session only", async () => {
    const client = await signedIn(t, account);
    const bystander = await signedIn(t, account);
    const { challengeId } = await client.mfa.challenge();
    expect(challengeId).toMatch(/^0mc01[0-9A-Za-z]{15}$/);
    expect((await t.deps.stores.outbox.list({ recipient: phone, limit: 1 }))[0]).toEqual(
      expect.objectContaining({
        purpose: "mfa-challenge",
        channel: "TEXT",
        userId: account.userId,
        text: expect.stringMatching(/^Your 2-Step Verification code is \d{6}\. It expires in 10 minutes\.$/),
      }),
    );
    expect(await client.sessions.details()).toEqual(
      expect.objectContaining({ mfaStatus: "CHALLENGE", trusted: false }),
    );

    const result = await client.mfa.validateChallenge({ challengeId, token: await latestToken(t, phone) });
    expect(result).toEqual({ trusted: true });
    expect(await client.sessions.details()).toEqual(
      expect.objectContaining({ mfaStatus: "COMPLETE", trusted: true }),
    );
    expect(await bystander.sessions.details()).toEqual(
      expect.objectContaining({ mfaStatus: "CHALLENGE", trusted: false }),
    );
    // Trust lives in the store: it survives a restart of the server.
    const sessionId = client.sessionId;
    await t.server.close();
    t = await startTestServer({ dir: t.dir, clock: t.clock });
    const again = t.client(account.devKey);
    again.useSession(sessionId, account.organizationId);
    expect((await again.sessions.details()).trusted).toBe(true);
  });

  it("accepts the challenge from any session of the same user, never from another user", async () => {
    const asker = await signedIn(t, account);
    const { challengeId } = await asker.mfa.challenge();
    const token = await latestToken(t, phone);
    const stranger = await mfaAccount(t);
    const strangerClient = await signedIn(t, stranger);
    const refused = await rejection(strangerClient.mfa.validateChallenge({ challengeId, token }));
    expect(refused.errors).toEqual([
      expect.objectContaining({ code: "BDC_9001", params: [{ name: "paramName0", value: "challengeId" }] }),
    ]);
    // A re-login (the client's answer to BDC_1109) keeps the challenge usable.
    const relogged = await signedIn(t, account);
    expect(await relogged.mfa.validateChallenge({ challengeId, token })).toEqual({ trusted: true });
    expect((await asker.sessions.details()).trusted).toBe(false);
  });

  it("answers BILL's 400 BDC_1354 without a verified phone, and BDC_9001 for useBackup: true", async () => {
    const freshAccount = await mfaAccount(t);
    const fresh = await signedIn(t, freshAccount);
    const error = await rejection(fresh.mfa.challenge());
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([
      {
        timestamp: expect.any(String),
        code: "BDC_1354",
        severity: "ERROR",
        category: "REQUEST",
        message: "Specified 2-Step Verification phone is not setup or is invalid.",
      },
    ]);
    // Nothing was sent to any phone.
    expect(await t.deps.stores.outbox.list({ userId: freshAccount.userId })).toEqual([]);
    const client = await signedIn(t, account);
    for (const useBackup of [true, "true"] as const) {
      const backup = await rejection(client.mfa.challenge({ useBackup }));
      expect([backup.status, backup.errors], String(useBackup)).toEqual([
        400,
        [expect.objectContaining({ code: "BDC_9001", params: [{ name: "paramName0", value: "useBackup" }] })],
      ]);
    }
    expect((await client.mfa.challenge({ useBackup: false })).challengeId).toMatch(/^0mc/);
  });

  it('takes useBackup as BILL\'s collection sends it, the text "false", and no other text', async () => {
    const client = await signedIn(t, account);
    const { challengeId } = await client.mfa.challenge({ useBackup: "false" });
    expect(challengeId).toMatch(/^0mc/);
    expect(await client.mfa.validateChallenge({ challengeId, token: await latestToken(t, phone) })).toEqual({
      trusted: true,
    });
    for (const useBackup of ["False", "no", "", 0, 1, "0"]) {
      const res = await postJson(
        client,
        "/v3/mfa/challenge",
        { useBackup },
        { devKey: account.devKey, sessionId: client.sessionId ?? "" },
      );
      // Empty text counts as absent, as for every optional field.
      if (useBackup === "") expect(res.status).toBe(200);
      else
        expect([res.status, (res.body as BillErrorEntry[])[0]?.code], JSON.stringify(useBackup)).toEqual([
          400,
          "BDC_9001",
        ]);
    }
  });

  it("takes a challenge request with no body at all, but not a body that is not an object", async () => {
    const client = await signedIn(t, account);
    const auth = { devKey: account.devKey, sessionId: client.sessionId ?? "" };
    const bare = await client.rawRequest({ method: "POST", path: "/v3/mfa/challenge", headers: auth });
    expect(bare.status).toBe(200);
    expect(codesOf((await postJson(client, "/v3/mfa/challenge", "[]", auth)).body)).toEqual(["BDC_1122"]);
    expect(codesOf((await postJson(client, "/v3/mfa/challenge", "{nope", auth)).body)).toEqual(["BDC_1122"]);
  });

  it("applies the token rules to challenges: wrong, void after five, expired, single use", async () => {
    const client = await signedIn(t, account);
    const { challengeId } = await client.mfa.challenge();
    const right = await latestToken(t, phone);
    const wrong = right === "123456" ? "654321" : "123456";
    const codes = [];
    for (let i = 0; i < 6; i++)
      codes.push((await rejection(client.mfa.validateChallenge({ challengeId, token: wrong }))).code);
    expect(codes).toEqual(["BDC_9002", "BDC_9002", "BDC_9002", "BDC_9002", "BDC_1358", "BDC_1358"]);
    expect((await rejection(client.mfa.validateChallenge({ challengeId, token: right }))).code).toBe(
      "BDC_1358",
    );

    const second = await client.mfa.challenge();
    const secondToken = await latestToken(t, phone);
    t.clock.advance(10 * MINUTE);
    expect(
      (await rejection(client.mfa.validateChallenge({ challengeId: second.challengeId, token: secondToken })))
        .code,
    ).toBe("BDC_1356");

    const third = await client.mfa.challenge();
    const thirdToken = await latestToken(t, phone);
    expect(await client.mfa.validateChallenge({ challengeId: third.challengeId, token: thirdToken })).toEqual(
      { trusted: true },
    );
    expect(
      (await rejection(client.mfa.validateChallenge({ challengeId: third.challengeId, token: thirdToken })))
        .code,
    ).toBe("BDC_1356");
    // A setup id is not a challenge id.
    const { setupId } = await client.mfa.setup({ phone: newPhone(), type: "TEXT" });
    expect(
      (await rejection(client.mfa.validateChallenge({ challengeId: setupId, token: "000000" }))).errors,
    ).toEqual([
      expect.objectContaining({ code: "BDC_9001", params: [{ name: "paramName0", value: "challengeId" }] }),
    ]);
  });

  it("runs the whole flow through client.mfa.runChallenge, reading the token from the outbox", async () => {
    const client = await signedIn(t, account);
    const seen: string[] = [];
    const result = await client.mfa.runChallenge(async (challengeId) => {
      seen.push(challengeId);
      return latestToken(t, phone);
    });
    expect(result).toEqual({ trusted: true });
    expect(seen).toEqual([expect.stringMatching(/^0mc01/)]);
    expect((await client.sessions.details()).mfaStatus).toBe("COMPLETE");
  });
});

describe("GET /v3/login/session: mfaStatus and mfaBypass", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.close());

  it("goes SETUP → CHALLENGE → COMPLETE where the organization requires MFA", async () => {
    const account = await mfaAccount(t);
    const client = await signedIn(t, account);
    const status = async () => {
      const { mfaStatus, trusted, mfaBypass } = await client.sessions.details();
      return { mfaStatus, trusted, mfaBypass };
    };
    expect(await status()).toEqual({ mfaStatus: "SETUP", trusted: false, mfaBypass: false });
    const phone = newPhone();
    await verifyPhone(t, client, phone);
    expect(await status()).toEqual({ mfaStatus: "CHALLENGE", trusted: false, mfaBypass: false });
    await passChallenge(t, client, phone);
    expect(await status()).toEqual({ mfaStatus: "COMPLETE", trusted: true, mfaBypass: false });
    // A new session starts untrusted again.
    expect((await (await signedIn(t, account)).sessions.details()).mfaStatus).toBe("CHALLENGE");
  });

  it("is DISABLED where the organization does not use MFA, even after a challenge", async () => {
    const account = await mfaAccount(t, { mfaRequired: false });
    const client = await signedIn(t, account);
    expect((await client.sessions.details()).mfaStatus).toBe("DISABLED");
    const phone = newPhone();
    await verifyPhone(t, client, phone);
    await passChallenge(t, client, phone);
    expect(await client.sessions.details()).toEqual(
      expect.objectContaining({ mfaStatus: "DISABLED", trusted: true }),
    );
  });

  it("treats every session of an mfaBypass devKey as trusted: COMPLETE", async () => {
    const account = await mfaAccount(t);
    const bypass = unwrap(await createDevKey(t.deps, { name: "bypass", mfaBypass: true }));
    const client = t.client(bypass.key);
    // The client sends its own devKey (the bypass one) in the login body.
    const session = await client.sessions.login(loginBody(account));
    expect(session.trusted).toBe(false);
    expect(await client.sessions.details()).toEqual(
      expect.objectContaining({ mfaStatus: "COMPLETE", mfaBypass: true, trusted: true }),
    );
  });
});
