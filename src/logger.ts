import { createRequire } from "node:module";
import pino, { type DestinationStream, type Logger } from "pino";

/** Keys whose values never reach a log line, at the top level or one object down. */
const SECRET_KEYS = [
  "password",
  "sessionId",
  "devKey",
  "appKey",
  "token",
  "rememberMeId",
  "consoleApiToken",
  "clientSecret",
  "client_secret",
  "access_token",
];
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  ...SECRET_KEYS.map((key) => `req.headers.${key.toLowerCase()}`),
  "req.headers.authorization",
];

/** How log lines are written on stdout (config `logFormat`). */
export type LogFormat = "auto" | "json" | "pretty";

/**
 * Whether lines go out as pino-pretty's: `pretty` always, `auto` when they go to standard
 * output (no other stream given) and that is a terminal.
 */
export function isPretty(
  format: LogFormat,
  toStdout: boolean,
  stdoutIsTty = process.stdout.isTTY === true,
): boolean {
  return format === "pretty" || (format === "auto" && toStdout && stdoutIsTty);
}

export function createLogger(
  level: string,
  stream?: DestinationStream | NodeJS.WritableStream,
  format: LogFormat = "json",
): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: "[redacted]" } };
  // For a person at a terminal: pino-pretty's lines, after the same redaction (pino redacts
  // before any stream sees the line). Written synchronously: a terminal is not a busy server.
  if (isPretty(format, stream === undefined)) {
    // Loaded only here: a dozen modules most processes (the CLI, a server off a terminal) never use.
    const pinoPretty = createRequire(import.meta.url)("pino-pretty") as typeof import("pino-pretty");
    const pretty = pinoPretty({
      destination: (stream as NodeJS.WritableStream | undefined) ?? 1,
      sync: true,
      colorize: stream === undefined && process.stdout.isTTY === true,
      ignore: "pid,hostname",
      translateTime: "SYS:HH:MM:ss.l",
    });
    return pino(options, pretty);
  }
  // Standard output is written asynchronously: lines that arrive while a write is pending go
  // out together in the next one, so a busy server makes one write per batch instead of one
  // blocking write per line, and a quiet one still writes each line at once. What is still
  // buffered is written synchronously when the process exits.
  return pino(
    options,
    (stream as DestinationStream | undefined) ?? pino.destination({ dest: 1, sync: false }),
  );
}

/**
 * A request's logger (Fastify's `request.log`) that becomes pino's child only when something
 * logs through it. Fastify makes one child per request, bound to its id, and pino passes those
 * bindings through its redaction as it makes it: about two microseconds of every request,
 * although most log nothing but their request line (written by the pipeline, not through
 * this). Its methods are on the prototype: a request costs this one small object.
 */
class RequestLogger {
  private made: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly childBindings: pino.Bindings,
    private readonly options: pino.ChildLoggerOptions,
  ) {}

  private logger(): Logger {
    this.made ??= this.parent.child(this.childBindings, this.options);
    return this.made;
  }

  get level(): string {
    return this.made?.level ?? this.options.level ?? this.parent.level;
  }
  set level(level: string) {
    this.logger().level = level;
  }
  isLevelEnabled(level: string): boolean {
    if (this.made) return this.made.isLevelEnabled(level);
    const values = this.parent.levels.values;
    return (values[level] ?? 0) >= (values[this.level] ?? Number.POSITIVE_INFINITY);
  }
  bindings(): pino.Bindings {
    return this.made ? this.made.bindings() : { ...this.parent.bindings(), ...this.childBindings };
  }
  child(bindings: pino.Bindings, options?: pino.ChildLoggerOptions): Logger {
    return this.logger().child(bindings, options);
  }
  fatal(...args: LogArgs): void {
    this.logger().fatal(...args);
  }
  error(...args: LogArgs): void {
    this.logger().error(...args);
  }
  warn(...args: LogArgs): void {
    this.logger().warn(...args);
  }
  info(...args: LogArgs): void {
    this.logger().info(...args);
  }
  debug(...args: LogArgs): void {
    this.logger().debug(...args);
  }
  trace(...args: LogArgs): void {
    this.logger().trace(...args);
  }
  silent(): void {}
}

type LogArgs = [obj: unknown, msg?: string, ...args: unknown[]];

/** Fastify's `childLoggerFactory`: each request's logger, made into pino's child on first use. */
export function requestLoggerFactory(
  parent: Logger,
  bindings: pino.Bindings,
  options: pino.ChildLoggerOptions,
): Logger {
  return new RequestLogger(parent, bindings, options) as unknown as Logger;
}
