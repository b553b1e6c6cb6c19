import { afterEach, describe, expect, it } from "vitest";
import {
  captureLogs,
  loginBody,
  postJson,
  rejection,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";
import { latestToken, mfaAccount, newPhone, signedIn } from "../helpers/mfa-helpers.ts";

describe("MFA logs", () => {
  let t: TestServer;
  afterEach(() => t.close());

  it("audit every MFA decision and never carry a token or a rememberMeId", async () => {
    const logs = captureLogs();
    t = await startTestServer({ logs });
    const account = await mfaAccount(t);
    const client = await signedIn(t, account);
    const phone = newPhone();

    const { setupId } = await client.mfa.setup({ phone, type: "TEXT" });
    const setupToken = await latestToken(t, phone);
    await rejection(
      client.mfa.validateSetup({
        setupId,
        type: "TEXT",
        token: setupToken === "000000" ? "000001" : "000000",
      }),
    );
    await client.mfa.validateSetup({ setupId, type: "TEXT", token: setupToken });
    const { challengeId } = await client.mfa.challenge();
    const challengeToken = await latestToken(t, phone);
    const { rememberMeId = "" } = await client.mfa.validateChallenge({
      challengeId,
      token: challengeToken,
      rememberMe: true,
      device: "laptop",
    });
    // A careless client puts the secrets in the query string as well.
    await client.rawRequest({
      method: "POST",
      path: "/v3/mfa/step-up",
      query: { rememberMeId, token: challengeToken },
      auth: true,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rememberMeId, device: "laptop" }),
    });
    await rejection(client.mfa.stepUp({ rememberMeId, device: "other" }));
    await postJson(client, "/v3/login", { ...loginBody(account), rememberMeId, device: "laptop" });
    await postJson(client, "/v3/login", { ...loginBody(account), rememberMeId, device: "other" });
    // Changing the phone from an untrusted session is refused, and audited.
    await rejection((await signedIn(t, account)).mfa.setup({ phone: newPhone(), type: "TEXT" }));

    const text = logs.lines.join("\n");
    expect(rememberMeId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const secret of [setupToken, challengeToken, rememberMeId]) expect(text).not.toContain(secret);

    const audit = logs
      .records()
      .filter((r) => r.kind === "audit")
      .map((r) => [r.event, r.code ?? null, r.reason ?? null]);
    expect(audit).toEqual(
      expect.arrayContaining([
        ["mfa.sent", null, "setup"],
        ["mfa.rejected", "BDC_9002", "setup"],
        ["mfa.verified", null, null],
        ["mfa.sent", null, "challenge"],
        ["mfa.trusted", null, "challenge"],
        ["mfa.trusted", null, "step-up"],
        ["mfa.rejected", "BDC_9003", "step-up"],
        ["login.success", null, "remembered-device"],
        ["login.failure", "BDC_9003", null],
        ["mfa.rejected", "BDC_5324", "untrusted session: POST /connect/v3/mfa/setup"],
      ]),
    );
  });
});
