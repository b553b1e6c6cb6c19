/**
 * Crash: a real `billet serve` process on an SQLite file is put under load (logins, session
 * checks, logouts, API and operator creates in parallel) and killed with SIGKILL while requests
 * are in flight, then restarted on the same file, several times. What was acknowledged must
 * still be there: every session whose login answered 200 works (unless its logout answered
 * 200: then it stays dead), every organization, user and developer key created with a 2xx
 * exists and works, and the file passes `PRAGMA integrity_check`.
 *
 * Session activity is buffered in memory (BILLET_SESSION_FLUSH_MS), which a crash may lose:
 * that only makes idle expiry earlier, and no session here gets near its 35 minutes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import {
  type HttpClient,
  httpClient,
  OPERATOR_TOKEN,
  operatorApi,
  type SeededAccount,
  type ServerProcess,
  seedAccount,
  spawnServer,
} from "./serve-process.ts";

const CYCLES = Number(process.env.BILLET_CRASH_CYCLES || 3);
/** Acknowledged logins per cycle before the kill (or the cycle's deadline, whichever is first). */
const LOGINS_BEFORE_KILL = Number(process.env.BILLET_CRASH_LOGINS || 300);
const ACCOUNTS = 10;
/** The in-flight limit is 3 per (devKey, organization): at most 3 workers per account. */
const WORKERS_PER_ACCOUNT = 3;
/** Hourly login budget raised: a few thousand logins per devKey in a minute is the point here. */
const SERVE_ARGS = ["--hourly-login-limit", "1000000", "--ip-failure-limit", "0"];

const servers: ServerProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const server of servers) await server.kill9();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function integrityCheck(database: string): string {
  // Read-write, as the server opens it: opening replays the WAL the crash left behind.
  const db = new Sqlite(database);
  try {
    return String(db.pragma("integrity_check", { simple: true }));
  } finally {
    db.close();
  }
}

interface Ledger {
  /** sessionId → its account: logins that answered 200. */
  sessions: Map<string, SeededAccount>;
  /** Logouts that answered 200. */
  loggedOut: Set<string>;
  /** Logouts sent but never answered (the crash came first): either outcome is right. */
  uncertain: Set<string>;
  organizations: string[];
  users: { organizationId: string; username: string; password: string }[];
  devKeys: { id: string; key: string }[];
  apiUsers: { account: SeededAccount; userId: string; email: string }[];
}

const loginBody = (a: { username: string; password: string; organizationId: string; devKey: string }) =>
  JSON.stringify({
    username: a.username,
    password: a.password,
    organizationId: a.organizationId,
    devKey: a.devKey,
  });

const json = { "content-type": "application/json" };

