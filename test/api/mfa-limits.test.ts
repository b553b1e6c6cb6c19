import { afterEach, describe, expect, it } from "vitest";
import { errorParams, OperatorClient, RateLimitError } from "../../client/src/index.ts";
import { type Account, rejection, startTestServer, type TestServer } from "../helpers/helpers.ts";
import { latestToken, mfaAccount, newPhone, signedIn, verifyPhone } from "../helpers/mfa-helpers.ts";

const SECOND = 1000;

describe("MFA sends per user per minute (spec section 6)", () => {
  let t: TestServer;
  afterEach(() => t.close());

  const sentTo = async (account: Account) =>
    (await t.deps.stores.outbox.list({ userId: account.userId })).length;

  it("allows 5 setups and challenges together per minute; the 6th is 422 BDC_1144 with Retry-After", async () => {
    t = await startTestServer();
    const account = await mfaAccount(t);
    const client = await signedIn(t, account);
    const phone = newPhone();
    await verifyPhone(t, client, phone); // send 1
    await client.mfa.challenge(); // 2
    await client.mfa.challenge(); // 3
    t.clock.advance(20 * SECOND);
    await client.mfa.challenge(); // 4
    const other = await signedIn(t, account); // another session of the same user shares the count
    await other.mfa.challenge(); // 5
    t.clock.advance(15 * SECOND);

    const error = await rejection(other.mfa.challenge());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.status).toBe(422);
    expect(error.errors).toEqual([
      expect.objectContaining({
        code: "BDC_1144",
        category: "APPLICATION",
        message: "Max number of allowed requests per hour reached: 5.",
        params: [{ name: "paramName0", value: "5" }],
      }),
    ]);
    // The window opened with the first send, 35 s ago.
    expect(error.headers.get("retry-after")).toBe("25");
    expect(error.retryAfterSeconds).toBe(25);
    expect((await rejection(client.mfa.challenge())).code).toBe("BDC_1144");
    expect(await sentTo(account)).toBe(5);

    // Another user is not affected.
    const stranger = await mfaAccount(t);
    await (await signedIn(t, stranger)).mfa.setup({ phone: newPhone(), type: "TEXT" });

    t.clock.advance(24 * SECOND);
    expect((await rejection(client.mfa.challenge())).headers.get("retry-after")).toBe("1");
    t.clock.advance(1 * SECOND);
    expect((await client.mfa.challenge()).challengeId).toMatch(/^0mc/);
    expect(await sentTo(account)).toBe(6);
  });

  it("counts only sends: refused validations and requests that send nothing are free", async () => {
    t = await startTestServer({ config: { mfaSendsPerMinute: 2 } });
    const account = await mfaAccount(t);
    const client = await signedIn(t, account);
    for (let i = 0; i < 5; i++) {
      expect((await rejection(client.mfa.challenge())).code).toBe("BDC_1354");
      expect((await rejection(client.mfa.setup({ phone: "+1", type: "TEXT" }))).code).toBe("BDC_9001");
    }
    await client.mfa.setup({ phone: newPhone(), type: "TEXT" });
    await client.mfa.setup({ phone: newPhone(), type: "TEXT" });
    const error = await rejection(client.mfa.setup({ phone: newPhone(), type: "TEXT" }));
    expect(error.errors[0]?.message).toBe("Max number of allowed requests per hour reached: 2.");
    expect(error.headers.get("retry-after")).toBe("60");
  });

  it("is switched off with 0", async () => {
    t = await startTestServer({ config: { mfaSendsPerMinute: 0 } });
    const account = await mfaAccount(t);
    const client = await signedIn(t, account);
    for (let i = 0; i < 12; i++) await client.mfa.setup({ phone: newPhone(), type: "TEXT" });
    expect(await sentTo(account)).toBe(12);
  });
});

