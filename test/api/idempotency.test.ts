import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BillClient } from "../../client/src/index.ts";
import { errorParams } from "../../client/src/index.ts";
import {
  type Account,
  loginBody,
  provisionAccount,
  rejection,
  startTestServer,
  type TestServer,
} from "../helpers/helpers.ts";
import {
  ADDRESS,
  partnerSignedIn,
  provisionPartner,
  recordingFetch,
  signedIn,
} from "../helpers/provisioning-helpers.ts";

const BODY = { firstName: "Ann", email: "ann@example.com", acceptTermsOfService: true } as const;
const DAY = 24 * 60 * 60 * 1000;

describe("X-Idempotent-Key on creates", () => {
  let t: TestServer;
  let admin: Account;
  let client: BillClient;
  let recorder: ReturnType<typeof recordingFetch>;

  beforeEach(async () => {
    t = await startTestServer();
    admin = await provisionAccount(t.deps);
    recorder = recordingFetch();
    client = t.client(admin.devKey, { fetch: recorder.fetch });
    await client.sessions.login(loginBody(admin));
  });
  afterEach(() => t.close());

  const userCount = async () => (await client.users.list().toArray()).length;

  it("replays the first response byte for byte for the same key and body", async () => {
    const first = await client.users.create(BODY, { idempotencyKey: "key-1" });
    const firstText = recorder.texts.at(-1);
    t.clock.advance(DAY - 1);
    await client.sessions.login(loginBody(admin));
    const again = await client.rawRequest({
      method: "POST",
      path: "/v3/users",
      auth: true,
      // The same body with its keys in another order is the same request.
      headers: { "Content-Type": "application/json", "X-Idempotent-Key": "key-1" },
      body: JSON.stringify({ acceptTermsOfService: true, email: BODY.email, firstName: BODY.firstName }),
    });
    expect(again.status).toBe(200);
    expect(again.headers.get("x-idempotent-replayed")).toBe("true");
    expect(recorder.texts.at(-1)).toBe(firstText);
    expect(again.body).toEqual(first);
    expect(await userCount()).toBe(2);
  });

  it("answers 409 BDC_9008 for the same key with another body", async () => {
    await client.users.create(BODY, { idempotencyKey: "key-1" });
    const error = await rejection(
      client.users.create({ ...BODY, firstName: "Other" }, { idempotencyKey: "key-1" }),
    );
    expect([error.status, error.code, error.errors[0]?.message]).toEqual([
      409,
      "BDC_9008",
      "X-Idempotent-Key already exists.",
    ]);
    expect(await userCount()).toBe(2);
  });

  it("replays an expected failure too, and forgets the key after 24 hours", async () => {
    const duplicate = { ...BODY, email: admin.username };
    const first = await rejection(client.users.create(duplicate, { idempotencyKey: "dup" }));
    t.clock.advance(60_000);
    const replay = await rejection(client.users.create(duplicate, { idempotencyKey: "dup" }));
    expect(first.status).toBe(409);
    // Byte for byte, timestamp included.
    expect(recorder.texts.at(-1)).toBe(recorder.texts.at(-2));
    expect(replay.errors).toEqual(first.errors);

    await client.users.create(BODY, { idempotencyKey: "key-2" });
    t.clock.advance(DAY);
    await client.sessions.login(loginBody(admin));
    // The window has passed: the create runs again (and now finds the user it made).
    const later = await rejection(client.users.create(BODY, { idempotencyKey: "key-2" }));
    expect([later.status, errorParams(later.errors[0])]).toEqual([409, { paramName0: BODY.email }]);
  });

  it("makes two identical racing creates one object with identical answers", async () => {
    const [a, b] = await Promise.all([
      client.users.create(BODY, { idempotencyKey: "race" }),
      client.users.create(BODY, { idempotencyKey: "race" }),
    ]);
    expect(a).toEqual(b);
    const texts = recorder.texts.slice(-2);
    expect(texts[0]).toBe(texts[1]);
    expect(await userCount()).toBe(2);
    const invitations = await t.deps.stores.outbox.list({ recipient: BODY.email });
    expect(invitations).toHaveLength(1);
  });

  it("without a key, two racing identical creates make one user and one 409, never a 500", async () => {
    const results = await Promise.allSettled([client.users.create(BODY), client.users.create(BODY)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const failure = results.find((r) => r.status === "rejected");
    expect((failure as PromiseRejectedResult).reason).toMatchObject({ status: 409, code: "BDC_9008" });
    expect(await userCount()).toBe(2);
  });

  it("does not remember a create that failed unexpectedly: a retry with the key runs", async () => {
    const stores = t.deps.stores;
    const original = stores.transaction.bind(stores);
    stores.transaction = async () => {
      throw new Error("disk on fire");
    };
    const failed = await client.rawRequest({
      method: "POST",
      path: "/v3/users",
      auth: true,
      headers: { "Content-Type": "application/json", "X-Idempotent-Key": "flaky" },
      body: JSON.stringify(BODY),
    });
    expect(failed.status).toBe(500);
    stores.transaction = original;
    const user = await client.users.create(BODY, { idempotencyKey: "flaky" });
    expect(user.email).toBe(BODY.email);
  });

  it("keeps keys apart per caller and route, and refuses a malformed key", async () => {
    const other = await provisionAccount(t.deps);
    const otherClient = await signedIn(t, other);
    const mine = await client.users.create(BODY, { idempotencyKey: "shared" });
    const theirs = await otherClient.users.create(BODY, { idempotencyKey: "shared" });
    expect(theirs.id).toBe(mine.id);
    expect((await otherClient.users.list().toArray()).map((u) => u.email)).toContain(BODY.email);
    for (const key of ["", "has space", "x".repeat(256), "naïve"]) {
      const res = await client.rawRequest({
        method: "POST",
        path: "/v3/users",
        auth: true,
        headers: { "Content-Type": "application/json", "X-Idempotent-Key": key },
        body: JSON.stringify({ ...BODY, email: "k@example.com" }),
      });
      if (key === "") continue; // an empty header is no header: the create simply runs
      expect([res.status, res.body], key).toEqual([
        400,
        [
          expect.objectContaining({
            code: "BDC_9001",
            params: [{ name: "paramName0", value: "X-Idempotent-Key" }],
          }),
        ],
      ]);
    }
  });

  it("covers partner creates: organizations and users", async () => {
    const partner = await provisionPartner(t.deps);
    const partnerRecorder = recordingFetch();
    const partnerClient = await partnerSignedIn(t, partner, partnerRecorder.fetch);
    const request = { name: "Acme", address: ADDRESS };
    const [a, b] = await Promise.all([
      partnerClient.organizations.create(request, { idempotencyKey: "org-1" }),
      partnerClient.organizations.create(request, { idempotencyKey: "org-1" }),
    ]);
    expect(a).toEqual(b);
    expect(await partnerClient.organizations.list().toArray()).toEqual([a]);
    const conflict = await rejection(
      partnerClient.organizations.create({ ...request, name: "Other" }, { idempotencyKey: "org-1" }),
    );
    expect(conflict.code).toBe("BDC_9008");

    const users = partnerClient.users(a.id);
    const first = await users.create(BODY, { idempotencyKey: "u-1" });
    const replay = await users.create(BODY, { idempotencyKey: "u-1" });
    expect(replay).toEqual(first);
    expect(partnerRecorder.texts.at(-1)).toBe(partnerRecorder.texts.at(-2));
    // The same key and body for another organization is another request: 409.
    const second = await partnerClient.organizations.create({ name: "Beta", address: ADDRESS });
    const elsewhere = await rejection(partnerClient.users(second.id).create(BODY, { idempotencyKey: "u-1" }));
    expect(elsewhere.code).toBe("BDC_9008");
  });
});
