/**
 * Slow clients are cut off: headers that do not arrive, a body that stalls or drips, a handler
 * that does not answer, an idle keep-alive. Each connection is closed by the server within its
 * configured time (the bounds here are generous: these tests check that the connection is
 * closed, not how fast), and /health/live keeps answering while hundreds of them are open.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Config } from "../../src/config.ts";
import { gateHasher } from "../helpers/gate-hasher.ts";
import {
  captureLogs,
  loginBody,
  provisionAccount,
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from "../helpers/helpers.ts";
import { drip, expectBillError, parseRawResponse, rawConnection } from "../helpers/raw-http.ts";

const TIMEOUTS: Partial<Config> = {
  headersTimeoutMs: 300,
  receiveTimeoutMs: 600,
  requestTimeoutMs: 2000,
  keepAliveTimeoutMs: 300,
};
/** Slack for a loaded machine: a close must come before its timeout plus this. */
const SLACK_MS = 1500;

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start(options: TestServerOptions = {}) {
  t = await startTestServer({ ...options, config: { ...TIMEOUTS, ...options.config } });
  return { server: t, port: Number(new URL(t.server.url).port) };
}

const openConnections = (server: TestServer) =>
  new Promise<number>((resolve, reject) =>
    server.server.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );

const LOGIN_HEAD =
  "POST /connect/v3/login HTTP/1.1\r\nHost: billet.test\r\nContent-Type: application/json\r\n";
const TIMED_OUT = [408, "BDC_9014", "Request timed out."] as const;

