/**
 * Every configuration key, once: its Config property, environment variable, `billet serve`
 * flag, default, parser (with its range) and doc (the shape of a row: `setting.ts`).
 * `src/config.ts` derives the Config type, the defaults and the reading from it,
 * `cli/commands/serve.ts` its flags and their help, and `npm run docs:config` the README's
 * configuration table, rows in this order.
 *
 * `doc` and `defaultDoc` are Markdown, as the README shows them. Problems are listed in this
 * order too (PORT before BILLET_SESSION_IDLE_SECONDS before BILLET_DEMO before LOG_LEVEL, say).
 */
import { defaultRedisKeyPrefix } from "../stores/redis/redis-url.ts";
import {
  boolean,
  choice,
  databaseUrl,
  httpUrl,
  operatorToken,
  port,
  protectedOperations,
  redisKeyPrefix,
  redisUrl,
  text,
  trustProxy,
  wholeNumber,
} from "./parsers.ts";
import { derived, entriesOf, group, setting } from "./setting.ts";

const SECONDS_IN_A_YEAR = 31_536_000;
const LIMIT_MAX = 1_000_000_000;

export const SETTINGS = {
  mode: setting({
    env: "BILLET_MODE",
    flag: "--mode <mode>",
    parser: choice(["sandbox", "service"]),
    default: "sandbox",
    // A variable that expanded to nothing must not start a service as a sandbox.
    refuseEmpty: true,
    doc: "Mode: `sandbox` (demo, test clock, faults, warnings) or `service`",
  }),
  operatorToken: setting({
    env: "BILLET_OPERATOR_TOKEN",
    flag: "--operator-token <token>",
    flagNote: "prefer the environment: a flag shows in ps",
    parser: operatorToken(),
    default: undefined,
    doc: "Operator API token (32–256 printable characters)",
    defaultDoc: "sandbox: generated once; service: none (operator API off)",
  }),
  operatorFailureLimit: setting({
    env: "BILLET_OPERATOR_FAILURE_LIMIT",
    flag: "--operator-failure-limit <n>",
    parser: wholeNumber(0, LIMIT_MAX),
    default: 20,
    doc: "Failed operator authentications per client IP per window; past it every operator request from that IP answers 401 `BDC_1110` until the window ends (0 = off)",
  }),
  operatorFailureWindowSeconds: setting({
    env: "BILLET_OPERATOR_FAILURE_WINDOW_SECONDS",
    flag: "--operator-failure-window-seconds <n>",
    parser: wholeNumber(1, SECONDS_IN_A_YEAR),
    default: 15 * 60,
    doc: "The window of that count, seconds (fixed, from the first failure)",
  }),
  requestLogSize: setting({
    env: "BILLET_REQUEST_LOG_SIZE",
    parser: wholeNumber(0, 100_000),
    default: 1000,
    doc: "Requests kept for the operator's request log (0 = none)",
  }),
  port: setting({
    env: "PORT",
    flag: "--port <n>",
    parser: port(),
    default: 3000,
    doc: "TCP port (0 = any free port)",
  }),
  host: setting({
    env: "HOST",
    flag: "--host <host>",
    parser: text(),
    default: "127.0.0.1",
    doc: "Interface to bind",
  }),
  operatorPort: setting({
    env: "BILLET_OPERATOR_PORT",
    flag: "--operator-port <n>",
    parser: port(),
    default: null,
    doc: "Port of a separate operator listener (operator API, console, health; 0 = any free port); setting it or `BILLET_OPERATOR_HOST` starts that listener, and the public one answers 404 for the operator API and console",
    defaultDoc: "none (shared with `PORT`); `PORT` when only the host is set",
  }),
  operatorHost: setting({
    env: "BILLET_OPERATOR_HOST",
    flag: "--operator-host <host>",
    parser: text(),
    default: null,
    doc: "Interface of the operator listener",
    defaultDoc: "none (shared); `HOST` when only the port is set",
  }),
  databaseUrl: setting({
    env: "DATABASE_URL",
    flag: "--database <pathOrUrl>",
    parser: databaseUrl(),
    default: ".billet/billet.db",
    doc: "SQLite file (created with its folder), `:memory:`, or a PostgreSQL URL (see [Running several instances](#running-several-instances))",
  }),
  redisUrl: setting({
    env: "REDIS_URL",
    flag: "--redis-url <url>",
    flagNote:
      "prefer the environment when the URL has a password: a flag shows in ps; keys are prefixed by BILLET_REDIS_PREFIX",
    parser: redisUrl(),
    default: null,
    doc: "Redis for a fleet: session activity, limit counters, in-flight slots (PostgreSQL `DATABASE_URL` only; refused beside SQLite)",
  }),
  redisKeyPrefix: setting({
    env: "BILLET_REDIS_PREFIX",
    parser: redisKeyPrefix(),
    default: derived((config) => defaultRedisKeyPrefix(String(config.databaseUrl))),
    doc: "Prefix of every Redis key (letters, digits, `_ : . -`)",
    defaultDoc: "`billet:SCHEMA:` (`billet:public:` without `?schema=`)",
  }),
  lockoutsInDatabase: setting({
    env: "BILLET_LOCKOUTS_IN_DATABASE",
    parser: boolean(),
    default: false,
    doc: "With Redis: keep the lockout counters (failed logins and locks by username and by IP, wrong-MFA-token counts, failed operator authentications) in PostgreSQL instead, so that a Redis that comes back empty unlocks nobody. Without Redis it changes nothing: they are in the database already",
  }),
  databasePoolSize: setting({
    env: "BILLET_DATABASE_POOL_SIZE",
    parser: wholeNumber(1, 1000),
    default: 10,
    doc: "PostgreSQL connections per process",
  }),
  readyTimeoutMs: setting({
    env: "BILLET_READY_TIMEOUT_MS",
    parser: wholeNumber(10, 60_000),
    default: 1000,
    doc: "How long `/health/ready` waits for the store before answering 503, ms",
  }),
  sessionIdleSeconds: setting({
    env: "BILLET_SESSION_IDLE_SECONDS",
    parser: wholeNumber(1, SECONDS_IN_A_YEAR),
    default: 35 * 60,
    doc: "Session idle expiry, seconds",
    defaultDoc: "`2100` (35 min)",
  }),
  sessionMaxSeconds: setting({
    env: "BILLET_SESSION_MAX_SECONDS",
    parser: wholeNumber(0, 10 * SECONDS_IN_A_YEAR),
    default: 0,
    doc: "Session absolute lifetime, seconds (0 = none)",
  }),
  syncTokenIdleSeconds: setting({
    env: "BILLET_SYNC_TOKEN_IDLE_SECONDS",
    parser: wholeNumber(1, SECONDS_IN_A_YEAR),
    default: 48 * 60 * 60,
    doc: "Idle expiry of a session made with a sync token, seconds (BILL: 48 hours)",
    defaultDoc: "`172800` (48 h)",
  }),
  oauthTokenSeconds: setting({
    env: "BILLET_OAUTH_TOKEN_SECONDS",
    parser: wholeNumber(60, SECONDS_IN_A_YEAR),
    default: 60 * 60,
    doc: "Lifetime of an OAuth client-credentials access token, seconds",
    defaultDoc: "`3600` (1 h)",
  }),
  sessionFlushMs: setting({
    env: "BILLET_SESSION_FLUSH_MS",
    parser: wholeNumber(0, 60_000),
    default: 1000,
    doc: "How often session activity is written to disk, ms (0 = every request; SQLite, and PostgreSQL with Redis, where Redis holds the exact time; PostgreSQL alone always writes at once)",
  }),
  sessionCacheSize: setting({
    env: "BILLET_SESSION_CACHE_SIZE",
    parser: wholeNumber(0, 10_000_000),
    default: 100_000,
    doc: "Sessions each process keeps in memory between checks (0 = read the store on every check); exact on every backend: a change anywhere is seen at the next request",
  }),
  seedFile: setting({
    env: "BILLET_SEED_FILE",
    flag: "--seed <file>",
    parser: text(),
    default: undefined,
    doc: "A seed file (JSON, as `billet seed`) applied at start, idempotently; a store it gives developer keys gets no demo account, and `POST /operator/v1/reset` goes back to it",
    defaultDoc: "none",
  }),
  demo: setting({
    env: "BILLET_DEMO",
    flag: "--no-demo",
    parser: boolean(),
    default: derived((config) => config.mode === "sandbox"),
    doc: "Create the demo account on a store without developer keys",
    defaultDoc: "`true` in sandbox mode",
  }),
  logLevel: setting({
    env: "LOG_LEVEL",
    parser: choice(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
    default: "info",
    doc: "Log level (`fatal` … `trace`, `silent`)",
  }),
  logFormat: setting({
    env: "BILLET_LOG_FORMAT",
    flag: "--log-format <format>",
    parser: choice(["auto", "json", "pretty"]),
    default: "auto",
    doc: "Log lines on stdout: `json` (one object per line), `pretty` (coloured, for people), `auto` = pretty when stdout is a terminal, else JSON",
  }),
  // BILL's published limits (spec section 6).
  hourlyRequestLimit: setting({
    env: "BILLET_HOURLY_REQUEST_LIMIT",
    flag: "--hourly-request-limit <n>",
    parser: wholeNumber(0, LIMIT_MAX),
    default: 20_000,
    doc: "Requests per devKey per clock hour, login included (0 = off)",
  }),
  hourlyLoginLimit: setting({
    env: "BILLET_HOURLY_LOGIN_LIMIT",
    flag: "--hourly-login-limit <n>",
    parser: wholeNumber(0, LIMIT_MAX),
    default: 200,
    doc: "Logins per devKey per clock hour (0 = off)",
  }),
  concurrentRequestLimit: setting({
    env: "BILLET_CONCURRENT_REQUEST_LIMIT",
    flag: "--concurrent-request-limit <n>",
    parser: wholeNumber(0, 10_000),
    default: 3,
    doc: "Requests in flight per devKey and organization (0 = off)",
  }),
  limitFlushMs: setting({
    env: "BILLET_LIMIT_FLUSH_MS",
    parser: wholeNumber(0, 60_000),
    default: 1000,
    doc: "How often limit counters are written to disk, ms (0 = every request; SQLite only, PostgreSQL always writes at once)",
  }),
  headersTimeoutMs: setting({
    env: "BILLET_HEADERS_TIMEOUT_MS",
    parser: wholeNumber(100, 600_000),
    default: 10_000,
    doc: "A request's line and headers must have arrived this long after its first byte (a new connection's first request: after it opened), else 408 `BDC_9014` and the connection is closed, ms",
  }),
  receiveTimeoutMs: setting({
    env: "BILLET_RECEIVE_TIMEOUT_MS",
    parser: wholeNumber(100, 3_600_000),
    default: 30_000,
    doc: "The whole request, body included, must have arrived this long after its first byte, else 408 `BDC_9014` and the connection is closed, ms (at least the headers timeout)",
  }),
  requestTimeoutMs: setting({
    env: "BILLET_REQUEST_TIMEOUT_MS",
    parser: wholeNumber(0, 3_600_000),
    default: 60_000,
    doc: "A request not answered by then gets 503 `BDC_1001` and its connection is closed, ms (0 = never)",
  }),
  keepAliveTimeoutMs: setting({
    env: "BILLET_KEEP_ALIVE_TIMEOUT_MS",
    parser: wholeNumber(100, 3_600_000),
    // Fastify's default: above the 60 s idle timeout of the common cloud load balancers.
    default: 72_000,
    doc: "An idle keep-alive connection is closed after this long, ms (behind a load balancer: more than its idle timeout)",
  }),
  maxConnections: setting({
    env: "BILLET_MAX_CONNECTIONS",
    flag: "--max-connections <n>",
    parser: wholeNumber(0, 1_000_000),
    default: 1000,
    doc: "Connections open at once; more are closed as soon as they are accepted (0 = no cap)",
  }),
  lockoutThreshold: setting({
    env: "BILLET_LOCKOUT_THRESHOLD",
    flag: "--lockout-threshold <n>",
    parser: wholeNumber(0, 1_000_000),
    default: 10,
    doc: "Consecutive failed logins that lock a username (0 = off)",
  }),
  lockoutSeconds: setting({
    env: "BILLET_LOCKOUT_SECONDS",
    flag: "--lockout-seconds <n>",
    parser: wholeNumber(1, SECONDS_IN_A_YEAR),
    default: 15 * 60,
    doc: "How long a locked username stays locked, seconds",
  }),
  ipFailureLimit: setting({
    env: "BILLET_IP_FAILURE_LIMIT",
    flag: "--ip-failure-limit <n>",
    parser: wholeNumber(0, LIMIT_MAX),
    default: 100,
    doc: "Failed logins per client IP per window (0 = off)",
  }),
  ipFailureWindowSeconds: setting({
    env: "BILLET_IP_FAILURE_WINDOW_SECONDS",
    flag: "--ip-failure-window-seconds <n>",
    parser: wholeNumber(1, SECONDS_IN_A_YEAR),
    default: 15 * 60,
    doc: "The per-IP window, seconds",
  }),
  trustProxy: setting({
    env: "BILLET_TRUST_PROXY",
    flag: "--trust-proxy <hops|addresses>",
    parser: trustProxy(),
    default: false,
    doc: "The proxies in front of billet, whose `X-Forwarded-For` names the client: their number (`1`) or their IPs and CIDR ranges, comma-separated; `true` is refused (see [Client IP behind a proxy](#client-ip-behind-a-proxy))",
    defaultDoc: "off: the connection's address",
  }),
  // OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
  argon2: group({
    memoryKib: setting({
      env: "BILLET_ARGON2_MEMORY_KIB",
      parser: wholeNumber(8, 4_194_304),
      default: 19456,
      doc: "argon2id memory, KiB",
    }),
    iterations: setting({
      env: "BILLET_ARGON2_ITERATIONS",
      parser: wholeNumber(1, 100),
      default: 2,
      doc: "argon2id iterations",
    }),
    parallelism: setting({
      env: "BILLET_ARGON2_PARALLELISM",
      parser: wholeNumber(1, 64),
      default: 1,
      doc: "argon2id lanes",
    }),
  }),
  hashPriority: setting({
    env: "BILLET_HASH_PRIORITY",
    parser: choice(["low", "normal"]),
    default: "low",
    doc: "Password hashing: `low` = worker threads (one per core) at the lowest CPU priority, so a login storm never delays session checks; `normal` = libuv's thread pool",
  }),
  mfaSendsPerMinute: setting({
    env: "BILLET_MFA_SENDS_PER_MINUTE",
    parser: wholeNumber(0, 1_000_000),
    default: 5,
    doc: "MFA tokens sent (setups and challenges together) per user per minute (0 = off)",
  }),
  mfaFailureLimit: setting({
    env: "BILLET_MFA_FAILURE_LIMIT",
    parser: wholeNumber(0, 1_000_000),
    default: 20,
    doc: "Wrong MFA tokens per identity per 24 hours before new setups and challenges are refused (0 = off)",
  }),
  passwordMinLength: setting({
    env: "BILLET_PASSWORD_MIN_LENGTH",
    parser: wholeNumber(1, 1024),
    default: 8,
    doc: "Fewest characters of a new password (up to 1024)",
  }),
  mfaProtected: setting({
    env: "BILLET_MFA_PROTECTED",
    parser: protectedOperations(),
    default: [],
    doc: "Operations that need a trusted session where the organization requires MFA: `METHOD /v3/path` separated by commas, `*` for one path segment",
  }),
  deliveryWebhookUrl: setting({
    env: "BILLET_DELIVERY_WEBHOOK_URL",
    parser: httpUrl(),
    default: null,
    doc: "Post every message as JSON to this URL instead of keeping it in the outbox",
    defaultDoc: "none (outbox)",
  }),
  deliveryWebhookSecret: setting({
    env: "BILLET_DELIVERY_WEBHOOK_SECRET",
    parser: text(),
    default: null,
    doc: "Sign each webhook body with HMAC-SHA256 under this secret (`X-Billet-Signature: sha256=…`)",
  }),
  deliveryWebhookTimeoutMs: setting({
    env: "BILLET_DELIVERY_WEBHOOK_TIMEOUT_MS",
    parser: wholeNumber(100, 60_000),
    default: 5000,
    doc: "How long the webhook may take to answer, ms",
  }),
};

/** Every setting, in the table's order, groups flattened. */
export const SETTING_ENTRIES = entriesOf(SETTINGS);
