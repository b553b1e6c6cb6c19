import { type Command, InvalidArgumentError, Option } from "commander";
import type { StartupReport } from "../../src/main.ts";

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError("Expected a whole number from 0 to 65535 (0 = any free port).");
  }
  return port;
}

interface ServeOptions {
  port?: number;
  host?: string;
  database?: string;
  demo?: boolean;
  json?: boolean;
  mode?: "sandbox" | "service";
  operatorToken?: string;
}

/** `billet serve`: runs the HTTP server until SIGTERM/SIGINT. */
export function registerServeCommand(program: Command): void {
  const serve = program
    .command("serve")
    .summary("run the server until SIGTERM/SIGINT")
    .description(
      "run the server. On the first start of an empty store it creates a demo account and prints its credentials once (also saved, mode 0600, as demo-credentials.json beside the database). Stops gracefully on SIGTERM/SIGINT.",
    )
    .option("--port <n>", "TCP port, 0 = any free port (env PORT, default 3000)", parsePort)
    .option("--host <host>", "interface to bind (env HOST, default 127.0.0.1)")
    .option("--database <pathOrUrl>", "SQLite file or :memory: (env DATABASE_URL, default .billet/billet.db)")
    .option("--no-demo", "do not create the first-run demo account (env BILLET_DEMO)")
    .addOption(
      new Option(
        "--mode <mode>",
        "sandbox: demo account, test clock, faults, warnings; service: none of those (env BILLET_MODE, default sandbox)",
      ).choices(["sandbox", "service"]),
    )
    .option(
      "--operator-token <token>",
      "bearer token of the operator API and console; prefer env BILLET_OPERATOR_TOKEN (a flag shows in ps). Sandbox generates one",
    )
    .option("--json", "print the startup report (URL, demo credentials) as one JSON line");

  serve.action(async (options: ServeOptions) => {
    // Only an explicit --no-demo overrides BILLET_DEMO; commander's implied default must not.
    const demo = serve.getOptionValueSource("demo") === "cli" ? options.demo : undefined;
    // Loaded here, not at the top: the HTTP stack is slow to load and only `serve` needs it.
    const { describeStartup, main } = await import("../../src/main.ts");
    await main({
      overrides: {
        port: options.port,
        host: options.host,
        databaseUrl: options.database,
        demo,
        mode: options.mode,
        operatorToken: options.operatorToken,
      },
      announce: (report: StartupReport) =>
        process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : describeStartup(report)),
    });
  });
}
