import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Sqlite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { InternalServerError } from "../../client/src/index.ts";
import { rejection, startTestServer, type TestServer } from "../helpers/helpers.ts";
import { mfaAccount, newPhone, signedIn } from "../helpers/mfa-helpers.ts";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local stand-in for a team's SMS webhook: records every post, answers `status` (or never). */
async function receiver() {
  const received: Received[] = [];
  const state = { status: 200, hang: false };
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      if (state.hang) return;
      response
        .writeHead(state.status, state.status === 302 ? { location: "http://127.0.0.1:1/" } : {})
        .end("ok");
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms?key=abc`;
  const close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return { url, received, state, close };
}

const SECRET = "webhook-signing-secret";

describe("the webhook delivery adapter (BILLET_DELIVERY_WEBHOOK_URL)", () => {
  let t: TestServer;
  let hook: Awaited<ReturnType<typeof receiver>>;
  afterEach(async () => {
    await t.close();
    await hook.close();
  });

  const start = async (url: string, timeoutMs = 2000) => {
    t = await startTestServer({
      config: { deliveryWebhookUrl: url, deliveryWebhookSecret: SECRET, deliveryWebhookTimeoutMs: timeoutMs },
    });
    const account = await mfaAccount(t);
    return { account, client: await signedIn(t, account) };
  };

  it("posts each message as signed JSON, and keeps no copy in the outbox", async () => {
    hook = await receiver();
    const { account, client } = await start(hook.url);
    const phone = newPhone();
    const { setupId } = await client.mfa.setup({ phone, type: "VOICE" });

    expect(hook.received).toHaveLength(1);
    const [post] = hook.received;
    const payload = JSON.parse(post?.body ?? "");
    expect(payload).toEqual({
      id: expect.stringMatching(/^0ob01/),
      channel: "VOICE",
      recipient: phone,
      purpose: "mfa-setup",
      text: expect.stringMatching(/code is \d{6}\./),
      userId: account.userId,
      organizationId: account.organizationId,
      createdTime: "2026-11-29T10:00:00.000+00:00",
    });
    expect(post?.headers["content-type"]).toBe("application/json");
    expect(post?.headers["x-billet-message-id"]).toBe(payload.id);
    expect(post?.headers["x-billet-signature"]).toBe(
      `sha256=${createHmac("sha256", SECRET)
        .update(post?.body ?? "")
        .digest("hex")}`,
    );
    expect(await t.deps.stores.outbox.list({})).toEqual([]);

    // The code the gateway received works.
    const token = /\d{6}/.exec(payload.text)?.[0] ?? "";
    expect(await client.mfa.validateSetup({ setupId, type: "VOICE", token })).toEqual({ status: "SUCCESS" });
  });

  /** Every token of the database: all must be void after failed deliveries. */
  const openTokens = () => {
    const db = new Sqlite(t.databasePath, { readonly: true });
    try {
      return db.prepare("SELECT id FROM mfa_tokens WHERE consumed_at IS NULL").all();
    } finally {
      db.close();
    }
  };

  it("answers 503 BDC_9009 (never a 500) when the gateway fails, and voids the token it sent", async () => {
    hook = await receiver();
    const { client } = await start(hook.url);
    for (const status of [500, 404, 302]) {
      hook.state.status = status;
      const error = await rejection(client.mfa.setup({ phone: newPhone(), type: "TEXT" }));
      expect(error).toBeInstanceOf(InternalServerError);
      expect(error.status).toBe(503);
      expect(error.errors).toEqual([
        expect.objectContaining({
          code: "BDC_9009",
          category: "SERVER",
          message: "The message could not be delivered. Please try again later.",
        }),
      ]);
    }
    expect(hook.received).toHaveLength(3);
    expect(openTokens()).toEqual([]);
    // Once the gateway is back, the same call works.
    hook.state.status = 204;
    expect((await client.mfa.setup({ phone: newPhone(), type: "TEXT" })).setupId).toMatch(/^0ms/);
    expect(openTokens()).toHaveLength(1);
  });

  it("answers 503 BDC_9009 when the gateway cannot be reached or does not answer in time", async () => {
    hook = await receiver();
    const unreachable = hook.url;
    await hook.close();
    const { client } = await start(unreachable);
    expect((await rejection(client.mfa.setup({ phone: newPhone(), type: "TEXT" }))).code).toBe("BDC_9009");
    await t.close();

    hook = await receiver();
    hook.state.hang = true;
    const slow = await start(hook.url, 200);
    const error = await rejection(slow.client.mfa.setup({ phone: newPhone(), type: "TEXT" }));
    expect(error.status).toBe(503);
    expect(error.code).toBe("BDC_9009");
    expect(openTokens()).toEqual([]);
  });

  it("answers 503 BDC_9009 when an invitation cannot be delivered; the member can be invited again", async () => {
    hook = await receiver();
    const { client } = await start(hook.url);
    hook.state.status = 502;
    const created = await client.rawRequest({
      method: "POST",
      path: "/v3/users",
      auth: true,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ firstName: "N", email: "new@example.com", acceptTermsOfService: true }),
    });
    expect(created.status).toBe(503);
    expect(created.body).toEqual([expect.objectContaining({ code: "BDC_9009", category: "SERVER" })]);
    // The member exists; once the gateway is back, a new invitation goes out.
    const member = (await client.users.list().toArray()).find((u) => u.email === "new@example.com");
    expect(member?.pending).toBe(true);
    hook.state.status = 200;
    const again = await client.rawRequest({
      method: "POST",
      path: `/v3/users/${member?.id}/invite`,
      auth: true,
    });
    expect(again.status).toBe(200);
    const last = JSON.parse(hook.received.at(-1)?.body ?? "{}");
    expect([last.recipient, last.purpose]).toEqual(["new@example.com", "invitation"]);
  });
});
