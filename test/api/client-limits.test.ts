/**
 * The typed client against the server's real limits (spec section 6): its per-organization
 * cap keeps it clear of BDC_1322, its retry honours the server's Retry-After, and BDC_1144
 * reaches the caller at once.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { RateLimitError } from "../../client/src/index.ts";
import { readLimits } from "../../src/operator/limits-report.ts";
import { type GateHasher, gateHasher } from "../helpers/gate-hasher.ts";
import {
  type Account,
  captureLogs,
  loginBody,
  provisionAccount,
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from "../helpers/helpers.ts";

let t: TestServer;
let gate: GateHasher;
let account: Account;
let logs: ReturnType<typeof captureLogs>;
afterEach(async () => {
  gate?.releaseAll();
  await t?.close();
});

async function start(config: TestServerOptions["config"] = {}) {
  gate = gateHasher();
  logs = captureLogs();
  t = await startTestServer({ config, hasher: gate.hasher, logs });
  account = await provisionAccount(t.deps);
}

const refusals = () => logs.records().filter((r) => r.event === "limit.refused");
const inFlight = async () => (await readLimits(t.deps, account.devKeyId)).inFlight?.organizations;

describe("the client against the server's limits", () => {
  it("completes 10 concurrent calls without provoking a single BDC_1322", async () => {
    await start();
    const sleeps: number[] = [];
    const client = t.client(account.devKey, { maxRetries: 2, sleep: async (ms) => void sleeps.push(ms) });
    gate.hold();
    let settled = 0;
    const logins = Array.from({ length: 10 }, () =>
      client.sessions.login(loginBody(account)).finally(() => {
        settled += 1;
      }),
    );
    // Let the held logins go a wave at a time; the server never sees more than 3 at once.
    while (settled < 10) {
      await vi.waitFor(() => expect(gate.held > 0 || settled === 10).toBe(true), {
        timeout: 10_000,
        interval: 5,
      });
      expect(gate.held).toBeLessThanOrEqual(3);
      gate.releaseHeld();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(logins)).toHaveLength(10);
    gate.releaseAll();

    const details = await Promise.all(Array.from({ length: 10 }, () => client.sessions.details()));
    expect(details.map((d) => d.userId)).toEqual(Array(10).fill(account.userId));
    // Never more than the cap at once (how many waves filled it depends on scheduling).
    expect(gate.most).toBeLessThanOrEqual(3);
    expect(gate.most).toBeGreaterThan(0);
    expect(sleeps).toEqual([]);
    expect(refusals()).toEqual([]);
    expect(await inFlight()).toEqual([]);
  });

  it("waits the server's Retry-After and retries when it allows more than the server (BDC_1322)", async () => {
    await start();
    const sleeps: number[] = [];
    let slotFree!: () => void;
    const afterWaiting = new Promise<void>((resolve) => {
      slotFree = resolve;
    });
    const client = t.client(account.devKey, {
      maxConcurrentPerOrganization: 5,
      maxRetries: 2,
      sleep: async (ms) => {
        sleeps.push(ms);
        await afterWaiting;
      },
    });
    gate.hold();
    const logins = Array.from({ length: 5 }, () => client.sessions.login(loginBody(account)));
    await gate.until(3);
    await vi.waitFor(() => expect(sleeps).toHaveLength(2), { timeout: 10_000, interval: 5 });
    expect(refusals()).toEqual([
      expect.objectContaining({
        code: "BDC_1322",
        reason: "in-flight",
        devKeyId: account.devKeyId,
        count: 3,
        limit: 3,
      }),
      expect.objectContaining({
        code: "BDC_1322",
        reason: "in-flight",
        organizationId: account.organizationId,
      }),
    ]);

    // "Time passes": the three in flight finish, then the two waiting retry.
    gate.releaseAll();
    await vi.waitFor(async () => expect(await inFlight()).toEqual([]), { timeout: 10_000, interval: 5 });
    slotFree();
    expect(await Promise.all(logins)).toHaveLength(5);
    // Retry-After: 1 from the server, exactly, rather than the client's own jittered backoff.
    expect(sleeps).toEqual([1000, 1000]);
  });

  it("surfaces BDC_1144 as RateLimitError with retryAfterSeconds, and does not retry it", async () => {
    await start({ hourlyRequestLimit: 3 });
    const sleeps: number[] = [];
    const client = t.client(account.devKey, { maxRetries: 2, sleep: async (ms) => void sleeps.push(ms) });
    await client.sessions.login(loginBody(account));
    await client.sessions.details();
    await client.sessions.details();
    const error = await client.sessions.details().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toEqual(
      expect.objectContaining({ status: 422, code: "BDC_1144", retryAfterSeconds: 3600 }),
    );
    expect(sleeps).toEqual([]);
    // One attempt reached the server: the 4th request of the hour, not a 5th or 6th.
    expect((await readLimits(t.deps, account.devKeyId)).hourlyRequests?.used).toBe(4);
  });
});
