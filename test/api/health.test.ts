import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { openStores } from "../../src/stores/open-stores.ts";
import type { Stores } from "../../src/stores/types/index.ts";
import { captureLogs, FAST_ARGON2, startTestServer, type TestServer } from "../helpers/helpers.ts";

let t: TestServer | undefined;
let server: RunningServer | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  await server?.close();
  t = undefined;
  server = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const get = async (base: string, path: string) => {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, headers: response.headers, body: await response.json() };
};

/** A server whose store answers every query but the readiness probe, which `ping` replaces. */
async function serverWithPing(ping: () => Promise<void>, logs = captureLogs()) {
  const dir = mkdtempSync(join(tmpdir(), "billet-health-"));
  dirs.push(dir);
  const real = await openStores({ databaseUrl: join(dir, "billet.db"), sessionFlushIntervalMs: 0 });
  const stores: Stores = { ...real, ping };
  const config = loadConfig(
    {},
    { port: 0, databaseUrl: ":memory:", logLevel: "info", argon2: FAST_ARGON2, readyTimeoutMs: 100 },
  );
  server = await startServer(config, { stores, logStream: logs.stream });
  return { url: server.url, logs };
}

describe("health endpoints", () => {
  it("GET /health/live answers 200 while the process runs, outside /connect", async () => {
    t = await startTestServer();
    const base = t.baseUrl.replace(/\/connect$/, "");
    const live = await get(base, "/health/live");
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: "live" });
    expect(live.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect((await fetch(`${t.baseUrl}/health/live`)).status).toBe(404);
  });

  it("GET /health/ready answers 200 when the store answers", async () => {
    t = await startTestServer();
    const ready = await get(t.baseUrl.replace(/\/connect$/, ""), "/health/ready");
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: "ready", checks: { database: "up" } });
  });

  it("answers 503 when the store fails or does not answer in time, and 200 once it does", async () => {
    let mode: "fail" | "hang" | "ok" = "fail";
    const { url, logs } = await serverWithPing(async () => {
      if (mode === "fail") throw new Error("connection refused");
      if (mode === "hang") await new Promise((resolve) => setTimeout(resolve, 5000).unref());
    });
    const notReady = { status: "not ready", checks: { database: "down" } };
    expect(await get(url, "/health/ready")).toMatchObject({ status: 503, body: notReady });
    mode = "hang";
    expect(await get(url, "/health/ready")).toMatchObject({ status: 503, body: notReady });
    expect((await get(url, "/health/live")).status).toBe(200);
    mode = "ok";
    expect(await get(url, "/health/ready")).toMatchObject({ status: 200, body: { status: "ready" } });

    // Probes are not logged one by one; the changes of state are.
    const records = logs.records();
    expect(records.filter((r) => r.msg === "request")).toEqual([]);
    expect(records.filter((r) => String(r.msg).includes("ready")).map((r) => r.msg)).toEqual([
      "not ready: a dependency does not answer",
      "ready again: every dependency answers",
    ]);
  });
});
