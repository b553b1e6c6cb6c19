import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../../src/config.ts";
import { sqlitePath } from "../../src/stores/open-stores.ts";
import { CliError, type CommonOptions, emit } from "../output.ts";
import { withCommonOptions } from "../runtime.ts";

interface DemoEnvOptions extends CommonOptions {
  url?: string;
}

/** The variables `billet demo env` prints, in the order printed. */
export interface DemoEnvironment {
  BILLET_URL: string;
  BILL_BASE_URL: string;
  BILL_ORGANIZATION_ID: string;
  BILL_USERNAME: string;
  BILL_PASSWORD: string;
  BILL_DEV_KEY: string;
  BILLET_OPERATOR_TOKEN?: string;
}

const HELP = `
Reads what \`billet serve\` saved beside its SQLite database on the first start
(demo-credentials.json, operator-token) and prints it as shell variables:

  eval "$(billet demo env)"
  curl -sS -X POST "$BILL_BASE_URL/v3/login" -H 'Content-Type: application/json' \\
    -d "{\\"username\\":\\"$BILL_USERNAME\\",\\"password\\":\\"$BILL_PASSWORD\\",\\"organizationId\\":\\"$BILL_ORGANIZATION_ID\\",\\"devKey\\":\\"$BILL_DEV_KEY\\"}"

The values are secrets: they are printed for your shell, never logged.`;

/** A value as one POSIX shell word: single-quoted, with any single quote closed and escaped. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function readSaved(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    throw new CliError(`no ${what} at ${file}`, [
      "billet serve saves it there on the first start of a sandbox with an empty SQLite store;",
      "start it once (npm start), or point --database at the store it uses.",
    ]);
  }
}

/** `billet demo env`: the demo account's credentials as `export` lines, for `eval`. */
export function registerDemoCommands(program: Command): void {
  const demo = program
    .command("demo")
    .summary("the demo account billet serve creates on a first start")
    .description("the demo account `billet serve` creates on the first start of an empty sandbox store");
  withCommonOptions(
    demo
      .command("env")
      .description(
        'print the demo credentials and the operator token as shell variables (eval "$(billet demo env)")',
      )
      .option("--url <url>", "the server's root URL (default: the one saved on the first start)")
      .addHelpText("after", HELP),
    "the SQLite file the server uses",
  ).action((options: DemoEnvOptions) => {
    const config = loadConfig(process.env, { databaseUrl: options.database, logLevel: "warn" });
    const path = sqlitePath(config.databaseUrl);
    if (path === undefined || path === ":memory:")
      throw new CliError("the demo credentials are saved only beside an SQLite file", [
        "PostgreSQL and in-memory stores print them once, at the first start, and keep no copy.",
      ]);
    const folder = dirname(resolve(path));
    const file = join(folder, "demo-credentials.json");
    let saved: Record<string, unknown>;
    try {
      saved = JSON.parse(readSaved(file, "demo credentials")) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`${file} is not the JSON billet serve writes`);
    }
    const text = (key: string): string => {
      const value = saved[key];
      if (typeof value !== "string" || value === "") throw new CliError(`${file} has no ${key}`);
      return value;
    };
    const url = (options.url ?? text("url")).replace(/\/+$/, "");
    let token: string | undefined;
    try {
      token = readFileSync(join(folder, "operator-token"), "utf8").trim() || undefined;
    } catch {
      token = undefined;
    }
    const environment: DemoEnvironment = {
      BILLET_URL: url,
      BILL_BASE_URL: `${url}/connect`,
      BILL_ORGANIZATION_ID: text("organizationId"),
      BILL_USERNAME: text("username"),
      BILL_PASSWORD: text("password"),
      BILL_DEV_KEY: text("devKey"),
      ...(token ? { BILLET_OPERATOR_TOKEN: token } : {}),
    };
    emit(options, environment, () =>
      Object.entries(environment).map(([name, value]) => `export ${name}=${shellQuote(value)}`),
    );
  });
}
