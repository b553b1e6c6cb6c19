/**
 * `billet serve` on SIGTERM: it stops accepting connections, finishes the request in flight,
 * writes buffered session activity, closes its database connections and exits 0.
 *
 * The request is held in flight for real, without sleeping: it is a login sent with
 * `Expect: 100-continue`. Node answers `100 Continue` once the server has the request, and
 * the request cannot finish before the test sends its body, after the SIGTERM.
 */
import { writeFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { describeEachBackend, tableRows } from "../test/helpers/backends.ts";
import { POSTGRES_URL, type TestSchema, testSchema, viaPort } from "../test/helpers/postgres.ts";
import { startTcpProxy, type TcpProxy } from "../test/helpers/tcp-proxy.ts";
import { cliFor, json, login, type Served, sessionCheck, startServe, tempFolder } from "./test-support.ts";

const ACCOUNT = {
  username: "ann@shutdown.test",
  password: "correct horse battery",
  organizationId: "00801ShutdownShutdow",
  devKey: "shutdown-key-0123456789abcdef",
};
const SEED = {
  organizations: [{ id: ACCOUNT.organizationId, name: "Shutdown" }],
  users: [
    { email: ACCOUNT.username, password: ACCOUNT.password, memberships: [{ organization: "Shutdown" }] },
  ],
  devKeys: [{ name: "ci", key: ACCOUNT.devKey }],
};
/** PostgreSQL's Terminate message: what a client sends when it closes a connection properly. */
const TERMINATE = Buffer.from([0x58, 0, 0, 0, 4]);

const schemas: TestSchema[] = [];
const proxies: TcpProxy[] = [];
afterAll(async () => {
  for (const proxy of proxies) await proxy.stop();
  for (const schema of schemas) await schema.drop();
});

/** Sends a login's head with `Expect: 100-continue`; resolves once the server holds the request. */
async function loginHeldOpen(url: string): Promise<{ finish(): Promise<string> }> {
  const { hostname, port } = new URL(url);
  const body = JSON.stringify(ACCOUNT);
  const socket: Socket = connect(Number(port), hostname);
  let received = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => {
    received += chunk;
  });
  const ended = new Promise<string>((resolve) => socket.on("close", () => resolve(received)));
  socket.write(
    `POST /connect/v3/login HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
  );
  for (let i = 0; i < 500 && !received.startsWith("HTTP/1.1 100"); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(received).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
  return {
    finish: () => {
      // Written, not ended: a half-closed connection makes Node abort the request.
      socket.write(body);
      return ended;
    },
  };
}

/** Resolves once a new TCP connection to the server is refused (bounded retries). */
async function refusesConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  for (let i = 0; i < 200; i++) {
    const refused = await new Promise<boolean>((resolve) => {
      const probe = connect(Number(port), hostname);
      probe.once("connect", () => {
        probe.destroy();
        resolve(false);
      });
      probe.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
    });
    if (refused) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

/** Waits (bounded) until the server's output contains `text`. */
async function printed(server: Served, text: string): Promise<void> {
  for (let i = 0; i < 500 && !server.stdout().includes(text); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(server.stdout()).toContain(text);
}

describeEachBackend("billet serve on SIGTERM", (backend) => {
  it("refuses new connections, finishes the request in flight, saves activity, closes the pool, exits 0", async () => {
    let database = join(tempFolder(), "billet.db");
    let serveDatabase = database;
    let proxy: TcpProxy | undefined;
    if (backend === "postgres") {
      const schema = testSchema();
      schemas.push(schema);
      const target = new URL(POSTGRES_URL ?? "");
      proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      proxies.push(proxy);
      database = schema.url;
      // The server reaches PostgreSQL only through the proxy, which sees how it disconnects.
      serveDatabase = viaPort(schema.url, proxy.port);
    }
    const seedPath = join(tempFolder(), "seed.json");
    writeFileSync(seedPath, JSON.stringify(SEED));
    await json(cliFor(database)("seed", "--file", seedPath, "--json"));
    const server = await startServe(["--database", serveDatabase, "--no-demo"], {
      // Activity is written back once a minute: only a flush on the way out can save it.
      env: { LOG_LEVEL: "info", BILLET_SESSION_FLUSH_MS: "60000" },
    });

    const first = await login(server.url, ACCOUNT);
    const sessionId = String(first.body.sessionId);
    const loggedInBy = Date.now();
    while (Date.now() <= loggedInBy) await new Promise((resolve) => setTimeout(resolve, 1));
    expect((await sessionCheck(server.url, ACCOUNT.devKey, sessionId)).status).toBe(200);
    if (proxy) expect(proxy.openConnections()).toBeGreaterThan(0);

    const held = await loginHeldOpen(server.url);
    server.child.kill("SIGTERM");
    await printed(server, '"msg":"shutting down"');
    expect(await refusesConnections(server.url)).toBe(true);

    const response = await held.finish();
    expect(response).toMatch(/\r\nHTTP\/1\.1 200 OK\r\n/);
    expect(response).toMatch(/"sessionId":"[A-Za-z0-9_-]{43}"/);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.stdout()).toContain('"msg":"stopped"');

    const rows = (await tableRows(database, "sessions")).map((row) => ({
      createdAt: Number(row.created_at),
      lastActiveAt: Number(row.last_active_at),
    }));
    expect(rows).toHaveLength(2);
    // The session check's activity (buffered in memory on SQLite) reached the store.
    const checked = rows.find((row) => row.createdAt < loggedInBy + 1);
    expect(checked?.lastActiveAt).toBeGreaterThan(checked?.createdAt ?? Number.POSITIVE_INFINITY);
    if (proxy) {
      // Every connection of the pool was closed by the server, not cut by the process exiting.
      expect(proxy.openConnections()).toBe(0);
      const tails = proxy.closedConnectionTails();
      expect(tails.length).toBeGreaterThan(0);
      for (const tail of tails) expect(tail.subarray(-5)).toEqual(TERMINATE);
    }
  }, 90_000);
});