describe("wrong MFA tokens per identity per 24 hours (spec section 6, ours)", () => {
  let t: TestServer;
  afterEach(() => t.close());

  const HOUR = 60 * 60 * SECOND;
  const wrong = (token: string) => (token === "000000" ? "111111" : "000000");

  it("counts wrong tokens of every setup and challenge together; past the limit no new one is sent", async () => {
    t = await startTestServer({ config: { mfaFailureLimit: 7, mfaSendsPerMinute: 0 } });
    const account = await mfaAccount(t);
    const client = await signedIn(t, account);
    // 2 wrong tokens on one setup…
    const first = newPhone();
    const { setupId } = await client.mfa.setup({ phone: first, type: "TEXT" });
    const setupToken = await latestToken(t, first);
    for (let i = 0; i < 2; i++) {
      await rejection(client.mfa.validateSetup({ setupId, type: "TEXT", token: wrong(setupToken) }));
    }
    t.clock.advance(HOUR / 2);
    // …then, under the limit still, a verified phone and 5 wrong tokens on a challenge: 7 in all.
    const phone = newPhone();
    await verifyPhone(t, client, phone);
    const { challengeId } = await client.mfa.challenge();
    const right = await latestToken(t, phone);
    for (let i = 0; i < 5; i++)
      await rejection(client.mfa.validateChallenge({ challengeId, token: wrong(right) }));
    const sent = (await t.deps.stores.outbox.list({ userId: account.userId })).length;
    // Every new challenge is now refused, for any session of the user.
    const other = await signedIn(t, account);
    for (const attempt of [() => client.mfa.challenge(), () => other.mfa.challenge()]) {
      const error = await rejection(attempt());
      expect([error.status, error.code, errorParams(error.errors[0])]).toEqual([
        422,
        "BDC_1144",
        { paramName0: "7" },
      ]);
      // The window began with the first wrong token, half an hour ago.
      expect(error.retryAfterSeconds).toBe(23.5 * 60 * 60);
    }
    expect((await t.deps.stores.outbox.list({ userId: account.userId })).length).toBe(sent);
    // Another user is not affected.
    const stranger = await mfaAccount(t);
    await (await signedIn(t, stranger)).mfa.setup({ phone: newPhone(), type: "TEXT" });
    // The refusals are audited.
    await t.server.runtime.auditLog.flush();
    const limited = await t.deps.stores.audit.list({ userId: account.userId, event: "mfa.limited" });
    expect(limited.map((e) => [e.code, e.reason])).toEqual([
      ["BDC_1144", "challenge: wrong tokens"],
      ["BDC_1144", "challenge: wrong tokens"],
    ]);
    // The window passes by the server's clock.
    t.clock.advance(23.5 * HOUR);
    const fresh = await signedIn(t, account);
    expect((await fresh.mfa.challenge()).challengeId).toMatch(/^0mc/);
  });

  it("an operator can clear the count at once", async () => {
    const token = "an-operator-token-of-at-least-32-chars";
    t = await startTestServer({ config: { mfaFailureLimit: 2, operatorToken: token } });
    const account = await mfaAccount(t);
    const client = await signedIn(t, account);
    const phone = newPhone();
    await verifyPhone(t, client, phone);
    const { challengeId } = await client.mfa.challenge();
    const right = await latestToken(t, phone);
    for (let i = 0; i < 2; i++)
      await rejection(client.mfa.validateChallenge({ challengeId, token: wrong(right) }));
    expect((await rejection(client.mfa.challenge())).code).toBe("BDC_1144");
    const operator = new OperatorClient({ baseUrl: t.server.url, token });
    expect(await operator.users.mfaFailures(account.userId)).toEqual({
      userId: account.userId,
      count: 2,
      limit: 2,
      resetTime: expect.any(String),
    });
    expect(await operator.users.clearMfaFailures(account.userId)).toEqual({
      userId: account.userId,
      cleared: true,
    });
    expect((await client.mfa.challenge()).challengeId).toMatch(/^0mc/);
    expect((await operator.users.mfaFailures(account.userId)).count).toBe(0);
  });

  it("is switched off with 0", async () => {
    t = await startTestServer({ config: { mfaFailureLimit: 0, mfaSendsPerMinute: 0 } });
    const account = await mfaAccount(t);
    const client = await signedIn(t, account);
    const phone = newPhone();
    await verifyPhone(t, client, phone);
    for (let round = 0; round < 6; round++) {
      const { challengeId } = await client.mfa.challenge();
      const right = await latestToken(t, phone);
      for (let i = 0; i < 5; i++)
        await rejection(client.mfa.validateChallenge({ challengeId, token: wrong(right) }));
    }
    expect((await client.mfa.challenge()).challengeId).toMatch(/^0mc/);
  });
});
