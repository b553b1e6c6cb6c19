import { type ProtectedOperation, parseProtectedOperations } from "./auth/mfa/protected-operations.ts";
import { checkTrustProxy, parseTrustProxy, type TrustProxy } from "./http/trust-proxy.ts";

/**
 * Configuration: parsed once at startup into a frozen object. This is the only file that
 * reads the environment; every key is listed here with its variable and default, and the
 * README's configuration table mirrors this list.
 */

import { isPostgresUrl, parsePostgresUrl } from "./stores/database-url.ts";
import { defaultRedisKeyPrefix, isRedisUrl, REDIS_KEY_PREFIX } from "./stores/redis/redis-url.ts";
export type Mode = "sandbox" | "service";

export interface Config {
  /** BILLET_MODE: `sandbox` (demo seed, test clock, faults, warnings) or `service`. */
  readonly mode: Mode;
  /**
   * BILLET_OPERATOR_TOKEN: bearer token of the operator API (32 to 256 printable ASCII
   * characters); sandbox generates one if unset.
   */
  readonly operatorToken: string | undefined;
  /**
   * BILLET_OPERATOR_FAILURE_LIMIT: failed operator authentications per client IP per window;
   * past it, every operator request from that IP is refused until the window ends. 0 = off.
   */
  readonly operatorFailureLimit: number;
  /** BILLET_OPERATOR_FAILURE_WINDOW_SECONDS: the fixed window of that count. */
  readonly operatorFailureWindowSeconds: number;
  /** BILLET_REQUEST_LOG_SIZE: how many recent requests the operator API keeps in memory. */
  readonly requestLogSize: number;
  /** PORT: TCP port to listen on. */
  readonly port: number;
  /** HOST: interface to bind. */
  readonly host: string;
  /**
   * BILLET_OPERATOR_HOST: interface of a separate operator listener (operator API, console,
   * health probes); null = HOST. Setting it or BILLET_OPERATOR_PORT starts that listener, and
   * the public one then answers 404 for the operator API and the console.
   */
  readonly operatorHost: string | null;
  /** BILLET_OPERATOR_PORT: TCP port of the separate operator listener (0 = any free port); null = PORT. */
  readonly operatorPort: number | null;
  /**
   * DATABASE_URL: SQLite file path (created with its folder), `:memory:`, or a
   * `postgres://user:password@host:port/db?schema=name` URL (schema optional, created on start).
   */
  readonly databaseUrl: string;
  /** LOG_LEVEL: pino level (fatal, error, warn, info, debug, trace, silent). */
  readonly logLevel: string;
  /** BILLET_SESSION_IDLE_SECONDS: idle expiry of a session. */
  readonly sessionIdleSeconds: number;
  /** BILLET_SESSION_MAX_SECONDS: absolute lifetime of a session; 0 = none. */
  readonly sessionMaxSeconds: number;
  /** BILLET_SESSION_FLUSH_MS: how often session activity is written back; 0 = every request. */
  readonly sessionFlushMs: number;
  /**
   * REDIS_URL: `redis://[:password@]host:port[/db]` (or `rediss://`); with a PostgreSQL
   * DATABASE_URL only. Moves session activity, limit counters and in-flight slots to Redis.
   */
  readonly redisUrl: string | null;
  /**
   * BILLET_REDIS_PREFIX: prefix of every Redis key billet writes; default `billet:SCHEMA:`
   * (`billet:public:` without `?schema=`), so that databases sharing one Redis never meet.
   */
  readonly redisKeyPrefix: string;
  /**
   * BILLET_LOCKOUTS_IN_DATABASE: with Redis, keep the lockout counters (failed logins and locks
   * by username and IP, wrong MFA tokens, failed operator authentications) in PostgreSQL, so
   * that a Redis that comes back empty unlocks nobody. Without Redis they are in the database
   * anyway, and the setting changes nothing.
   */
  readonly lockoutsInDatabase: boolean;
  /** BILLET_DATABASE_POOL_SIZE: PostgreSQL connections per process. */
  readonly databasePoolSize: number;
  /** BILLET_READY_TIMEOUT_MS: how long /health/ready waits for the store before answering 503. */
  readonly readyTimeoutMs: number;
  /** BILLET_LOCKOUT_THRESHOLD: consecutive failed logins that lock a username; 0 = off. */
  readonly lockoutThreshold: number;
  /** BILLET_LOCKOUT_SECONDS: how long a locked username stays locked. */
  readonly lockoutSeconds: number;
  /** BILLET_IP_FAILURE_LIMIT: failed logins per client IP per window; 0 = off. */
  readonly ipFailureLimit: number;
  /** BILLET_IP_FAILURE_WINDOW_SECONDS: the per-IP window. */
  readonly ipFailureWindowSeconds: number;
  /** BILLET_HOURLY_REQUEST_LIMIT: requests per devKey per clock hour, login included; 0 = off. */
  readonly hourlyRequestLimit: number;
  /** BILLET_HOURLY_LOGIN_LIMIT: logins per devKey per clock hour; 0 = off. */
  readonly hourlyLoginLimit: number;
  /** BILLET_CONCURRENT_REQUEST_LIMIT: requests in flight per (devKey, organization); 0 = off. */
  readonly concurrentRequestLimit: number;
  /** BILLET_LIMIT_FLUSH_MS: how often limit counters are written back (SQLite); 0 = every request. */
  readonly limitFlushMs: number;
  /** BILLET_REQUEST_TIMEOUT_MS: a request not answered by then gets 503 `BDC_1001`; 0 = none. */
  readonly requestTimeoutMs: number;
  /**
   * BILLET_TRUST_PROXY: the proxies in front of billet, as a number of hops or a list of
   * addresses and CIDR ranges; the client IP is then the right-most X-Forwarded-For address
   * that is not one of them. Off (`false`): the TCP peer's address, X-Forwarded-For ignored.
   */
  readonly trustProxy: TrustProxy;
  /**
   * BILLET_HEADERS_TIMEOUT_MS: a request's line and headers must have arrived this long after
   * its first byte (or after the connection opened); else 408 `BDC_9014` and the connection closes.
   */
  readonly headersTimeoutMs: number;
  /** BILLET_RECEIVE_TIMEOUT_MS: the same for the whole request, body included. */
  readonly receiveTimeoutMs: number;
  /** BILLET_KEEP_ALIVE_TIMEOUT_MS: an idle keep-alive connection is closed after this long. */
  readonly keepAliveTimeoutMs: number;
  /** BILLET_MAX_CONNECTIONS: open connections at most; more are closed at once; 0 = no cap. */
  readonly maxConnections: number;
  /** BILLET_DEMO: on start, create a demo organization when the store has no developer key (default: in sandbox mode). */
  readonly demo: boolean;
  /** BILLET_ARGON2_MEMORY_KIB, BILLET_ARGON2_ITERATIONS, BILLET_ARGON2_PARALLELISM. */
  readonly argon2: { readonly memoryKib: number; readonly iterations: number; readonly parallelism: number };
  /**
   * BILLET_HASH_PRIORITY: `low` hashes passwords on worker threads (one per core) at the lowest
   * CPU priority, so that a login storm never delays session checks; `normal` uses libuv's
   * thread pool at the process's priority.
   */
  readonly hashPriority: "low" | "normal";
  /** BILLET_MFA_SENDS_PER_MINUTE: MFA tokens sent (setup + challenge) per user per minute; 0 = off. */
  readonly mfaSendsPerMinute: number;
  /**
   * BILLET_MFA_FAILURE_LIMIT: wrong MFA tokens per identity per 24 hours, all setups and
   * challenges together; past it new setups and challenges are refused; 0 = off.
   */
  readonly mfaFailureLimit: number;
  /** BILLET_PASSWORD_MIN_LENGTH: the fewest characters a new password may have (at most 1024). */
  readonly passwordMinLength: number;
  /** BILLET_MFA_PROTECTED: operations that need a trusted session where the organization requires MFA. */
  readonly mfaProtected: readonly ProtectedOperation[];
  /** BILLET_DELIVERY_WEBHOOK_URL: post every message there as JSON instead of keeping it in the outbox. */
  readonly deliveryWebhookUrl: string | null;
  /** BILLET_DELIVERY_WEBHOOK_SECRET: signs each webhook body (HMAC-SHA256, `X-Billet-Signature`). */
  readonly deliveryWebhookSecret: string | null;
  /** BILLET_DELIVERY_WEBHOOK_TIMEOUT_MS: how long a webhook post may take before it counts as failed. */
  readonly deliveryWebhookTimeoutMs: number;
}

