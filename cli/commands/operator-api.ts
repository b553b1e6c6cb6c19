/**
 * The commands that act on a running server through its operator API (the test clock, MFA
 * failure counts): what lives in the server process's memory is changed there, not in the store.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { BillClientError, OperatorClient } from "../../client/src/index.ts";
import { type Config, loadConfig, operatorListener } from "../../src/config.ts";
import { sqlitePath } from "../../src/stores/open-stores.ts";
import { CliError, type CommonOptions } from "../output.ts";

export interface ServerOptions extends CommonOptions {
  url?: string;
  token?: string;
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
export function operatorFor(options: ServerOptions): OperatorClient {
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

export async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BillClientError) throw new CliError(`the server answered: ${error.message}`);
    throw error;
  }
}

export function withServerOptions(command: Command): Command {
  return command
    .option(
      "--url <url>",
      "the server's operator listener (default http://127.0.0.1:PORT, env PORT or 3000; with env BILLET_OPERATOR_PORT/BILLET_OPERATOR_HOST, that listener)",
    )
    .option("--token <token>", "operator token (env BILLET_OPERATOR_TOKEN, else .billet/operator-token)")
    .option("--database <path>", "where to find the operator-token file (env DATABASE_URL)")
    .option("--json", "print the result as JSON, for scripts");
}
