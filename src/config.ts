/**
 * Configuration: parsed once at startup into a frozen object. This is the only file that
 * reads the environment; every key is listed here with its variable and default, and the
 * README's configuration table mirrors this list.
 */

export type Mode = "sandbox" | "service";

export interface Config {
  /** BILLET_MODE: `sandbox` (demo seed, test clock, faults, warnings) or `service`. */
  readonly mode: Mode;
  /** BILLET_OPERATOR_TOKEN: bearer token of the operator API; sandbox generates one if unset. */
  readonly operatorToken: string | undefined;
  /** BILLET_REQUEST_LOG_SIZE: how many recent requests the operator API keeps in memory. */
  readonly requestLogSize: number;
  /** PORT: TCP port to listen on. */
  readonly port: number;
  /** HOST: interface to bind. */
  readonly host: string;
  /** DATABASE_URL: SQLite file path (created with its folder) or `:memory:`. */
  readonly databaseUrl: string;
  /** LOG_LEVEL: pino level (fatal, error, warn, info, debug, trace, silent). */
  readonly logLevel: string;
  /** BILLET_SESSION_IDLE_SECONDS: idle expiry of a session. */
  readonly sessionIdleSeconds: number;
  /** BILLET_SESSION_MAX_SECONDS: absolute lifetime of a session; 0 = none. */
  readonly sessionMaxSeconds: number;
  /** BILLET_SESSION_FLUSH_MS: how often session activity is written back; 0 = every request. */
  readonly sessionFlushMs: number;
  /** BILLET_LOCKOUT_THRESHOLD: consecutive failed logins that lock a username; 0 = off. */
  readonly lockoutThreshold: number;
  /** BILLET_LOCKOUT_SECONDS: how long a locked username stays locked. */
  readonly lockoutSeconds: number;
  /** BILLET_IP_FAILURE_LIMIT: failed logins per client IP per window; 0 = off. */
  readonly ipFailureLimit: number;
  /** BILLET_IP_FAILURE_WINDOW_SECONDS: the per-IP window. */
  readonly ipFailureWindowSeconds: number;
  /** BILLET_TRUST_PROXY: take the client IP from X-Forwarded-For (behind a proxy only). */
  readonly trustProxy: boolean;
  /** BILLET_DEMO: on start, create a demo organization when the store has no developer key (default: in sandbox mode). */
  readonly demo: boolean;
  /** BILLET_ARGON2_MEMORY_KIB, BILLET_ARGON2_ITERATIONS, BILLET_ARGON2_PARALLELISM. */
  readonly argon2: { readonly memoryKib: number; readonly iterations: number; readonly parallelism: number };
}

export const DEFAULT_CONFIG: Config = Object.freeze({
  mode: "sandbox",
  operatorToken: undefined,
  requestLogSize: 1000,
  port: 3000,
  host: "127.0.0.1",
  databaseUrl: ".billet/billet.db",
  logLevel: "info",
  sessionIdleSeconds: 35 * 60,
  sessionMaxSeconds: 0,
  sessionFlushMs: 1000,
  lockoutThreshold: 10,
  lockoutSeconds: 15 * 60,
  ipFailureLimit: 100,
  ipFailureWindowSeconds: 15 * 60,
  trustProxy: false,
  demo: true,
  // OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
  argon2: Object.freeze({ memoryKib: 19456, iterations: 2, parallelism: 1 }),
});

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

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

  const d = DEFAULT_CONFIG;
  const modeRaw = overrides.mode ?? env.BILLET_MODE ?? d.mode;
  const mode: Mode = modeRaw === "service" ? "service" : "sandbox";
  if (modeRaw !== "sandbox" && modeRaw !== "service") {
    problems.push(`BILLET_MODE must be sandbox or service (got "${modeRaw}")`);
  }
  const operatorToken = overrides.operatorToken ?? (env.BILLET_OPERATOR_TOKEN || undefined);
  // The token is a secret: the message names the rule, never the value.
  if (operatorToken !== undefined && !/^[\x21-\x7e]{16,256}$/.test(operatorToken)) {
    problems.push("BILLET_OPERATOR_TOKEN must be 16 to 256 printable ASCII characters");
  }
  const fromEnv: Config = {
    mode,
    operatorToken,
    requestLogSize: integer("BILLET_REQUEST_LOG_SIZE", d.requestLogSize, 0, 100_000),
    port: integer("PORT", d.port, 0, 65535),
    host: env.HOST || d.host,
    databaseUrl: env.DATABASE_URL || d.databaseUrl,
    logLevel: env.LOG_LEVEL || d.logLevel,
    sessionIdleSeconds: integer("BILLET_SESSION_IDLE_SECONDS", d.sessionIdleSeconds, 1, 31_536_000),
    sessionMaxSeconds: integer("BILLET_SESSION_MAX_SECONDS", d.sessionMaxSeconds, 0, 315_360_000),
    sessionFlushMs: integer("BILLET_SESSION_FLUSH_MS", d.sessionFlushMs, 0, 60_000),
    lockoutThreshold: integer("BILLET_LOCKOUT_THRESHOLD", d.lockoutThreshold, 0, 1_000_000),
    lockoutSeconds: integer("BILLET_LOCKOUT_SECONDS", d.lockoutSeconds, 1, 31_536_000),
    ipFailureLimit: integer("BILLET_IP_FAILURE_LIMIT", d.ipFailureLimit, 0, 1_000_000_000),
    ipFailureWindowSeconds: integer(
      "BILLET_IP_FAILURE_WINDOW_SECONDS",
      d.ipFailureWindowSeconds,
      1,
      31_536_000,
    ),
    trustProxy: boolean("BILLET_TRUST_PROXY", d.trustProxy),
    demo: boolean("BILLET_DEMO", mode === "sandbox"),
    argon2: {
      memoryKib: integer("BILLET_ARGON2_MEMORY_KIB", d.argon2.memoryKib, 8, 4_194_304),
      iterations: integer("BILLET_ARGON2_ITERATIONS", d.argon2.iterations, 1, 100),
      parallelism: integer("BILLET_ARGON2_PARALLELISM", d.argon2.parallelism, 1, 64),
    },
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
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({ ...merged, argon2: Object.freeze({ ...merged.argon2 }) });
}
