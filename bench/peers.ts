/**
 * Peers: the same login and session-check workloads against (a) Stoplight Prism mocking the two
 * endpoints from an OpenAPI file (shape only: no store, no hashing), and (b) better-auth's email
 * sign-in and get-session on better-sqlite3, beside billet. Needs `npm run bench:install`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SESSION_PATH, sessionCheckLoad, startBillet } from "./lib/billet.ts";
import { freePort, type LoadResult, ROOT, runLoad, type Started, startProcess } from "./lib/processes.ts";
import { context, loadTable, printSection, type Ratio, type Section, validityNote } from "./lib/report.ts";
import { seed } from "./lib/seed.ts";
import { settings } from "./lib/settings.ts";
import { isMain, withWorkDir } from "./lib/work.ts";
import { loginLoad } from "./login.ts";

const PEERS = join(ROOT, "bench/peers");
const LOGIN_PATH = "/connect/v3/login";

/** The two endpoints, with BILL's shapes and one example answer each: what Prism serves. */
const OPENAPI = {
  openapi: "3.0.3",
  info: { title: "BILL v3 login and session (shape only)", version: "1" },
  paths: {
    [LOGIN_PATH]: {
      post: {
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["username", "password", "organizationId", "devKey"],
                properties: {
                  username: { type: "string" },
                  password: { type: "string" },
                  organizationId: { type: "string" },
                  devKey: { type: "string" },
                },
              },
            },
          },
        },
        responses: {
          "200": {
            description: "A new session",
            content: {
              "application/json": {
                example: {
                  sessionId: "Xk3mN0pQrStUvWxYz0123456789abcdefghijklmnop",
                  organizationId: "00801AAAAAAAAAAAAAAA",
                  userId: "00601AAAAAAAAAAAAAAA",
                  trusted: false,
                },
              },
            },
          },
        },
      },
    },
    [SESSION_PATH]: {
      get: {
        parameters: [
          { name: "devKey", in: "header", required: true, schema: { type: "string" } },
          { name: "sessionId", in: "header", required: true, schema: { type: "string" } },
        ],
        responses: {
          "200": {
            description: "The session",
            content: {
              "application/json": {
                example: {
                  organizationId: "00801AAAAAAAAAAAAAAA",
                  userId: "00601AAAAAAAAAAAAAAA",
                  mfaStatus: "DISABLED",
                  mfaBypass: false,
                  trusted: false,
                },
              },
            },
          },
        },
      },
    },
  },
};

interface Pair {
  login: LoadResult | undefined;
  check: LoadResult | undefined;
  note?: string;
}

const loginPlan = (url: string, perConnection: ReturnType<typeof loginLoad>) => ({
  url,
  path: LOGIN_PATH,
  method: "POST",
  connections: perConnection.length,
  durationS: settings.durationS,
  warmupS: settings.warmupS,
  timeoutS: 30,
  perConnection,
});

async function measureBillet(dir: string): Promise<Pair> {
  const databaseUrl = join(dir, "billet.db");
  const accounts = await seed({
    databaseUrl,
    accounts: Math.max(settings.connections, settings.loginConnections),
    sessionsPerAccount: 20,
  });
  const server = await startBillet({ databaseUrl, probe: accounts[0]!, workDir: dir, label: "peers-billet" });
  try {
    const check = await runLoad(
      {
        url: server.url,
        path: SESSION_PATH,
        connections: settings.connections,
        durationS: settings.durationS,
        warmupS: settings.warmupS,
        perConnection: sessionCheckLoad(accounts, settings.connections),
      },
      dir,
    );
    const login = await runLoad(
      loginPlan(server.url, loginLoad(accounts.slice(0, settings.loginConnections))),
      dir,
    );
    return { login, check };
  } finally {
    await server.stop();
  }
}