describe("crash (kill -9 under load)", () => {
  it(`keeps everything acknowledged and a sound database over ${CYCLES} crashes`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "billet-crash-"));
    dirs.push(dir);
    const database = join(dir, "billet.db");
    let server = await spawnServer({ database, dir, label: "start-0", args: SERVE_ARGS });
    servers.push(server);
    let http: HttpClient = httpClient(server.url);
    const operator0 = operatorApi(http);
    const accounts: SeededAccount[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      accounts.push(await seedAccount(operator0, `crash${i}`, `crash-password-${i}-Xq8!`));
    }
    const ledger: Ledger = {
      sessions: new Map(),
      loggedOut: new Set(),
      uncertain: new Set(),
      organizations: [],
      users: [],
      devKeys: [],
      apiUsers: [],
    };
    const report: Record<string, number>[] = [];
    let serial = 0;

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const counts = { requests: 0, fiveXx: 0, unexpected: 0, inFlightRefused: 0, unanswered: 0, logins: 0 };
      const unexpected: string[] = [];
      let stopped = false;
      let inFlight = 0;
      const client = http;
      /** Sends one request; undefined when the server never answered (it was killed). */
      const send = async (spec: Parameters<HttpClient["request"]>[0]) => {
        inFlight += 1;
        counts.requests += 1;
        try {
          const answer = await client.request(spec);
          if (answer.status >= 500) counts.fiveXx += 1;
          return answer;
        } catch {
          counts.unanswered += 1;
          stopped = true;
          return undefined;
        } finally {
          inFlight -= 1;
        }
      };
      const expectOk = (what: string, answer: { status: number; text: string }) => {
        if (answer.status === 200) return true;
        if (answer.status === 422 && answer.text.includes("BDC_1322")) counts.inFlightRefused += 1;
        else {
          counts.unexpected += 1;
          unexpected.push(`${what}: ${answer.status} ${answer.text.slice(0, 200)}`);
        }
        return false;
      };

      const sessionWorker = async (account: SeededAccount, role: number) => {
        while (!stopped) {
          const login = await send({
            method: "POST",
            path: "/connect/v3/login",
            headers: json,
            body: loginBody(account),
          });
          if (!login) return;
          if (!expectOk("login", login)) continue;
          const { sessionId } = login.json as { sessionId: string };
          ledger.sessions.set(sessionId, account);
          counts.logins += 1;
          const auth = { devKey: account.devKey, sessionId };
          const check = await send({ method: "GET", path: "/connect/v3/login/session", headers: auth });
          if (!check) return;
          expectOk("session check", check);
          if (role === 0) {
            // An administrator creates a user through the API (a durable create with a 2xx).
            serial += 1;
            const email = `api${serial}.${cycle}@resilience.test`;
            const created = await send({
              method: "POST",
              path: "/connect/v3/users",
              headers: { ...auth, ...json },
              body: JSON.stringify({
                firstName: "Api",
                lastName: `U${serial}`,
                email,
                acceptTermsOfService: true,
              }),
            });
            if (!created) return;
            if (expectOk("create user", created)) {
              ledger.apiUsers.push({ account, userId: (created.json as { id: string }).id, email });
            }
          }
          if (role === 1) {
            ledger.uncertain.add(sessionId);
            const logout = await send({ method: "POST", path: "/connect/v3/logout", headers: auth });
            if (!logout) return;
            ledger.uncertain.delete(sessionId);
            if (expectOk("logout", logout)) ledger.loggedOut.add(sessionId);
          }
        }
      };

      const operatorWorker = async () => {
        const call = (path: string, body: unknown) =>
          send({
            method: "POST",
            path: `/operator/v1${path}`,
            headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, ...json },
            body: JSON.stringify(body),
          });
        while (!stopped) {
          serial += 1;
          const n = serial;
          const organization = await call("/organizations", { name: `Made ${n}` });
          if (!organization) return;
          if (!expectOk("operator org", organization)) continue;
          const organizationId = (organization.json as { id: string }).id;
          ledger.organizations.push(organizationId);
          const username = `op${n}.${cycle}@resilience.test`;
          const password = `op-password-${n}-Zr4#`;
          const user = await call("/users", { organizationId, email: username, password });
          if (!user) return;
          if (expectOk("operator user", user)) ledger.users.push({ organizationId, username, password });
          const devKey = await call("/devkeys", { name: `made ${n}` });
          if (!devKey) return;
          if (expectOk("operator devkey", devKey))
            ledger.devKeys.push(devKey.json as { id: string; key: string });
        }
      };

      const workers = [
        ...accounts.flatMap((account) =>
          Array.from({ length: WORKERS_PER_ACCOUNT }, (_, role) => sessionWorker(account, role)),
        ),
        operatorWorker(),
        operatorWorker(),
      ];
      // Load until enough logins were acknowledged (bounded), then the kill, mid-load.
      const deadline = Date.now() + 20_000;
      while (counts.logins < LOGINS_BEFORE_KILL && Date.now() < deadline && !stopped) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const inFlightAtKill = inFlight;
      const exit = await server.kill9();
      expect(exit.signal).toBe("SIGKILL");
      await Promise.all(workers);
      client.close();
      report.push({ cycle, ...counts, inFlightAtKill });
      expect(unexpected, unexpected.join("\n")).toEqual([]);
      expect(counts.fiveXx).toBe(0);
      // It really was killed under load: requests were in flight and went unanswered.
      expect(inFlightAtKill).toBeGreaterThan(0);
      expect(counts.unanswered).toBeGreaterThan(0);
      expect(counts.logins).toBeGreaterThanOrEqual(Math.min(LOGINS_BEFORE_KILL, 50));

      expect(integrityCheck(database)).toBe("ok");

      server = await spawnServer({ database, dir, label: `start-${cycle + 1}`, args: SERVE_ARGS });
      servers.push(server);
      http = httpClient(server.url);
      await verify(http, ledger, accounts);
    }

    const stopped = await server.stop();
    expect(stopped.code).toBe(0);
    expect(integrityCheck(database)).toBe("ok");
    http.close();
    console.log(
      `crash: ${CYCLES} kill -9 cycles\n${report.map((r) => JSON.stringify(r)).join("\n")}\n` +
        `acknowledged: ${ledger.sessions.size} sessions (${ledger.loggedOut.size} logged out, ` +
        `${ledger.uncertain.size} logouts unanswered), ${ledger.organizations.length} organizations, ` +
        `${ledger.users.length} users and ${ledger.devKeys.length} devKeys (operator API), ` +
        `${ledger.apiUsers.length} users (POST /v3/users)`,
    );
  }, 300_000);
});

