import { type Command, Option } from "commander";
import pino from "pino";
import type { AuthDeps } from "../src/auth/context.ts";
import { loadConfig } from "../src/config.ts";
import { openRuntime } from "../src/runtime.ts";
import type { CommonOptions } from "./output.ts";

/** `--database` and `--json`, which every command accepts. */
export function withCommonOptions(
  command: Command,
  databaseHelp = "SQLite file or postgres://…?schema=… URL",
): Command {
  return command
    .addOption(
      new Option("--database <pathOrUrl>", `${databaseHelp} (env DATABASE_URL, default .billet/billet.db)`),
    )
    .option("--json", "print the result as JSON, for scripts");
}

/**
 * Opens the same store the server uses, runs `work` with the domain's dependencies and
 * closes it. SQLite runs in WAL mode with a busy timeout, and PostgreSQL is shared by design, so
 * this is safe while servers run.
 */
export async function withDeps<T>(options: CommonOptions, work: (deps: AuthDeps) => Promise<T>): Promise<T> {
  // Log lines (audit events, warnings) go to stderr so that stdout stays the command's result;
  // only warnings and worse, an operator at a terminal does not want the info lines.
  const config = loadConfig(process.env, { databaseUrl: options.database, logLevel: "warn" });
  const runtime = await openRuntime(config, {
    logStream: pino.destination({ dest: 2, sync: true }),
    metrics: false,
  });
  try {
    return await work(runtime.deps);
  } finally {
    await runtime.close();
  }
}
