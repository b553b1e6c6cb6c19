import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSettableClock, type SettableClock } from "../clock.ts";
import { loadConfig } from "../config.ts";
import { openRuntime, type Runtime } from "../runtime.ts";
import { IDEMPOTENCY_LEASE_MS, type IdempotentResponse, runIdempotent } from "./idempotency.ts";

const REQUEST = { scope: "org:k:o:POST /v3/users", key: "key-1", fingerprint: "body-1" };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("runIdempotent", () => {
  let dir: string;
  let runtime: Runtime;
  let clock: SettableClock;
  let runs: number;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "billet-idem-"));
    clock = createSettableClock(Date.UTC(2026, 10, 29));
    const config = loadConfig({}, { databaseUrl: join(dir, "billet.db"), logLevel: "silent" });
    runtime = await openRuntime(config, { clock });
    runs = 0;
  });
  afterEach(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const answer =
    (body: string, status = 200) =>
    async (): Promise<IdempotentResponse> => {
      runs += 1;
      return { status, body };
    };
  /** A sleep that lets the test move on: each wait is one turn of the event loop. */
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

  it("makes a request that finds the key in use wait for that answer and replay it", async () => {
    const gate = deferred<IdempotentResponse>();
    const first = runIdempotent(runtime.deps, REQUEST, () => {
      runs += 1;
      return gate.promise;
    });
    await tick();
    let polls = 0;
    const second = runIdempotent(runtime.deps, REQUEST, answer("second"), {
      sleep: async () => {
        polls += 1;
        if (polls === 3) gate.resolve({ status: 200, body: '{"id":"first"}' });
        await tick();
      },
    });
    expect(await first).toEqual({
      ok: true,
      value: { status: 200, body: '{"id":"first"}', replayed: false },
    });
    expect(await second).toEqual({
      ok: true,
      value: { status: 200, body: '{"id":"first"}', replayed: true },
    });
    expect(runs).toBe(1);
  });

  it("releases the key of a request that throws, so that the waiting one runs instead", async () => {
    const gate = deferred<IdempotentResponse>();
    const first = runIdempotent(runtime.deps, REQUEST, () => gate.promise);
    await tick();
    const second = runIdempotent(runtime.deps, REQUEST, answer("second"), {
      sleep: async () => {
        gate.reject(new Error("crash"));
        await tick();
      },
    });
    await expect(first).rejects.toThrow("crash");
    expect(await second).toEqual({ ok: true, value: { status: 200, body: "second", replayed: false } });
  });

  it("does not remember a 5xx answer", async () => {
    expect((await runIdempotent(runtime.deps, REQUEST, answer("oops", 503))).ok).toBe(true);
    const again = await runIdempotent(runtime.deps, REQUEST, answer("fine"));
    expect(again).toEqual({ ok: true, value: { status: 200, body: "fine", replayed: false } });
  });

  it("takes over the key of a holder that died once its lease has run out", async () => {
    // The holder never answers (its process died).
    void runIdempotent(runtime.deps, REQUEST, () => new Promise<IdempotentResponse>(() => {}));
    await tick();
    const second = await runIdempotent(runtime.deps, REQUEST, answer("heir"), {
      maxWaitMs: Number.POSITIVE_INFINITY,
      sleep: async () => {
        clock.advance(IDEMPOTENCY_LEASE_MS / 4);
        await tick();
      },
    });
    expect(second).toEqual({ ok: true, value: { status: 200, body: "heir", replayed: false } });
    // Another request under the same key, meanwhile, is still refused.
    const other = await runIdempotent(runtime.deps, { ...REQUEST, fingerprint: "body-2" }, answer("x"));
    expect(other).toEqual({
      ok: false,
      errors: [{ key: "ALREADY_EXISTS", params: { paramName0: "X-Idempotent-Key" } }],
    });
  });

  it("answers 409 when the holder is still running after the longest wait", async () => {
    void runIdempotent(runtime.deps, REQUEST, () => new Promise<IdempotentResponse>(() => {}));
    await tick();
    const waited: number[] = [];
    const second = await runIdempotent(runtime.deps, REQUEST, answer("x"), {
      pollMs: 100,
      maxWaitMs: 300,
      sleep: async (ms) => {
        waited.push(ms);
      },
    });
    expect(second.ok).toBe(false);
    expect(waited).toEqual([100, 100, 100]);
    expect(runs).toBe(0);
  });
});
