/**
 * Soak: BILLET_SOAK_SECONDS (60 by default) of mixed traffic at BILLET_SOAK_CONNECTIONS (200)
 * concurrent connections against a real `billet serve` process: logins, session checks, reads,
 * logouts, MFA setups, challenges, remembered devices and step-ups, and bad requests of every
 * kind (malformed JSON, wrong content type, unknown devKey, another account's devKey, bad
 * session, missing header, oversized body, unknown path, wrong method, wrong password, a
 * client that goes away mid-request). Then:
 *  - no 5xx, and every answer is the one its request must get (BDC_1322 counted, allowed);
 *  - no request slot leaked: every devKey's in-flight count is back to 0 (operator API);
 *  - resident memory after warm-up does not grow by 10% or more (the median of the last third
 *    of the run against the highest sample of the second third: see below why);
 *  - the secret scan: nothing the server wrote (logs, database file, WAL, operator request log
 *    and audit log) holds a password, session id, devKey, rememberMeId or the operator token,
 *    and no MFA token appears outside the outbox; with a positive control.
 *
 * Limits: the in-flight limit stays at its default (3 per devKey and organization), with 4
 * workers per account so that it does refuse some requests; the hourly budgets are raised with
 * the serve flags (a few thousand requests per devKey per minute are the point here), the
 * per-IP failed-login limit is off (all traffic comes from 127.0.0.1) and the MFA send limit
 * and wrong-token cap are off (BILLET_MFA_SENDS_PER_MINUTE=0, BILLET_MFA_FAILURE_LIMIT=0).
 * argon2id runs with cheap parameters, as in every test.
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newSecrets, scanDatabase, scanFile, scanText, summarize } from "./secret-scan.ts";
import {
  type Answer,
  type HttpClient,
  httpClient,
  median,
  OPERATOR_TOKEN,
  operatorApi,
  type RequestSpec,
  type SeededAccount,
  type ServerProcess,
  seedAccount,
  spawnServer,
} from "./serve-process.ts";

const SECONDS = Number(process.env.BILLET_SOAK_SECONDS || 60);
const CONNECTIONS = Number(process.env.BILLET_SOAK_CONNECTIONS || 200);
const MFA_WORKERS = 10;
const WORKERS_PER_ACCOUNT = 4;
const SERVE_ARGS = [
  "--hourly-request-limit",
  "100000000",
  "--hourly-login-limit",
  "100000000",
  "--ip-failure-limit",
  "0",
];
// Each MFA round sends one wrong token on purpose; the 24-hour wrong-token cap would refuse an
// account's challenges after 20 rounds, so it is off here like the send limit.
const SERVE_ENV = { BILLET_MFA_SENDS_PER_MINUTE: "0", BILLET_MFA_FAILURE_LIMIT: "0" };
const DEVICE = "soak-device";

const json = { "content-type": "application/json" };
const password = (tag: string) => `soak-password-${tag}-${randomBytes(18).toString("base64url")}`;
const loginBody = (a: SeededAccount, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    username: a.username,
    password: a.password,
    organizationId: a.organizationId,
    devKey: a.devKey,
    ...extra,
  });
const codeOf = (answer: Answer) =>
  Array.isArray(answer.json) ? String((answer.json[0] as { code?: string }).code) : "";

type Kind =
  | "login"
  | "check"
  | "logout"
  | "read"
  | "malformed"
  | "contentType"
  | "unknownDevKey"
  | "otherDevKey"
  | "badSession"
  | "missingHeader"
  | "oversized"
  | "unknownPath"
  | "wrongMethod"
  | "wrongPassword"
  | "abort"
  | "mfa"
  | "wrongToken";

const MIX: [Kind, number][] = [
  ["check", 30],
  ["login", 10],
  ["logout", 6],
  ["read", 14],
  ["malformed", 4],
  ["contentType", 4],
  ["unknownDevKey", 4],
  ["otherDevKey", 4],
  ["badSession", 4],
  ["missingHeader", 4],
  ["oversized", 2],
  ["unknownPath", 3],
  ["wrongMethod", 3],
  ["wrongPassword", 2],
  ["abort", 1],
];
const TOTAL_WEIGHT = MIX.reduce((sum, [, w]) => sum + w, 0);
function pick(): Kind {
  let r = Math.random() * TOTAL_WEIGHT;
  for (const [kind, weight] of MIX) {
    r -= weight;
    if (r < 0) return kind;
  }
  return "check";
}

/** The answers each kind of request may get ("STATUS CODE"; 200 has no code). */
const BUSY = "422 BDC_1322";
const ALLOWED: Record<Kind, string[]> = {
  login: ["200 ", BUSY],
  check: ["200 ", BUSY],
  logout: ["200 ", BUSY],
  read: ["200 ", BUSY],
  mfa: ["200 "],
  malformed: ["400 BDC_1122"],
  contentType: ["415 BDC_1122"],
  unknownDevKey: ["401 BDC_1102"],
  otherDevKey: ["401 BDC_1109"],
  badSession: ["401 BDC_1109"],
  missingHeader: ["400 BDC_1108"],
  oversized: ["413 BDC_9007"],
  unknownPath: ["404 BDC_1121"],
  wrongMethod: ["405 BDC_1121"],
  wrongPassword: ["401 BDC_1101", "401 BDC_1110", BUSY],
  abort: [],
  wrongToken: ["400 BDC_9002"],
};

