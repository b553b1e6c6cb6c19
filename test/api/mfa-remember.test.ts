import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashSecret } from "../../src/auth/crypto/ids.ts";
import { forgetRememberedDevices, listRememberedDevices } from "../../src/auth/mfa/remembered-devices.ts";
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
import { mfaAccount, newPhone, passChallenge, signedIn, verifyPhone } from "../helpers/mfa-helpers.ts";

const DAY = 24 * 60 * 60_000;

describe("rememberMeId: remembered devices", () => {
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

  /** Passes a challenge with rememberMe and returns the rememberMeId. */
  const remember = async (who: Account, whosePhone: string, device: string) => {
    const client = await signedIn(t, who);
    const result = await passChallenge(t, client, whosePhone, { rememberMe: true, device });
    expect(result).toEqual({ trusted: true, rememberMeId: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    return result.rememberMeId ?? "";
  };

  const loginWith = (rememberMeId: string, device: string, who: Account = account) =>
    postJson(t.client(who.devKey), "/v3/login", { ...loginBody(who), rememberMeId, device });

  it("logs in trusted with the rememberMeId and its device, and the session is COMPLETE", async () => {
    const rememberMeId = await remember(account, phone, "laptop");
    const client = t.client(account.devKey);
    const session = await client.sessions.login({ ...loginBody(account), rememberMeId, device: "laptop" });
    expect(session.trusted).toBe(true);
    expect(await client.sessions.details()).toEqual(
      expect.objectContaining({ mfaStatus: "COMPLETE", trusted: true }),
    );
    // It stays valid for later logins: it is not single use.
    expect((await loginWith(rememberMeId, "laptop")).body).toEqual(
      expect.objectContaining({ trusted: true }),
    );
  });

  it("requires a device name to remember: BDC_1108 device", async () => {
    const client = await signedIn(t, account);
    const { challengeId } = await client.mfa.challenge();
    const error = await rejection(
      client.mfa.validateChallenge({ challengeId, token: "000000", rememberMe: true }),
    );
    expect(error.errors).toEqual([
      expect.objectContaining({ code: "BDC_1108", params: [{ name: "paramName0", value: "device" }] }),
    ]);
    // Without rememberMe no id is handed out, device or not.
    const result = await passChallenge(t, client, phone, { device: "laptop" });
    expect(result).toEqual({ trusted: true });
  });

  it("refuses another device name, another user, and an unknown id with BDC_9003", async () => {
    const rememberMeId = await remember(account, phone, "laptop");
    const other = await mfaAccount(t);
    const otherPhone = newPhone();
    await verifyPhone(t, await signedIn(t, other), otherPhone);
    const othersId = await remember(other, otherPhone, "laptop");

    for (const [id, device] of [
      [rememberMeId, "Laptop"],
      [rememberMeId, "desktop"],
      [othersId, "laptop"],
      ["x".repeat(43), "laptop"],
    ] as const) {
      const res = await loginWith(id, device);
      expect(res.status).toBe(401);
      expect(res.body).toEqual([
        expect.objectContaining({
          code: "BDC_9003",
          category: "DOWNSTREAM",
          message: "rememberMeId is invalid or expired.",
        }),
      ]);
    }
    // The password was right: a bad rememberMeId is no step towards the lockout.
    expect((await loginWith(rememberMeId, "laptop")).status).toBe(200);
  });

  it("expires 30 days after it was made, whatever its use", async () => {
    const rememberMeId = await remember(account, phone, "laptop");
    t.clock.advance(30 * DAY - 1000);
    expect((await loginWith(rememberMeId, "laptop")).status).toBe(200);
    t.clock.advance(1000);
    expect(codesOf((await loginWith(rememberMeId, "laptop")).body)).toEqual(["BDC_9003"]);
    expect(await listRememberedDevices(t.deps, account.userId)).toEqual([]);
  });

  it("stops working once forgotten (revoked)", async () => {
    const laptop = await remember(account, phone, "laptop");
    t.clock.advance(1000);
    const tablet = await remember(account, phone, "tablet");
    const listed = await listRememberedDevices(t.deps, account.userId);
    expect(listed.map((d) => d.device)).toEqual(["laptop", "tablet"]);
    expect(unwrap(await forgetRememberedDevices(t.deps, account.userId, { device: "laptop" }))).toEqual({
      forgotten: 1,
    });
    expect(codesOf((await loginWith(laptop, "laptop")).body)).toEqual(["BDC_9003"]);
    expect((await loginWith(tablet, "tablet")).status).toBe(200);
    unwrap(await forgetRememberedDevices(t.deps, account.userId, { all: true }));
    expect(codesOf((await loginWith(tablet, "tablet")).body)).toEqual(["BDC_9003"]);
  });

  it("is stored only as its SHA-256", async () => {
    const rememberMeId = await remember(account, phone, "laptop");
    const stored = await t.deps.stores.rememberedDevices.findByTokenHash(hashSecret(rememberMeId));
    expect(stored).toEqual(
      expect.objectContaining({
        userId: account.userId,
        device: "laptop",
        tokenHash: hashSecret(rememberMeId),
      }),
    );
    expect(JSON.stringify(await t.deps.stores.rememberedDevices.listForUser(account.userId))).not.toContain(
      rememberMeId,
    );
  });

  describe("POST /v3/mfa/step-up", () => {
    it("trusts the current session with a valid rememberMeId and device", async () => {
      const rememberMeId = await remember(account, phone, "ci");
      const client = await signedIn(t, account);
      expect((await client.sessions.details()).trusted).toBe(false);
      expect(await client.mfa.stepUp({ rememberMeId, device: "ci" })).toEqual({ trusted: true });
      expect(await client.sessions.details()).toEqual(
        expect.objectContaining({ trusted: true, mfaStatus: "COMPLETE" }),
      );
    });

    it("answers 401 BDC_9003 for an invalid one, and the session lives on untrusted", async () => {
      const rememberMeId = await remember(account, phone, "ci");
      const client = await signedIn(t, account);
      for (const input of [
        { rememberMeId, device: "other" },
        { rememberMeId: "nope", device: "ci" },
      ]) {
        const error = await rejection(client.mfa.stepUp(input));
        expect(error.status).toBe(401);
        expect(error.code).toBe("BDC_9003");
      }
      expect((await client.sessions.details()).trusted).toBe(false);
      const missing = await postJson(
        client,
        "/v3/mfa/step-up",
        {},
        { devKey: account.devKey, sessionId: client.sessionId ?? "" },
      );
      expect(missing.body).toEqual([
        expect.objectContaining({
          code: "BDC_1108",
          params: [{ name: "paramName0", value: "rememberMeId" }],
        }),
        expect.objectContaining({ code: "BDC_1108", params: [{ name: "paramName0", value: "device" }] }),
      ]);
    });
  });
});
