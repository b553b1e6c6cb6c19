/** Benchmark settings: environment variables, or `--name=value` flags, which win. */
const flags = new Map(
  process.argv
    .slice(2)
    .filter((arg) => arg.startsWith("--") && arg.includes("="))
    .map((arg) => [arg.slice(2, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] as const),
);

function number(flag: string, env: string, fallback: number): number {
  const raw = flags.get(flag) ?? process.env[env];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`--${flag} / ${env} must be a number (got "${raw}")`);
  return value;
}

export const settings = Object.freeze({
  /** Seconds of each measured run (BENCH_DURATION, --duration). */
  durationS: number("duration", "BENCH_DURATION", 10),
  /** Seconds of warm-up before each measured run, not counted (BENCH_WARMUP, --warmup). */
  warmupS: number("warmup", "BENCH_WARMUP", 3),
  /** Connections of the session-check load (BENCH_CONNECTIONS, --connections). */
  connections: number("connections", "BENCH_CONNECTIONS", 50),
  /** Connections of the login load (BENCH_LOGIN_CONNECTIONS, --login-connections). */
  loginConnections: number("login-connections", "BENCH_LOGIN_CONNECTIONS", 16),
  /** Sessions in the large store of the scale benchmark (BENCH_SCALE_SESSIONS, --scale-sessions). */
  scaleSessions: number("scale-sessions", "BENCH_SCALE_SESSIONS", 1_000_000),
  /** PostgreSQL for the backends benchmark (BENCH_DATABASE_URL); a fresh schema is made per run. */
  postgresUrl:
    flags.get("postgres") ?? process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  /** Redis for the backends benchmark (BENCH_REDIS_URL). */
  redisUrl: flags.get("redis") ?? process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379",
});
