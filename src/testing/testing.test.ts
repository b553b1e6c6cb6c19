import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { AuthenticationError, BillClient, OperatorClient } from "../../client/src/index.ts";
import { type Billet, type BilletSeed, startBillet } from "./index.ts";

const ORG_ID = "00801AcmeFixture0001";
const SEED: BilletSeed = {
  organizations: [
    {
      id: ORG_ID,
      name: "Acme",
      resources: { vendors: [{ ref: "supplies", name: "Acme Supplies", email: "ap@acme.test" }] },
    },
  ],
  users: [
    {
      email: "ann@acme.test",
      password: "correct horse battery staple",
      firstName: "Ann",
      lastName: "Lee",
      memberships: [{ organization: "Acme", role: "ADMINISTRATOR" }],
    },
  ],
  devKeys: [{ name: "ci", key: "a-fixed-key-of-16-to-128-chars" }],
};

// The child runs the TypeScript sources (bin/billet.mjs runs dist/ otherwise): the code under test.
const FROM_SOURCE = { BILLET_FROM_SOURCE: "1" };

const folder = mkdtempSync(join(tmpdir(), "billet-testing-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Every server a test started is stopped after it, whatever happened. */
const started: Billet[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((billet) => billet.stop()));
});
async function start(...args: Parameters<typeof startBillet>): Promise<Billet> {
  const billet = await startBillet(...args);
  started.push(billet);
  return billet;
}

const portOf = (url: string): number => Number(new URL(url).port);

/** Resolves true when a TCP connection to the port is refused, false when one is accepted. */
function refused(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      done(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => done(error.code === "ECONNREFUSED"));
  });
}

/** A port that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((done, failed) => {
    const server = createServer();
    server.once("error", failed);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** A new client logged in with `billet.credentials`. */
async function loggedIn(billet: Billet, options: { relogin?: boolean } = {}): Promise<BillClient> {
  const client = billet.client(options);
  await client.sessions.login(billet.credentials);
  return client;
}

