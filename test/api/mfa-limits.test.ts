import { afterEach, describe, expect, it } from "vitest";
import { RateLimitError } from "../../client/src/index.ts";
import { type Account, rejection, startTestServer, type TestServer } from "../helpers.ts";
import { mfaAccount, newPhone, signedIn, verifyPhone } from "../mfa-helpers.ts";

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
        params: { paramName0: "5" },
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
      expect((await rejection(client.mfa.challenge())).code).toBe("BDC_9006");
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