export const DEFAULT_CONFIG: Config = Object.freeze({
  mode: "sandbox",
  operatorToken: undefined,
  operatorFailureLimit: 20,
  operatorFailureWindowSeconds: 15 * 60,
  requestLogSize: 1000,
  port: 3000,
  host: "127.0.0.1",
  operatorHost: null,
  operatorPort: null,
  databaseUrl: ".billet/billet.db",
  logLevel: "info",
  sessionIdleSeconds: 35 * 60,
  sessionMaxSeconds: 0,
  sessionFlushMs: 1000,
  redisUrl: null,
  redisKeyPrefix: "billet:public:",
  lockoutsInDatabase: false,
  databasePoolSize: 10,
  readyTimeoutMs: 1000,
  lockoutThreshold: 10,
  lockoutSeconds: 15 * 60,
  ipFailureLimit: 100,
  ipFailureWindowSeconds: 15 * 60,
  // BILL's published limits (spec section 6).
  hourlyRequestLimit: 20_000,
  hourlyLoginLimit: 200,
  concurrentRequestLimit: 3,
  limitFlushMs: 1000,
  requestTimeoutMs: 60_000,
  trustProxy: false,
  headersTimeoutMs: 10_000,
  receiveTimeoutMs: 30_000,
  // Fastify's default: above the 60 s idle timeout of the common cloud load balancers.
  keepAliveTimeoutMs: 72_000,
  maxConnections: 1000,
  demo: true,
  // OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
  argon2: Object.freeze({ memoryKib: 19456, iterations: 2, parallelism: 1 }),
  hashPriority: "low",
  mfaSendsPerMinute: 5,
  mfaFailureLimit: 20,
  passwordMinLength: 8,
  mfaProtected: Object.freeze([]),
  deliveryWebhookUrl: null,
  deliveryWebhookSecret: null,
  deliveryWebhookTimeoutMs: 5000,
});

