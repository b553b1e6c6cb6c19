import { afterEach, describe, expect, it, vi } from "vitest";
import { APIUserAbortError } from "../../client/src/index.ts";
import { createDevKey, createOrganization, createUser } from "../../src/auth/accounts/provisioning.ts";
import { readLimits } from "../../src/operator/limits-report.ts";
import { type GateHasher, gateHasher } from "../helpers/gate-hasher.ts";
import {
  type Account,
  codesOf,
  loginBody,
  provisionAccount,
  startTestServer,
  type TestServer,
  type TestServerOptions,
  unwrap,
} from "../helpers/helpers.ts";

const MINUTE = 60_000;
const CONCURRENCY_BODY = [
  expect.objectContaining({
    code: "BDC_1322",
    category: "APPLICATION",
    message: "Max number of concurrent requests per organization reached.",
  }),
];

let t: TestServer;
let gate: GateHasher;
let account: Account;
afterEach(async () => {
  gate?.releaseAll();
  await t?.close();
});

async function start(options: Omit<TestServerOptions, "hasher"> = {}) {
  gate = gateHasher();
  t = await startTestServer({ ...options, hasher: gate.hasher });
  account = await provisionAccount(t.deps);
}

/** A login that goes through no client-side cap: what a careless client sends. */
const rawLogin = (body: Record<string, unknown> = loginBody(account), signal?: AbortSignal) =>
  t.client(account.devKey).rawRequest({
    method: "POST",
    path: "/v3/login",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });

/** The server's own count of this account's requests in flight, per organization. */
const inFlight = async (devKeyId = account.devKeyId) =>
  (await readLimits(t.deps, devKeyId)).inFlight?.organizations;

describe("requests in flight per (devKey, organization) (spec section 6)", () => {
  it("answers BDC_1322 at once, Retry-After 1, to the 4th; logins and calls share the slots, other lanes do not", async () => {
    await start();
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    gate.hold();
    const held = [rawLogin(), rawLogin(), rawLogin()];
    await gate.until(3);

    const fourth = await rawLogin();
    expect(fourth.status).toBe(422);
    expect(fourth.headers.get("retry-after")).toBe("1");
    expect(fourth.body).toEqual(CONCURRENCY_BODY);
    // An authenticated call of the same devKey and organization waits in the same line.
    const call = await client.rawRequest({ method: "GET", path: "/v3/login/session", auth: true });
    expect(call.status).toBe(422);
    expect(call.body).toEqual(CONCURRENCY_BODY);
    expect(await inFlight()).toEqual([{ organizationId: account.organizationId, held: 3 }]);

    // The same devKey in another organization, and another devKey in this one: their own lanes.
    const other = unwrap(await createOrganization(t.deps, { name: "Other" }));
    unwrap(await createUser(t.deps, { organizationId: other.id, email: account.username }));
    const otherKey = unwrap(await createDevKey(t.deps, { name: "second" }));
    const otherOrgLogin = rawLogin({ ...loginBody(account), organizationId: other.id });
    const otherKeyLogin = rawLogin({ ...loginBody(account), devKey: otherKey.key });
    await gate.until(5);

    gate.releaseAll();
    const answers = await Promise.all([...held, otherOrgLogin, otherKeyLogin]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await inFlight()).toEqual([]);
  });

  it("resets the idle timer of a call refused with BDC_1322: it was authenticated", async () => {
    await start();
    const client = t.client(account.devKey);
    await client.sessions.login(loginBody(account));
    t.clock.advance(34 * MINUTE);
    gate.hold();
    const held = [rawLogin(), rawLogin(), rawLogin()];
    await gate.until(3);
    expect(
      codesOf((await client.rawRequest({ method: "GET", path: "/v3/login/session", auth: true })).body),
    ).toEqual(["BDC_1322"]);
    gate.releaseAll();
    await Promise.all(held);
    // 68 minutes after login, 34 after the refused call: alive only because that call counted.
    t.clock.advance(34 * MINUTE);
    await expect(client.sessions.details()).resolves.toEqual(
      expect.objectContaining({ userId: account.userId }),
    );
  });

  it("gives back the slots of requests the client abandons: 3 can be in flight again, not 4", async () => {
    await start();
    gate.hold();
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const abandoned = controllers.map((controller) =>
      t.client(account.devKey).sessions.login(loginBody(account), { signal: controller.signal }),
    );
    await gate.until(3);
    const refused = await rawLogin();
    expect(refused.status).toBe(422);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.body).toEqual(CONCURRENCY_BODY);

    for (const controller of controllers) controller.abort();
    for (const call of abandoned) await expect(call).rejects.toBeInstanceOf(APIUserAbortError);
    // The server notices the closed connections while the verifications are still held.
    await vi.waitFor(async () => expect(await inFlight()).toEqual([]), { timeout: 10_000, interval: 5 });
    expect(gate.held).toBe(3);
    gate.releaseHeld();

    const again = [rawLogin(), rawLogin(), rawLogin()];
    await gate.until(3);
    expect((await rawLogin()).body).toEqual(CONCURRENCY_BODY);
    gate.releaseAll();
    expect((await Promise.all(again)).map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await inFlight()).toEqual([]);
  });

  describe.each([
    ["in memory (the SQLite server's default)", 1000],
    ["in SQLite, written through", 0],
  ])("slots kept %s", (_label, limitFlushMs) => {
    it("lets exactly 3 of 50 parallel requests in, answers the 47 others BDC_1322, and leaks nothing", async () => {
      await start({ config: { limitFlushMs } });
      gate.hold();
      const answers: { status: number; body: unknown; retryAfter: string | null }[] = [];
      const all = Array.from({ length: 50 }, () =>
        rawLogin().then((a) => {
          answers.push({ status: a.status, body: a.body, retryAfter: a.headers.get("retry-after") });
        }),
      );
      await gate.until(3);
      await vi.waitFor(() => expect(answers).toHaveLength(47), { timeout: 10_000, interval: 5 });
      expect(gate.held).toBe(3);
      expect(await inFlight()).toEqual([{ organizationId: account.organizationId, held: 3 }]);
      for (const answer of answers) {
        expect(answer).toEqual({ status: 422, body: CONCURRENCY_BODY, retryAfter: "1" });
      }

      gate.releaseAll();
      await Promise.all(all);
      expect(answers.slice(47).map((a) => a.status)).toEqual([200, 200, 200]);
      expect(gate.most).toBe(3);
      expect(await inFlight()).toEqual([]);
    });
  });
});

