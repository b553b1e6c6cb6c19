import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { BillClientError, OperatorClient } from "../../client/src/index.ts";
import { type Config, loadConfig, operatorListener } from "../../src/config.ts";
import { sqlitePath } from "../../src/stores/open-stores.ts";
import { CliError, type CommonOptions, emit } from "../output.ts";

interface ServerOptions extends CommonOptions {
  url?: string;
  token?: string;
}

const UNITS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** `35m`, `1h30m`, `90s`, `2d`, `500ms`, or a plain number of seconds. */
export function parseDuration(text: string): number {
  if (/^-?\d+$/.test(text)) return Number(text) * 1000;
  const match = /^(-)?((?:\d+(?:ms|d|h|m|s))+)$/.exec(text);
  if (!match) throw new InvalidArgumentError("Expected a duration such as 35m, 1h30m, 90s or 2d.");
  let ms = 0;
  for (const [, amount, unit] of (match[2] ?? "").matchAll(/(\d+)(ms|d|h|m|s)/g)) {
    ms += Number(amount) * (UNITS[unit as string] ?? 0);
  }
  return match[1] ? -ms : ms;
}

/**
 * Where a server started with this environment serves its operator API: the separate operator
 * listener (BILLET_OPERATOR_HOST/PORT) when one is configured, else http://127.0.0.1:PORT.
 */
function defaultOperatorUrl(config: Config): string {
  const listener = operatorListener(config);
  if (!listener) return `http://127.0.0.1:${config.port}`;
  const host = ["0.0.0.0", "::"].includes(listener.host) ? "127.0.0.1" : listener.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${listener.port}`;
}

/**
 * The running server's operator API: `--url` (default: see defaultOperatorUrl), `--token`
 * (default BILLET_OPERATOR_TOKEN, else the operator-token file sandbox mode saved beside the
 * database).
 */
function operatorFor(options: ServerOptions): OperatorClient {
  const config = loadConfig(process.env, { databaseUrl: options.database });
  let token = options.token ?? config.operatorToken;
  const path = sqlitePath(config.databaseUrl);
  if (token === undefined && path !== undefined && path !== ":memory:") {
    try {
      token = readFileSync(join(dirname(path), "operator-token"), "utf8").trim();
    } catch {
      // No file: say below what to do.
    }
  }
  if (!token) throw new CliError("no operator token: pass --token or set BILLET_OPERATOR_TOKEN");
  return new OperatorClient({ baseUrl: options.url ?? defaultOperatorUrl(config), token });
}

async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BillClientError) throw new CliError(`the server answered: ${error.message}`);
    throw error;
  }
}

function withServerOptions(command: Command): Command {
  return command
    .option(
      "--url <url>",
      "the server's operator listener (default http://127.0.0.1:PORT, env PORT or 3000; with env BILLET_OPERATOR_PORT/BILLET_OPERATOR_HOST, that listener)",
    )
    .option("--token <token>", "operator token (env BILLET_OPERATOR_TOKEN, else .billet/operator-token)")
    .option("--database <path>", "where to find the operator-token file (env DATABASE_URL)")
    .option("--json", "print the result as JSON, for scripts");
}

/** `billet clock …`: read and move a running sandbox server's test clock. */
export function registerClockCommands(program: Command): void {
  const clock = program
    .command("clock")
    .description(
      "read or move the test clock of a running server in sandbox mode (through its operator API)",
    );

  withServerOptions(clock.command("show").description("print the server's current time")).action(
    async (options: ServerOptions) => {
      const now = await call(() => operatorFor(options).clock.get());
      emit(options, now, () => now.time);
    },
  );

  withServerOptions(
    clock
      .command("advance")
      .argument("<duration>", "how far: 35m, 1h30m, 90s, 2d, 500ms, or seconds", parseDuration)
      .description("move the clock forward (sessions, MFA tokens, lockouts and limit windows age with it)"),
  ).action(async (ms: number, options: ServerOptions) => {
    const now = await call(() => operatorFor(options).clock.advance({ milliseconds: ms }));
    emit(options, now, () => `clock advanced by ${ms} ms: now ${now.time}`);
  });

  withServerOptions(
    clock
      .command("set")
      .argument("<time>", "an ISO-8601 time, e.g. 2026-12-01T09:00:00Z")
      .description("set the clock"),
  ).action(async (time: string, options: ServerOptions) => {
    const now = await call(() => operatorFor(options).clock.set(time));
    emit(options, now, () => `clock set: now ${now.time}`);
  });
}