describe("slow clients", () => {
  it("closes a connection whose headers do not arrive in time, with 408 BDC_9014", async () => {
    const { port } = await start();
    const silent = rawConnection(port);
    const partial = rawConnection(port);
    await partial.connected;
    partial.write("GET /health/live HTTP/1.1\r\nHost: billet.test\r\nX-Slow: ");
    drip(partial, "a", 50);
    for (const closed of await Promise.all([silent.closed, partial.closed])) {
      expect(closed.afterMs).toBeGreaterThanOrEqual(300 - 20);
      expect(closed.afterMs).toBeLessThan(300 + SLACK_MS);
      expectBillError(parseRawResponse(closed.data), ...TIMED_OUT);
      expect(parseRawResponse(closed.data).headers.connection).toBe("close");
    }
  });

  it("closes a connection whose body stalls, with 408 BDC_9014", async () => {
    const { port } = await start();
    const stalled = rawConnection(port);
    await stalled.connected;
    stalled.write(`${LOGIN_HEAD}Content-Length: 100\r\n\r\n{"username":`);
    const closed = await stalled.closed;
    expect(closed.afterMs).toBeGreaterThanOrEqual(600 - 20);
    expect(closed.afterMs).toBeLessThan(600 + SLACK_MS);
    expectBillError(parseRawResponse(closed.data), ...TIMED_OUT);
  });

  it("closes a connection dripping a chunked body, with 408 BDC_9014, while it still drips", async () => {
    const logs = captureLogs();
    const { port } = await start({ logs });
    const dripping = rawConnection(port);
    await dripping.connected;
    dripping.write(`${LOGIN_HEAD}Transfer-Encoding: chunked\r\n\r\n`);
    drip(dripping, '1\r\n{\r\n1\r\n"\r\n', 20);
    const closed = await dripping.closed;
    expect(closed.afterMs).toBeGreaterThanOrEqual(600 - 20);
    expect(closed.afterMs).toBeLessThan(600 + SLACK_MS);
    expectBillError(parseRawResponse(closed.data), ...TIMED_OUT);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The body cut short is not a failure of the server: nothing logged above a warning.
    expect(logs.records().filter((record) => Number(record.level) >= 40)).toEqual([]);
  });

  it("answers a handler too slow 503 BDC_1001 and closes the connection", async () => {
    const gate = gateHasher();
    const { server, port } = await start({ hasher: gate.hasher, config: { requestTimeoutMs: 300 } });
    const account = await provisionAccount(server.deps);
    gate.hold();
    const body = JSON.stringify(loginBody(account));
    const waiting = rawConnection(port);
    await waiting.connected;
    // A keep-alive request, complete: only the handler is slow.
    waiting.write(`${LOGIN_HEAD}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const closed = await waiting.closed;
    expect(closed.afterMs).toBeLessThan(300 + SLACK_MS);
    const response = parseRawResponse(closed.data);
    expectBillError(response, 503, "BDC_1001", "System error occurred.");
    expect(response.headers.connection).toBe("close");
    gate.releaseAll();
  });

  it("answers 503 BDC_1001 and closes the connection when the request timeout comes first, mid-body", async () => {
    const logs = captureLogs();
    const { port } = await start({ logs, config: { requestTimeoutMs: 300, receiveTimeoutMs: 10_000 } });
    const dripping = rawConnection(port);
    await dripping.connected;
    dripping.write(`${LOGIN_HEAD}Transfer-Encoding: chunked\r\n\r\n`);
    drip(dripping, "1\r\n \r\n", 20);
    const closed = await dripping.closed;
    expect(closed.afterMs).toBeLessThan(300 + SLACK_MS);
    const response = parseRawResponse(closed.data);
    expectBillError(response, 503, "BDC_1001", "System error occurred.");
    expect(response.headers.connection).toBe("close");
    // The body cut short is not a failure of the server: nothing logged above a warning.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(logs.records().filter((record) => Number(record.level) >= 40)).toEqual([]);
  });

  it("closes an idle keep-alive connection after BILLET_KEEP_ALIVE_TIMEOUT_MS", async () => {
    const { port } = await start();
    const idle = rawConnection(port);
    await idle.connected;
    idle.write("GET /health/live HTTP/1.1\r\nHost: billet.test\r\n\r\n");
    const closed = await idle.closed;
    expect(closed.afterMs).toBeLessThan(300 + SLACK_MS);
    const response = parseRawResponse(closed.data);
    expect(response.status).toBe(200);
    expect(response.headers.connection).toBe("keep-alive");
  });

  it("keeps /health/live answering while hundreds of slow connections are open, then closes them all", async () => {
    const { server, port } = await start({
      config: {
        headersTimeoutMs: 2000,
        receiveTimeoutMs: 2500,
        requestTimeoutMs: 5000,
        maxConnections: 1000,
      },
    });
    const slow = [];
    for (let i = 0; i < 100; i++) {
      const headers = rawConnection(port);
      headers.write("GET /health/live HTTP/1.1\r\nHost: billet.test\r\n");
      const stalled = rawConnection(port);
      stalled.write(`${LOGIN_HEAD}Content-Length: 1000\r\n\r\n{`);
      const dripping = rawConnection(port);
      dripping.write(`${LOGIN_HEAD}Transfer-Encoding: chunked\r\n\r\n`);
      drip(dripping, "1\r\n \r\n", 200);
      slow.push(headers, stalled, dripping);
    }
    await vi.waitFor(async () => expect(await openConnections(server)).toBeGreaterThanOrEqual(300), {
      timeout: 5000,
      interval: 20,
    });
    for (let i = 0; i < 3; i++) {
      const live = await fetch(`${server.server.url}/health/live`, { signal: AbortSignal.timeout(2000) });
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: "live" });
    }
    const closed = await Promise.all(slow.map((connection) => connection.closed));
    for (const { afterMs, data } of closed) {
      expect(afterMs).toBeLessThan(2500 + SLACK_MS);
      expect(parseRawResponse(data).status).toBe(408);
    }
  });

  it("closes connections beyond BILLET_MAX_CONNECTIONS at once, and serves again when they are gone", async () => {
    const logs = captureLogs();
    // Timeouts long enough that none of the 20 closes before the 21st is tried, even on a busy machine.
    const { server, port } = await start({
      logs,
      config: { maxConnections: 20, headersTimeoutMs: 3000, receiveTimeoutMs: 3000 },
    });
    const holding = Array.from({ length: 20 }, () => rawConnection(port));
    await vi.waitFor(async () => expect(await openConnections(server)).toBe(20), {
      timeout: 5000,
      interval: 20,
    });
    const refused = await rawConnection(port).closed;
    expect(refused.data).toBe("");
    expect(refused.afterMs).toBeLessThan(1500);
    await expect(fetch(`${server.server.url}/health/live`)).rejects.toThrow();
    await Promise.all(holding.map((connection) => connection.closed));
    expect((await fetch(`${server.server.url}/health/live`)).status).toBe(200);
    const warnings = logs
      .records()
      .filter((r) => r.msg === "connections refused: BILLET_MAX_CONNECTIONS reached");
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings[0]).toMatchObject({ maxConnections: 20 });
  });
});