/** Everything the ledger says was acknowledged is there after the restart. */
async function verify(http: HttpClient, ledger: Ledger, accounts: SeededAccount[]) {
  const failures: string[] = [];
  const operator = operatorApi(http);
  // Sessions, at most 3 at a time per account (the in-flight limit), accounts in parallel.
  const byAccount = new Map<SeededAccount, string[]>();
  for (const [sessionId, account] of ledger.sessions) {
    if (ledger.uncertain.has(sessionId)) continue;
    byAccount.set(account, [...(byAccount.get(account) ?? []), sessionId]);
  }
  let alive = 0;
  let dead = 0;
  await Promise.all(
    [...byAccount].flatMap(([account, sessions]) =>
      [0, 1, 2].map(async (lane) => {
        for (let i = lane; i < sessions.length; i += 3) {
          const sessionId = sessions[i]!;
          const answer = await http.request({
            method: "GET",
            path: "/connect/v3/login/session",
            headers: { devKey: account.devKey, sessionId },
          });
          if (ledger.loggedOut.has(sessionId)) {
            dead += 1;
            if (answer.status !== 401 || !answer.text.includes("BDC_1109"))
              failures.push(`logged-out session answered ${answer.status}`);
          } else {
            alive += 1;
            if (answer.status !== 200)
              failures.push(`acknowledged session answered ${answer.status} ${answer.text}`);
          }
        }
      }),
    ),
  );
  expect(alive).toBeGreaterThan(0);
  expect(dead).toBeGreaterThan(0);

  const organizations = new Set(
    (await operator.call<{ results: { id: string }[] }>("GET", "/organizations")).results.map((o) => o.id),
  );
  for (const id of ledger.organizations) if (!organizations.has(id)) failures.push(`organization ${id} lost`);
  const devKeys = new Map(
    (await operator.call<{ results: { id: string; active: boolean }[] }>("GET", "/devkeys")).results.map(
      (k) => [k.id, k],
    ),
  );
  for (const { id } of ledger.devKeys) if (!devKeys.get(id)?.active) failures.push(`devKey ${id} lost`);

  // Operator-made users log in with their password, through a developer key made the same way.
  const devKey = ledger.devKeys.at(-1)?.key ?? accounts[0]!.devKey;
  for (const user of ledger.users) {
    const login = await http.request({
      method: "POST",
      path: "/connect/v3/login",
      headers: json,
      body: loginBody({ ...user, devKey }),
    });
    if (login.status !== 200)
      failures.push(`user ${user.username} cannot log in: ${login.status} ${login.text}`);
  }
  // API-made users are visible to their organization's administrator.
  for (const account of accounts) {
    const mine = ledger.apiUsers.filter((u) => u.account === account);
    if (mine.length === 0) continue;
    const login = await http.request({
      method: "POST",
      path: "/connect/v3/login",
      headers: json,
      body: loginBody(account),
    });
    const { sessionId } = login.json as { sessionId: string };
    for (const user of mine) {
      const answer = await http.request({
        method: "GET",
        path: `/connect/v3/users/${user.userId}`,
        headers: { devKey: account.devKey, sessionId },
      });
      if (answer.status !== 200 || (answer.json as { email?: string }).email !== user.email)
        failures.push(`API user ${user.userId} lost: ${answer.status}`);
    }
  }
  expect(failures.slice(0, 20), `${failures.length} failures`).toEqual([]);
}
