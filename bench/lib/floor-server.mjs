// The floor: what a session check must do, written as directly as Node allows, over the same
// seeded SQLite file billet reads. One synchronous function per request on bare node:http: the
// two SHA-256 digests, the session epoch read (billet's prepared statement), the session from a
// Map loaded at start (what billet's cache holds), the devKey hash compared in constant time,
// the idle deadline slid, the hourly budget counted and an in-flight slot taken and given back
// (in memory, as billet's SQLite limits are), one pino request line on standard output
// (asynchronous, as billet's), and the session check's JSON answer. No framework, no promise, no
// hook: the difference to bare node:http is the work itself, and billet's difference to this is
// what its structure costs.
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import Database from "better-sqlite3";
import pino from "pino";

const IDLE_MS = 35 * 60_000;
const HOURLY = 20_000;
const IN_FLIGHT = 3;

const db = new Database(process.env.DATABASE_FILE, { readonly: false });
db.pragma("journal_mode = WAL");
const epoch = db.prepare("select value from session_epoch where id = 1").pluck();
const sessions = new Map();
for (const row of db
  .prepare(
    `select s.token_hash, s.user_id, s.organization_id, s.trusted, k.key_hash
       from sessions s join dev_keys k on k.id = s.dev_key_id`,
  )
  .all()) {
  sessions.set(row.token_hash, {
    devKeyHash: Buffer.from(row.key_hash, "hex"),
    userId: row.user_id,
    organizationId: row.organization_id,
    trusted: row.trusted === 1,
    lastActive: Date.now(),
  });
}
const log = pino({ base: undefined }, pino.destination({ dest: 1, sync: false }));
const hourly = new Map();
const inFlight = new Map();
let requestId = 0;

function refuse(response, status, code) {
  const body = JSON.stringify([{ code, message: "refused" }]);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": body.length,
  });
  response.end(body);
}

const server = createServer((request, response) => {
  const started = performance.now();
  request.resume();
  const devKey = request.headers.devkey;
  const sessionId = request.headers.sessionid;
  if (typeof devKey !== "string" || typeof sessionId !== "string") return refuse(response, 400, "BDC_1108");
  const tokenHash = createHash("sha256").update(sessionId).digest("hex");
  const keyHash = createHash("sha256").update(devKey).digest();
  epoch.get();
  const session = sessions.get(tokenHash);
  const now = Date.now();
  if (!session || !timingSafeEqual(session.devKeyHash, keyHash) || now - session.lastActive > IDLE_MS)
    return refuse(response, 401, "BDC_1109");
  session.lastActive = now;
  const hourKey = `${session.organizationId}:${Math.floor(now / 3_600_000)}`;
  const spent = (hourly.get(hourKey) ?? 0) + 1;
  hourly.set(hourKey, spent);
  const slotKey = session.organizationId;
  const held = inFlight.get(slotKey) ?? 0;
  if (spent > HOURLY || held >= IN_FLIGHT) return refuse(response, 422, "BDC_1322");
  inFlight.set(slotKey, held + 1);
  const body = JSON.stringify({
    organizationId: session.organizationId,
    userId: session.userId,
    mfaStatus: "DISABLED",
    mfaBypass: false,
    trusted: session.trusted,
  });
  inFlight.set(slotKey, held);
  response.writeHead(200, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "x-request-id": String(++requestId),
  });
  response.end(body);
  log.info(
    {
      reqId: requestId,
      method: request.method,
      route: "/connect/v3/login/session",
      path: request.url.split("?", 1)[0],
      status: 200,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    },
    "request",
  );
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.stderr.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