async function measurePrism(dir: string): Promise<Pair> {
  const bin = join(PEERS, "node_modules/@stoplight/prism-cli/dist/index.js");
  if (!existsSync(bin))
    return { login: undefined, check: undefined, note: "not installed: npm run bench:install" };
  const spec = join(dir, "openapi.json");
  writeFileSync(spec, JSON.stringify(OPENAPI));
  const port = await freePort();
  const server = await startProcess({
    command: process.execPath,
    args: [bin, "mock", "-h", "127.0.0.1", "-p", String(port), "-v", "error", spec],
    port,
    readyPath: SESSION_PATH,
    readyHeaders: { devKey: "k", sessionId: "s" },
    readyStatus: 200,
    logFile: join(dir, "prism.log"),
  });
  try {
    const check = await runLoad(
      {
        url: server.url,
        path: SESSION_PATH,
        headers: { devKey: "bench-devkey", sessionId: "bench-session" },
        connections: settings.connections,
        durationS: settings.durationS,
        warmupS: settings.warmupS,
      },
      dir,
    );
    const body = JSON.stringify({
      username: "u@example.com",
      password: "p",
      organizationId: "o",
      devKey: "k",
    });
    const perConnection = Array.from({ length: settings.loginConnections }, () => [
      { method: "POST", path: LOGIN_PATH, headers: { "content-type": "application/json" }, body },
    ]);
    const login = await runLoad(loginPlan(server.url, perConnection), dir);
    return { login, check };
  } finally {
    await server.stop();
  }
}

interface BetterAuthAccount {
  email: string;
  password: string;
  cookie: string;
}

async function measureBetterAuth(dir: string): Promise<Pair> {
  const script = join(PEERS, "better-auth-server.mjs");
  if (!existsSync(join(PEERS, "node_modules/better-auth"))) {
    return { login: undefined, check: undefined, note: "not installed: npm run bench:install" };
  }
  const port = await freePort();
  const users = Math.max(settings.connections, settings.loginConnections);
  const accountsFile = join(dir, "better-auth-accounts.json");
  const server: Started = await startProcess({
    command: process.execPath,
    args: [script, join(dir, "better-auth.db"), String(port), String(users), accountsFile],
    env: { NODE_ENV: "production" },
    port,
    readyPath: "/api/auth/ok",
    readyStatus: 200,
    logFile: join(dir, "better-auth.log"),
    timeoutMs: 180_000,
  });
  try {
    const accounts = JSON.parse(readFileSync(accountsFile, "utf8")) as BetterAuthAccount[];
    const origin = server.url;
    const check = await runLoad(
      {
        url: server.url,
        path: "/api/auth/get-session",
        connections: settings.connections,
        durationS: settings.durationS,
        warmupS: settings.warmupS,
        perConnection: accounts
          .slice(0, settings.connections)
          .map((a) => [{ headers: { cookie: a.cookie } }]),
      },
      dir,
    );
    const perConnection = accounts.slice(0, settings.loginConnections).map((a) => [
      {
        method: "POST",
        path: "/api/auth/sign-in/email",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify({ email: a.email, password: a.password }),
      },
    ]);
    const login = await runLoad(
      { ...loginPlan(server.url, perConnection), path: "/api/auth/sign-in/email" },
      dir,
    );
    return { login, check };
  } finally {
    await server.stop();
  }
}

export async function run(): Promise<Section> {
  return withWorkDir("peers", async (dir) => {
    const billet = await measureBillet(dir);
    const prism = await measurePrism(dir);
    const betterAuth = await measureBetterAuth(dir);
    const all: [string, Pair][] = [
      ["billet (service mode, SQLite, argon2id)", billet],
      ["Prism 5.14.2 mock (shape only)", prism],
      ["better-auth 1.7.25 (better-sqlite3, scrypt)", betterAuth],
    ];
    const rows = all.flatMap(([name, pair]) => [
      { label: `${name}: session check`, result: pair.check, ...(pair.note ? { note: pair.note } : {}) },
      { label: `${name}: login`, result: pair.login, ...(pair.note ? { note: pair.note } : {}) },
    ]);
    const ratios: Ratio[] = [];
    for (const [name, pair] of all.slice(1)) {
      if (pair.check && billet.check)
        ratios.push(context(`billet / ${name}, session check`, billet.check.rps / pair.check.rps));
      if (pair.login && billet.login)
        ratios.push(context(`billet / ${name}, login`, billet.login.rps / pair.login.rps));
    }
    return {
      title: "Peers",
      table: loadTable(rows),
      ratios,
      notes: [
        `Session checks: ${settings.connections} connections; logins: ${settings.loginConnections} connections, each as its own user. Prism's log at \`error\` (its per-request logging is heavy); better-auth's rate limit off (it is per IP, and all the load comes from one), its logger off.`,
        "Not like for like: Prism checks the request's shape and returns the example (no store, no hashing); better-auth hashes with scrypt (its default), billet with argon2id at 19 MiB, so its login figure is not a ratio of the same work. No targets: context only.",
        ...rows.flatMap((row) => (row.result ? validityNote(row.label, row.result) : [])),
      ],
    };
  });
}

if (isMain(import.meta.url)) printSection(await run());