describe("releasing a slot on every way out", () => {
  it("after error answers: four failed logins in a row are never refused for concurrency", async () => {
    await start();
    for (let i = 0; i < 4; i++) {
      expect(codesOf((await rawLogin({ ...loginBody(account), password: `wrong ${i}` })).body)).toEqual([
        "BDC_1101",
      ]);
    }
    expect(await inFlight()).toEqual([]);
  });

  it("after an unexpected exception (BDC_1001)", async () => {
    await start();
    const create = t.deps.stores.sessions.create;
    t.deps.stores.sessions.create = async () => {
      throw new Error("disk on fire");
    };
    for (let i = 0; i < 4; i++) expect(codesOf((await rawLogin()).body)).toEqual(["BDC_1001"]);
    t.deps.stores.sessions.create = create;
    expect(await inFlight()).toEqual([]);
    expect((await rawLogin()).status).toBe(200);
  });

  it("after a request timeout (503 BDC_1001), while the handler itself is still stuck", async () => {
    await start({ config: { requestTimeoutMs: 200 } });
    gate.hold();
    const timedOut = await rawLogin();
    expect(timedOut.status).toBe(503);
    expect(timedOut.body).toEqual([
      expect.objectContaining({ code: "BDC_1001", category: "SERVER", message: "System error occurred." }),
    ]);
    expect(gate.held).toBe(1);
    expect(await inFlight()).toEqual([]);
    gate.releaseAll();
  });

  it("at once when the client left before the slot was taken", async () => {
    await start();
    // Hold the request inside its budget step, then let the client go away.
    const hit = t.deps.stores.limits.hit;
    let proceed!: () => void;
    const proceeding = new Promise<void>((resolve) => {
      proceed = resolve;
    });
    let spending = 0;
    t.deps.stores.limits.hit = async (...args) => {
      spending += 1;
      await proceeding;
      return hit(...args);
    };
    const controller = new AbortController();
    const call = rawLogin(loginBody(account), controller.signal);
    await vi.waitFor(() => expect(spending).toBe(1), { timeout: 10_000, interval: 5 });
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(APIUserAbortError);
    const connections = () =>
      new Promise<number>((resolve, reject) =>
        t.server.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      );
    await vi.waitFor(async () => expect(await connections()).toBe(0), { timeout: 10_000, interval: 5 });

    // The request goes on, takes its slot after its response is gone, and stops at the password.
    gate.hold();
    proceed();
    await gate.until(1);
    expect(await inFlight()).toEqual([]);
  });

  it("not at all when the cap is switched off (0)", async () => {
    await start({ config: { concurrentRequestLimit: 0 } });
    gate.hold();
    const logins = Array.from({ length: 5 }, () => rawLogin());
    await gate.until(5);
    gate.releaseAll();
    expect((await Promise.all(logins)).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await inFlight()).toBeUndefined();
  });
});