/**
 * The address of the separate operator listener, or undefined when the operator API and the
 * console share the public listener (neither BILLET_OPERATOR_HOST nor BILLET_OPERATOR_PORT is
 * set). Whichever of the two is unset is the public listener's: HOST, or PORT.
 */
export function operatorListener(
  config: Pick<Config, "host" | "port" | "operatorHost" | "operatorPort">,
): { host: string; port: number } | undefined {
  if (config.operatorHost === null && config.operatorPort === null) return undefined;
  return { host: config.operatorHost ?? config.host, port: config.operatorPort ?? config.port };
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

const LIMIT_MAX = 1_000_000_000;

/**
 * Ranges of the settings that `billet serve` flags (or a test) can set as numbers; the
 * environment is checked as it is read, against the same ranges.
 */
const LIMIT_RANGES: readonly [keyof Config, number, number][] = [
  ["hourlyRequestLimit", 0, LIMIT_MAX],
  ["hourlyLoginLimit", 0, LIMIT_MAX],
  ["concurrentRequestLimit", 0, 10_000],
  ["lockoutThreshold", 0, 1_000_000],
  ["lockoutSeconds", 1, 31_536_000],
  ["ipFailureLimit", 0, 1_000_000_000],
  ["ipFailureWindowSeconds", 1, 31_536_000],
  ["mfaFailureLimit", 0, 1_000_000],
  ["passwordMinLength", 1, 1024],
  ["operatorFailureLimit", 0, 1_000_000_000],
  ["operatorFailureWindowSeconds", 1, 31_536_000],
  ["headersTimeoutMs", 100, 600_000],
  ["receiveTimeoutMs", 100, 3_600_000],
  ["keepAliveTimeoutMs", 100, 3_600_000],
  ["maxConnections", 0, 1_000_000],
];

function checkLimitOverrides(config: Config): string[] {
  return LIMIT_RANGES.filter(([key, min, max]) => {
    const value = config[key];
    return typeof value !== "number" || !Number.isInteger(value) || value < min || value > max;
  }).map(([key, min, max]) => `${key} must be a whole number from ${min} to ${max} (got "${config[key]}")`);
}

const freezeTrustProxy = (value: TrustProxy): TrustProxy =>
  value === false
    ? false
    : Object.freeze("hops" in value ? { hops: value.hops } : { proxies: Object.freeze([...value.proxies]) });

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

type Overrides = { [K in keyof Config]?: Config[K] | undefined };

/**
 * Builds the configuration from the environment, then `overrides` (command-line flags).
 * Fails listing every problem at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Overrides = {}): Config {
  const problems: string[] = [];

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.toLowerCase();
    if (raw === undefined || raw === "") return fallback;
    if (["1", "true", "yes", "on"].includes(raw)) return true;
    if (["0", "false", "no", "off"].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${env[name]}")`);
    return fallback;
  };

  const webhookUrl = (name: string): string | null => {
    const raw = env[name];
    if (raw === undefined || raw === "") return null;
    let ok = false;
    try {
      ok = ["http:", "https:"].includes(new URL(raw).protocol);
    } catch {}
    // The value is not echoed: such URLs often carry an access token.
    if (!ok) problems.push(`${name} must be an http:// or https:// URL`);
    return ok ? raw : null;
  };
  const hashPriority = (): "low" | "normal" => {
    const raw = env.BILLET_HASH_PRIORITY;
    if (raw === undefined || raw === "") return d.hashPriority;
    if (raw === "low" || raw === "normal") return raw;
    problems.push(`BILLET_HASH_PRIORITY must be low or normal (got "${raw}")`);
    return d.hashPriority;
  };
  const trustProxy = (): TrustProxy => {
    const parsed = parseTrustProxy(env.BILLET_TRUST_PROXY);
    if (parsed.problem !== undefined) problems.push(parsed.problem);
    return parsed.value ?? d.trustProxy;
  };
  const protectedOperations = parseProtectedOperations(env.BILLET_MFA_PROTECTED ?? "");
  problems.push(...protectedOperations.problems);

  const d = DEFAULT_CONFIG;
  const modeRaw = overrides.mode ?? env.BILLET_MODE ?? d.mode;
  const mode: Mode = modeRaw === "service" ? "service" : "sandbox";
  if (modeRaw !== "sandbox" && modeRaw !== "service") {
    problems.push(`BILLET_MODE must be sandbox or service (got "${modeRaw}")`);
  }
  const operatorToken = overrides.operatorToken ?? (env.BILLET_OPERATOR_TOKEN || undefined);
  // The token is a secret: the message names the rule, never the value. 32 characters at the
  // least: it is the one secret that guards every account, and it is typed by people.
  if (operatorToken !== undefined && !/^[\x21-\x7e]{32,256}$/.test(operatorToken)) {
    problems.push("BILLET_OPERATOR_TOKEN must be 32 to 256 printable ASCII characters");
  }
  const fromEnv: Config = {
    mode,
    operatorToken,
    operatorFailureLimit: integer("BILLET_OPERATOR_FAILURE_LIMIT", d.operatorFailureLimit, 0, 1_000_000_000),
    operatorFailureWindowSeconds: integer(
      "BILLET_OPERATOR_FAILURE_WINDOW_SECONDS",
      d.operatorFailureWindowSeconds,
      1,
      31_536_000,
    ),
    requestLogSize: integer("BILLET_REQUEST_LOG_SIZE", d.requestLogSize, 0, 100_000),
    port: integer("PORT", d.port, 0, 65535),
    host: env.HOST || d.host,
    operatorHost: env.BILLET_OPERATOR_HOST || d.operatorHost,
    operatorPort:
      env.BILLET_OPERATOR_PORT === undefined || env.BILLET_OPERATOR_PORT === ""
        ? d.operatorPort
        : integer("BILLET_OPERATOR_PORT", 0, 0, 65535),
    databaseUrl: env.DATABASE_URL || d.databaseUrl,
    logLevel: env.LOG_LEVEL || d.logLevel,
    sessionIdleSeconds: integer("BILLET_SESSION_IDLE_SECONDS", d.sessionIdleSeconds, 1, 31_536_000),
    sessionMaxSeconds: integer("BILLET_SESSION_MAX_SECONDS", d.sessionMaxSeconds, 0, 315_360_000),
    sessionFlushMs: integer("BILLET_SESSION_FLUSH_MS", d.sessionFlushMs, 0, 60_000),
    redisUrl: env.REDIS_URL || d.redisUrl,
    redisKeyPrefix: env.BILLET_REDIS_PREFIX || "",
    lockoutsInDatabase: boolean("BILLET_LOCKOUTS_IN_DATABASE", d.lockoutsInDatabase),
    databasePoolSize: integer("BILLET_DATABASE_POOL_SIZE", d.databasePoolSize, 1, 1000),
    readyTimeoutMs: integer("BILLET_READY_TIMEOUT_MS", d.readyTimeoutMs, 10, 60_000),
    lockoutThreshold: integer("BILLET_LOCKOUT_THRESHOLD", d.lockoutThreshold, 0, 1_000_000),
    lockoutSeconds: integer("BILLET_LOCKOUT_SECONDS", d.lockoutSeconds, 1, 31_536_000),
    ipFailureLimit: integer("BILLET_IP_FAILURE_LIMIT", d.ipFailureLimit, 0, 1_000_000_000),
    ipFailureWindowSeconds: integer(
      "BILLET_IP_FAILURE_WINDOW_SECONDS",
      d.ipFailureWindowSeconds,
      1,
      31_536_000,
    ),
    hourlyRequestLimit: integer("BILLET_HOURLY_REQUEST_LIMIT", d.hourlyRequestLimit, 0, LIMIT_MAX),
    hourlyLoginLimit: integer("BILLET_HOURLY_LOGIN_LIMIT", d.hourlyLoginLimit, 0, LIMIT_MAX),
    concurrentRequestLimit: integer("BILLET_CONCURRENT_REQUEST_LIMIT", d.concurrentRequestLimit, 0, 10_000),
    limitFlushMs: integer("BILLET_LIMIT_FLUSH_MS", d.limitFlushMs, 0, 60_000),
    requestTimeoutMs: integer("BILLET_REQUEST_TIMEOUT_MS", d.requestTimeoutMs, 0, 3_600_000),
    trustProxy: trustProxy(),
    headersTimeoutMs: integer("BILLET_HEADERS_TIMEOUT_MS", d.headersTimeoutMs, 100, 600_000),
    receiveTimeoutMs: integer("BILLET_RECEIVE_TIMEOUT_MS", d.receiveTimeoutMs, 100, 3_600_000),
    keepAliveTimeoutMs: integer("BILLET_KEEP_ALIVE_TIMEOUT_MS", d.keepAliveTimeoutMs, 100, 3_600_000),
    maxConnections: integer("BILLET_MAX_CONNECTIONS", d.maxConnections, 0, 1_000_000),
    demo: boolean("BILLET_DEMO", mode === "sandbox"),
    argon2: {
      memoryKib: integer("BILLET_ARGON2_MEMORY_KIB", d.argon2.memoryKib, 8, 4_194_304),
      iterations: integer("BILLET_ARGON2_ITERATIONS", d.argon2.iterations, 1, 100),
      parallelism: integer("BILLET_ARGON2_PARALLELISM", d.argon2.parallelism, 1, 64),
    },
    hashPriority: hashPriority(),
    mfaSendsPerMinute: integer("BILLET_MFA_SENDS_PER_MINUTE", d.mfaSendsPerMinute, 0, 1_000_000),
    mfaFailureLimit: integer("BILLET_MFA_FAILURE_LIMIT", d.mfaFailureLimit, 0, 1_000_000),
    passwordMinLength: integer("BILLET_PASSWORD_MIN_LENGTH", d.passwordMinLength, 1, 1024),
    mfaProtected: protectedOperations.operations,
    deliveryWebhookUrl: webhookUrl("BILLET_DELIVERY_WEBHOOK_URL"),
    deliveryWebhookSecret: env.BILLET_DELIVERY_WEBHOOK_SECRET || d.deliveryWebhookSecret,
    deliveryWebhookTimeoutMs: integer(
      "BILLET_DELIVERY_WEBHOOK_TIMEOUT_MS",
      d.deliveryWebhookTimeoutMs,
      100,
      60_000,
    ),
  };

  const merged: Config = { ...fromEnv };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  if (!LOG_LEVELS.includes(merged.logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${merged.logLevel}")`);
  }
  if (!Number.isInteger(merged.port) || merged.port < 0 || merged.port > 65535) {
    problems.push(`port must be a whole number from 0 to 65535 (got "${merged.port}")`);
  }
  const operatorPort = merged.operatorPort;
  if (
    operatorPort !== null &&
    (!Number.isInteger(operatorPort) || operatorPort < 0 || operatorPort > 65535)
  ) {
    problems.push(`operatorPort must be a whole number from 0 to 65535 (got "${operatorPort}")`);
  }
  const operator = operatorListener(merged);
  if (operator && operator.port !== 0 && operator.host === merged.host && operator.port === merged.port) {
    problems.push(
      `BILLET_OPERATOR_HOST and BILLET_OPERATOR_PORT name the public listener's own address (${merged.host}:${merged.port}): give the operator listener another port, or unset both to serve the operator API on the public listener`,
    );
  }
  if (isPostgresUrl(merged.databaseUrl)) {
    try {
      parsePostgresUrl(merged.databaseUrl);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (merged.redisUrl !== null) {
    // The URL is not echoed: it may carry a password.
    if (!isRedisUrl(merged.redisUrl)) problems.push("REDIS_URL must be a redis:// or rediss:// URL");
    else if (!isPostgresUrl(merged.databaseUrl)) {
      problems.push(
        "REDIS_URL needs a PostgreSQL DATABASE_URL: Redis shares state between instances, and a SQLite file serves one process (unset REDIS_URL, or use postgres://)",
      );
    }
  }
  if (merged.redisKeyPrefix === "") {
    (merged as { redisKeyPrefix: string }).redisKeyPrefix = defaultRedisKeyPrefix(merged.databaseUrl);
  } else if (!REDIS_KEY_PREFIX.test(merged.redisKeyPrefix)) {
    problems.push(
      `BILLET_REDIS_PREFIX must be 1-100 letters, digits or _ : . - (got "${merged.redisKeyPrefix}")`,
    );
  }
  problems.push(...checkLimitOverrides(merged));
  if (overrides.trustProxy !== undefined) {
    const problem = checkTrustProxy(overrides.trustProxy);
    if (problem !== undefined) problems.push(problem);
  }
  // Node measures both from the request's first byte: the whole request includes its headers.
  if (merged.headersTimeoutMs > merged.receiveTimeoutMs) {
    problems.push(
      `BILLET_HEADERS_TIMEOUT_MS must not be longer than BILLET_RECEIVE_TIMEOUT_MS, which includes the headers (got ${merged.headersTimeoutMs} and ${merged.receiveTimeoutMs})`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    ...merged,
    argon2: Object.freeze({ ...merged.argon2 }),
    mfaProtected: Object.freeze(merged.mfaProtected.map((operation) => Object.freeze({ ...operation }))),
    trustProxy: freezeTrustProxy(merged.trustProxy),
  });
}