describe(`soak (${SECONDS} s at ${CONNECTIONS} connections)`, () => {
  let dir: string;
  let database: string;
  let server: ServerProcess;
  let http: HttpClient;
  const secrets = newSecrets();
  const accounts: SeededAccount[] = [];
  const mfaAccounts: SeededAccount[] = [];
  let victim: SeededAccount;
  let trafficDone = false;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "billet-soak-"));
    database = join(dir, "billet.db");
    server = await spawnServer({ database, dir, label: "soak", args: SERVE_ARGS, env: SERVE_ENV });
    http = httpClient(server.url, CONNECTIONS + 16);
    const operator = operatorApi(http);
    const general = Math.ceil((CONNECTIONS - MFA_WORKERS) / WORKERS_PER_ACCOUNT);
    const seed = async (tag: string) => {
      const account = await seedAccount(operator, tag, password(tag));
      secrets.long.add(account.password);
      secrets.long.add(account.devKey);
      return account;
    };
    for (let i = 0; i < general; i++) accounts.push(await seed(`soak${i}`));
    for (let i = 0; i < MFA_WORKERS; i++) mfaAccounts.push(await seed(`mfa${i}`));
    victim = await seed("victim");
    secrets.long.add(OPERATOR_TOKEN);
  });

  afterAll(async () => {
    http?.close();
    await server?.kill9();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("answers everything right, leaks no request slot and keeps its memory flat", async () => {
    const stats = new Map<Kind, Map<string, number>>();
    const unexpected: string[] = [];
    let requests = 0;
    let fiveXx = 0;
    let connectionErrors = 0;
    const note = (kind: Kind, answer: Answer) => {
      requests += 1;
      if (answer.status >= 500) fiveXx += 1;
      const key = `${answer.status} ${answer.status === 200 ? "" : codeOf(answer)}`;
      const byKind = stats.get(kind) ?? new Map<string, number>();
      byKind.set(key, (byKind.get(key) ?? 0) + 1);
      stats.set(kind, byKind);
      if (!ALLOWED[kind].includes(key) && unexpected.length < 50)
        unexpected.push(`${kind}: ${answer.status} ${answer.text.slice(0, 200)}`);
      return answer;
    };
    const send = async (kind: Kind, spec: RequestSpec): Promise<Answer | undefined> => {
      try {
        return note(kind, await http.request(spec));
      } catch (error) {
        connectionErrors += 1;
        if (unexpected.length < 50) unexpected.push(`${kind}: ${(error as Error).message}`);
        return undefined;
      }
    };

    const started = Date.now();
    const endAt = started + SECONDS * 1000;
    const running = () => Date.now() < endAt;
    const rss: { at: number; kib: number }[] = [];
    const sampler = setInterval(() => rss.push({ at: Date.now() - started, kib: server.rssKib() }), 500);

    const login = async (kind: Kind, account: SeededAccount, extra: Record<string, unknown> = {}) => {
      const answer = await send(kind, {
        method: "POST",
        path: "/connect/v3/login",
        headers: json,
        body: loginBody(account, extra),
      });
      if (answer?.status !== 200) return undefined;
      const body = answer.json as { sessionId: string; trusted: boolean };
      secrets.long.add(body.sessionId);
      return body;
    };

    /** A client that sends a whole request and goes away without reading the answer. */
    const abort = (account: SeededAccount, sessionId: string) =>
      new Promise<void>((resolve) => {
        const { hostname, port } = new URL(server.url);
        const socket = connect(Number(port), hostname, () => {
          socket.write(
            `GET /connect/v3/login/session HTTP/1.1\r\nHost: ${hostname}\r\ndevKey: ${account.devKey}\r\n` +
              `sessionId: ${sessionId}\r\n\r\n`,
            () => {
              socket.destroy();
              resolve();
            },
          );
        });
        socket.on("error", () => resolve());
        requests += 1;
      });

    const generalWorker = async (account: SeededAccount, other: SeededAccount) => {
      let session: string | undefined;
      while (running()) {
        const kind = pick();
        const needsSession = ["check", "logout", "read", "otherDevKey", "abort"].includes(kind);
        if (needsSession && !session) {
          session = (await login("login", account))?.sessionId;
          if (!session) continue;
        }
        const auth = { devKey: account.devKey, sessionId: session ?? "" };
        switch (kind) {
          case "login": {
            const fresh = await login("login", account);
            if (fresh && session) {
              const out = await send("logout", { method: "POST", path: "/connect/v3/logout", headers: auth });
              if (out?.status === 200) session = undefined;
            }
            session = fresh?.sessionId ?? session;
            break;
          }
          case "check":
            await send(kind, { method: "GET", path: "/connect/v3/login/session", headers: auth });
            break;
          case "logout": {
            const out = await send(kind, { method: "POST", path: "/connect/v3/logout", headers: auth });
            if (out?.status === 200) session = undefined;
            break;
          }
          case "read": {
            const path = [
              "/connect/v3/users?max=5",
              "/connect/v3/roles",
              `/connect/v3/organizations/${account.organizationId}`,
            ][Math.floor(Math.random() * 3)]!;
            await send(kind, { method: "GET", path, headers: auth });
            break;
          }
          case "malformed":
            await send(kind, {
              method: "POST",
              path: "/connect/v3/login",
              headers: json,
              body: '{"username":',
            });
            break;
          case "contentType":
            await send(kind, {
              method: "POST",
              path: "/connect/v3/login",
              headers: { "content-type": "text/plain" },
              body: loginBody(account),
            });
            break;
          case "unknownDevKey":
            await send(kind, {
              method: "POST",
              path: "/connect/v3/login",
              headers: json,
              body: loginBody(account, { devKey: `unknown-${randomBytes(8).toString("hex")}` }),
            });
            break;
          case "otherDevKey":
            await send(kind, {
              method: "GET",
              path: "/connect/v3/login/session",
              headers: { ...auth, devKey: other.devKey },
            });
            break;
          case "badSession":
            await send(kind, {
              method: "GET",
              path: "/connect/v3/login/session",
              headers: { devKey: account.devKey, sessionId: randomBytes(32).toString("base64url") },
            });
            break;
          case "missingHeader":
            await send(kind, {
              method: "GET",
              path: "/connect/v3/login/session",
              headers: { devKey: account.devKey },
            });
            break;
          case "oversized":
            await send(kind, {
              method: "POST",
              path: "/connect/v3/login",
              headers: json,
              body: JSON.stringify({ username: "x".repeat(70 * 1024) }),
              fresh: true,
            });
            break;
          case "unknownPath":
            await send(kind, { method: "GET", path: "/connect/v3/nothing-here", headers: auth });
            break;
          case "wrongMethod":
            await send(kind, { method: "DELETE", path: "/connect/v3/login", headers: auth });
            break;
          case "wrongPassword":
            await send(kind, {
              method: "POST",
              path: "/connect/v3/login",
              headers: json,
              body: loginBody(victim, { password: `wrong-${victim.password}` }),
            });
            break;
          case "abort":
            await abort(account, session!);
            break;
          case "mfa":
            break;
        }
      }
      if (session)
        await send("logout", {
          method: "POST",
          path: "/connect/v3/logout",
          headers: { devKey: account.devKey, sessionId: session },
        });
    };

    const operator = operatorApi(http);
    const latestToken = async (phone: string) => {
      const { results } = await operator.call<{ results: { text: string }[] }>(
        "GET",
        `/outbox?to=${encodeURIComponent(phone)}&limit=1`,
      );
      const token = /\b(\d{6})\b/.exec(results[0]?.text ?? "")?.[1];
      if (!token) throw new Error(`no token for ${phone}`);
      secrets.mfaTokens.add(token);
      return token;
    };
    let mfaRounds = 0;
    const mfaWorker = async (account: SeededAccount, phone: string) => {
      const post = (path: string, sessionId: string, body: unknown) =>
        send("mfa", {
          method: "POST",
          path: `/connect/v3/mfa${path}`,
          headers: { ...json, devKey: account.devKey, sessionId },
          body: JSON.stringify(body),
        });
      let verified = false;
      while (running()) {
        const session = await login("mfa", account);
        if (!session) continue;
        const sid = session.sessionId;
        if (!verified) {
          const setup = await post("/setup", sid, { phone, type: "TEXT" });
          if (setup?.status !== 200) continue;
          const { setupId } = setup.json as { setupId: string };
          const ok = await post("/setup/validate", sid, {
            setupId,
            type: "TEXT",
            token: await latestToken(phone),
          });
          verified = ok?.status === 200;
          continue;
        }
        const challenge = await post("/challenge", sid, {});
        if (challenge?.status !== 200) continue;
        const { challengeId } = challenge.json as { challengeId: string };
        const token = await latestToken(phone);
        const wrong = String((Number(token) + 1) % 1_000_000).padStart(6, "0");
        await send("wrongToken", {
          method: "POST",
          path: "/connect/v3/mfa/challenge/validate",
          headers: { ...json, devKey: account.devKey, sessionId: sid },
          body: JSON.stringify({ challengeId, token: wrong }),
        });
        const passed = await post("/challenge/validate", sid, {
          challengeId,
          token,
          rememberMe: true,
          device: DEVICE,
        });
        if (passed?.status !== 200) continue;
        const { rememberMeId } = passed.json as { rememberMeId: string };
        secrets.long.add(rememberMeId);
        const remembered = await login("mfa", account, { rememberMeId, device: DEVICE });
        if (remembered && !remembered.trusted) unexpected.push("remembered login not trusted");
        const plain = await login("mfa", account);
        if (plain) {
          const stepUp = await post("/step-up", plain.sessionId, { rememberMeId, device: DEVICE });
          if (stepUp && (stepUp.json as { trusted?: boolean }).trusted !== true)
            unexpected.push("step-up not trusted");
        }
        for (const s of [sid, remembered?.sessionId, plain?.sessionId]) {
          if (s)
            await send("mfa", {
              method: "POST",
              path: "/connect/v3/logout",
              headers: { devKey: account.devKey, sessionId: s },
            });
        }
        mfaRounds += 1;
      }
    };

    const workers: Promise<void>[] = [];
    for (let i = 0; i < CONNECTIONS - MFA_WORKERS; i++) {
      const account = accounts[i % accounts.length]!;
      workers.push(generalWorker(account, accounts[(i + 1) % accounts.length]!));
    }
    mfaAccounts.forEach((account, i) => {
      workers.push(mfaWorker(account, `+1555020${String(i).padStart(4, "0")}`));
    });
    await Promise.all(workers);
    clearInterval(sampler);
    // The scan below reads what this traffic left, whatever the assertions here find.
    trafficDone = true;
    const elapsed = (Date.now() - started) / 1000;

    // No slot held: every devKey's requests in flight are back to 0 (a client that went away
    // is noticed a moment later, so poll with a deadline).
    const devKeyIds = [...accounts, ...mfaAccounts, victim].map((a) => a.devKeyId);
    const held = async () => {
      let total = 0;
      for (const id of devKeyIds) {
        const { inFlight } = await operator.limits(id);
        for (const o of inFlight?.organizations ?? []) total += o.held;
      }
      return total;
    };
    let leaked = await held();
    for (let i = 0; leaked > 0 && i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      leaked = await held();
    }
    expect((await http.request({ method: "GET", path: "/health/ready" })).status).toBe(200);

    // Memory. The heap grows for the first 15–20 s (how long depends on the request rate);
    // after that, RSS is a GC saw-tooth of 50–80 MiB on about 250 MiB, with a period of tens of
    // seconds and no trend (a 180 s run here: 200–290 MiB throughout, ending at 261). Medians of
    // windows of a 60 s run therefore differ by −10% to +24% from run to run with no leak at all,
    // depending on where the teeth fall. So the assertion is: the level at the end (median of
    // the last third) stays within 10% of the highest level seen after warm-up (the second
    // third): a leak pushes the whole saw-tooth up, past its earlier peaks. The median-to-median
    // growth is reported too. A leak smaller than the saw-tooth needs a longer run to show
    // (BILLET_SOAK_SECONDS=600).
    const third = (SECONDS * 1000) / 3;
    const early = rss.filter((s) => s.at >= third && s.at < 2 * third).map((s) => s.kib);
    const late = rss.filter((s) => s.at >= 2 * third).map((s) => s.kib);
    const growth = median(late) / Math.max(...early) - 1;
    const medianGrowth = median(late) / median(early) - 1;
    const range = (values: number[]) => `${Math.min(...values)}–${Math.max(...values)}`;

    const byKind = Object.fromEntries([...stats].map(([kind, m]) => [kind, Object.fromEntries(m)]));
    const busy = [...stats.values()].reduce((sum, m) => sum + (m.get(BUSY) ?? 0), 0);
    console.log(
      [
        `soak: ${requests} requests in ${elapsed.toFixed(1)} s (${Math.round(requests / elapsed)}/s) at ${CONNECTIONS} connections, ` +
          `${accounts.length} accounts (+${mfaAccounts.length} MFA, 1 victim), ${mfaRounds} MFA rounds`,
        `5xx: ${fiveXx}, BDC_1322: ${busy}, connection errors: ${connectionErrors}, slots held at the end: ${leaked}`,
        `RSS (KiB): start ${rss[0]?.kib}; second third (${early.length} samples): median ${median(early)}, ` +
          `range ${range(early)}; last third (${late.length}): median ${median(late)}, range ${range(late)}; ` +
          `end level against the highest after warm-up ${(growth * 100).toFixed(1)}%, ` +
          `median to median ${(medianGrowth * 100).toFixed(1)}%`,
        `RSS every 5 s (MiB): ${rss
          .filter((_, i) => i % 10 === 0)
          .map((s) => Math.round(s.kib / 1024))
          .join(" ")}`,
        `secrets collected: ${secrets.long.size} long, ${secrets.mfaTokens.size} MFA tokens`,
        `answers by kind: ${JSON.stringify(byKind)}`,
      ].join("\n"),
    );
    expect(unexpected, unexpected.join("\n")).toEqual([]);
    expect(fiveXx).toBe(0);
    expect(connectionErrors).toBe(0);
    expect(leaked).toBe(0);
    expect(early.length).toBeGreaterThanOrEqual(3);
    expect(late.length).toBeGreaterThanOrEqual(3);
    expect(growth).toBeLessThan(0.1);
    // Every kind of request was sent, and MFA really ran.
    for (const kind of [...MIX.map(([k]) => k), "mfa", "wrongToken"] as Kind[])
      if (kind !== "abort") expect(stats.get(kind), kind).toBeDefined();
    expect(mfaRounds).toBeGreaterThan(0);
  });

  it("wrote no secret anywhere (logs, database, WAL, request and audit logs), MFA tokens only in the outbox", async () => {
    expect(trafficDone, "the soak ran").toBe(true);
    expect(secrets.mfaTokens.size).toBeGreaterThan(0);
    const operator = operatorApi(http);
    const findings = [];
    // What the operator API shows of the running server: its in-memory request log, the audit log.
    for (const path of ["/requests?limit=1000", "/audit?limit=1000"]) {
      const answer = await http.request({
        method: "GET",
        path: `/operator/v1${path}`,
        headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      });
      expect(answer.status, answer.text.slice(0, 200)).toBe(200);
      findings.push(...scanText(`operator ${path}`, answer.text, secrets));
    }
    // The outbox holds the MFA tokens (the spec delivers them there) and nothing else secret.
    const outbox = await operator.call<unknown>("GET", "/outbox?limit=1000");
    findings.push(...scanText("operator /outbox", JSON.stringify(outbox), secrets, { mfaAllowed: true }));
    // The files as they are while it runs (WAL included), copied.
    const live = join(dir, "live-copy");
    for (const suffix of ["", "-wal", "-shm"]) {
      if (existsSync(`${database}${suffix}`)) copyFileSync(`${database}${suffix}`, `${live}.db${suffix}`);
      findings.push(...scanFile(`${live}.db${suffix}`, secrets));
    }
    const stopped = await server.stop();
    expect(stopped.code).toBe(0);
    // After a clean stop: the database (bytes and every value), and everything it printed.
    findings.push(...scanDatabase(database, secrets));
    findings.push(...scanFile(server.stdoutFile, secrets));
    findings.push(
      ...scanText(server.stderrFile, String(scanFile(server.stderrFile, secrets).length), secrets),
    );
    for (const file of [server.stdoutFile, server.stderrFile]) {
      const { readFileSync } = await import("node:fs");
      findings.push(...scanText(file, readFileSync(file, "utf8"), secrets));
    }
    // Started with --no-demo: there is no demo-credentials.json (the one documented place a
    // secret is written, by the first start of a demo sandbox) and no operator-token file.
    expect(existsSync(join(dir, "demo-credentials.json"))).toBe(false);
    expect(existsSync(join(dir, "operator-token"))).toBe(false);
    expect(summarize(findings)).toEqual({});

    // Positive control: the same scan finds each kind of secret once it is there.
    const sessionId = [...secrets.long].find((s) => s.length === 43 && !s.startsWith("soak"))!;
    const token = [...secrets.mfaTokens][0]!;
    // The tokens really are in the outbox: only the allowance keeps them out of the findings.
    expect(scanDatabase(database, secrets, "no such table").some((f) => f.where === "outbox.text")).toBe(
      true,
    );
    const copy = join(dir, "control.db");
    copyFileSync(database, copy);
    const db = new Sqlite(copy);
    db.prepare("UPDATE organizations SET name = ? WHERE rowid = (SELECT min(rowid) FROM organizations)").run(
      `Acme ${sessionId}`,
    );
    db.prepare("UPDATE users SET first_name = ? WHERE rowid = (SELECT min(rowid) FROM users)").run(
      `code ${token}`,
    );
    db.close();
    const control = summarize(scanDatabase(copy, secrets));
    expect(control["organizations.name (long)"]).toBe(1);
    expect(control["users.first_name (mfa)"]).toBe(1);
    expect(Object.keys(control).some((where) => where.startsWith(copy))).toBe(true);
    const log = join(dir, "control.log");
    copyFileSync(server.stdoutFile, log);
    appendFileSync(
      log,
      `{"msg":"request","body":{"password":"${accounts[0]!.password}","token":"${token}"}}\n`,
    );
    expect(summarize(scanFile(log, secrets))).toEqual({ [`${log} (long)`]: 1 });
    expect(summarize(scanText("control.log", readFileSync(log, "utf8"), secrets))).toEqual({
      "control.log (long)": 1,
      "control.log (mfa)": 1,
    });
  });
});