describe("startBillet, in-process", () => {
  it("starts from a seed object: URLs, the operator client, and the seed's credentials log in", async () => {
    const billet = await start({ seed: SEED });
    expect(billet.mode).toBe("in-process");
    expect(billet.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(billet.baseUrl).toBe(`${billet.url}/connect`);
    expect(billet.operatorUrl).toBe(billet.url);
    expect(billet.operator).toBeInstanceOf(OperatorClient);
    expect(billet.demo).toBeUndefined();
    expect(billet.credentials).toMatchObject({
      organizationId: ORG_ID,
      username: "ann@acme.test",
      password: "correct horse battery staple",
      devKey: "a-fixed-key-of-16-to-128-chars",
    });
    expect(billet.idOf("organization", "Acme")).toBe(ORG_ID);
    expect(billet.credentials.userId).toBe(billet.idOf("user", "ann@acme.test"));

    const client = billet.client();
    expect(client).toBeInstanceOf(BillClient);
    await client.sessions.login(billet.credentials);
    expect(await client.sessions.details()).toMatchObject({
      organizationId: ORG_ID,
      userId: billet.credentials.userId,
    });
    const vendors = await client.vendors.list().toArray();
    expect(vendors.map((vendor) => vendor.name)).toEqual(["Acme Supplies"]);
    await expect(
      billet.client().sessions.login({ ...billet.credentials, password: "wrong password here" }),
    ).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("starts from a seed file; a generated devKey is in the credentials, and a new one after a reset", async () => {
    const file = join(folder, "seed.json");
    writeFileSync(file, JSON.stringify({ ...SEED, devKeys: [{ name: "generated" }] }));
    const billet = await start({ seed: file });
    const first = billet.credentials.devKey;
    expect(first).toMatch(/^\S{16,}$/);
    await loggedIn(billet);

    await billet.reset();
    expect(billet.credentials.devKey).not.toBe(first);
    await loggedIn(billet);
    await expect(billet.client({ devKey: first }).sessions.login(billet.credentials)).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it("reset() goes back to the seed: what the test changed is gone, its sessions too", async () => {
    const billet = await start({ seed: SEED });
    // Without relogin: the client would log in again by itself, and the seed's password still works.
    const client = await loggedIn(billet, { relogin: false });
    await client.vendors.create({ name: "Made by the test" });
    await billet.operator.organizations.create({ name: "Another" });
    expect(await billet.operator.organizations.list()).toHaveLength(2);

    const restored = await billet.reset();
    expect(restored.seed?.created.map((change) => change.kind)).toContain("organization");
    expect((await billet.operator.organizations.list()).map((o) => o.id)).toEqual([ORG_ID]);
    await expect(client.sessions.details()).rejects.toBeInstanceOf(AuthenticationError);
    const again = await loggedIn(billet);
    expect((await again.vendors.list().toArray()).map((vendor) => vendor.name)).toEqual(["Acme Supplies"]);
  });

  it("without a seed: the demo account logs in; a reset empties the store", async () => {
    const billet = await start();
    expect(billet.seed).toBeUndefined();
    expect(billet.demo).toBeDefined();
    expect(billet.credentials).toEqual(billet.demo);
    await loggedIn(billet);

    await billet.reset();
    expect(billet.demo).toBeUndefined();
    expect(await billet.operator.organizations.list()).toEqual([]);
    expect(() => billet.credentials).toThrow(/demo account is gone/);
  });

  it("stop() closes the server: the port refuses connections; a second stop() is a no-op", async () => {
    const billet = await startBillet({ seed: SEED });
    await loggedIn(billet);
    const port = portOf(billet.url);
    expect(await refused(port)).toBe(false);
    await billet.stop();
    expect(await refused(port)).toBe(true);
    await billet.stop();
    await expect(fetch(`${billet.url}/health/live`)).rejects.toThrow();
  });

  it("config overrides reach the server; the clock helper moves the sandbox clock", async () => {
    const billet = await start({ seed: SEED, config: { sessionIdleSeconds: 60 } });
    const client = await loggedIn(billet, { relogin: false });
    await billet.clock.advance(30_000);
    await client.sessions.details();
    await billet.clock.advance({ seconds: 61 });
    await expect(client.sessions.details()).rejects.toBeInstanceOf(AuthenticationError);
    await billet.clock.reset();
  });

  it("is quiet by default; logLevel sends log lines to logStream", async () => {
    const quiet: string[] = [];
    await start({ seed: SEED, logStream: { write: (line: string) => quiet.push(line) } });
    const lines: string[] = [];
    const billet = await start({
      seed: SEED,
      logLevel: "info",
      logStream: { write: (line: string) => lines.push(line) },
    });
    await loggedIn(billet);
    expect(quiet).toEqual([]);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("")).not.toContain("correct horse battery staple");
  });

  it("two instances at once: different ports, separate stores", async () => {
    const [one, two] = await Promise.all([start({ seed: SEED }), start({ seed: SEED })]);
    expect(portOf(one.url)).not.toBe(portOf(two.url));
    await one.operator.organizations.create({ name: "Only in one" });
    expect(await one.operator.organizations.list()).toHaveLength(2);
    expect(await two.operator.organizations.list()).toHaveLength(1);
    await (await loggedIn(one)).vendors.create({ name: "One's vendor" });
    expect((await (await loggedIn(two)).vendors.list().toArray()).map((v) => v.name)).toEqual([
      "Acme Supplies",
    ]);
    await one.stop();
    await loggedIn(two);
  });
});

describe("startBillet, bad seeds", () => {
  it("an invalid seed object rejects naming each problem, and nothing listens", async () => {
    const port = await freePort();
    const starting = startBillet({
      seed: { users: [{ email: "not-an-email", memberships: [] }] },
      config: { port },
    });
    await expect(starting).rejects.toThrow(
      /^startBillet: the seed object: 2 problem\(s\); nothing was written/,
    );
    await expect(starting).rejects.toThrow(/\$\.users\[0\]\.email: must be an email address/);
    expect(await refused(port)).toBe(true);
  });

  it("a missing or unreadable seed file rejects with its path", async () => {
    const missing = join(folder, "missing.json");
    await expect(startBillet({ seed: missing })).rejects.toThrow(`startBillet: cannot read ${missing}`);
    const broken = join(folder, "broken.json");
    writeFileSync(broken, "{ not json");
    await expect(startBillet({ seed: broken })).rejects.toThrow(`startBillet: ${broken} is not valid JSON`);
    await expect(startBillet({ mode: "child", seed: missing })).rejects.toThrow(/cannot read/);
  });

  it("an invalid configuration rejects with the problem", async () => {
    await expect(startBillet({ config: { sessionIdleSeconds: 0 } })).rejects.toThrow(
      /^startBillet: invalid configuration/,
    );
  });
});

describe("startBillet, child mode", () => {
  it("runs billet serve in a child: log in, reset, stop; a bad seed stops the child", async () => {
    const billet = await start({ mode: "child", seed: SEED, env: FROM_SOURCE });
    expect(billet.mode).toBe("child");
    expect(billet.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = await loggedIn(billet);
    expect(await client.sessions.details()).toMatchObject({ organizationId: ORG_ID });
    await billet.operator.organizations.create({ name: "Another" });
    await billet.reset();
    expect((await billet.operator.organizations.list()).map((o) => o.id)).toEqual([ORG_ID]);
    const port = portOf(billet.url);
    await billet.stop();
    expect(await refused(port)).toBe(true);

    const bad = startBillet({
      mode: "child",
      seed: { devKeys: [{ name: "short", key: "short" }] },
      env: FROM_SOURCE,
    });
    await expect(bad).rejects.toThrow(/\$\.devKeys\[0\]\.key: must be 16-128 printable ASCII/);
    await expect(bad).rejects.not.toThrow(/billet-seed-|\n\s+at /);
  });
});
