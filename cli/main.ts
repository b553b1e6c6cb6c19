import { Command, CommanderError } from "commander";
import { BILLET_VERSION } from "../src/version.ts";
import { registerClockCommands } from "./commands/clock.ts";
import { registerConsoleCommands } from "./commands/console.ts";
import { registerDemoCommands } from "./commands/demo.ts";
import { registerDevKeyCommands } from "./commands/devkey.ts";
import { registerIsolationCommands } from "./commands/isolation.ts";
import { registerLimitsCommand } from "./commands/limits.ts";
import { registerMfaCommands } from "./commands/mfa.ts";
import { registerOAuthAppCommands } from "./commands/oauth-app.ts";
import { registerOrgCommands } from "./commands/org.ts";
import { registerOutboxCommand } from "./commands/outbox.ts";
import { registerPartnerCommands } from "./commands/partner.ts";
import { registerSeedCommand } from "./commands/seed.ts";
import { registerServeCommand } from "./commands/serve.ts";
import { registerSessionCommands } from "./commands/sessions.ts";
import { registerSyncTokenCommands } from "./commands/sync-token.ts";
import { registerUserCommands } from "./commands/user.ts";
import { reportFailure } from "./output.ts";

/** Exit code for a command line commander rejects (unknown option, missing flag, bad choice). */
const USAGE_EXIT_CODE = 2;

/** The `billet` program: every command, none run yet. */
export function buildProgram(): Command {
  const program = new Command()
    .name("billet")
    .description(
      "Operate a billet server: BILL's v3 login and session API.\n\n" +
        "Every command acts on the server's store, an SQLite file or PostgreSQL (--database, env DATABASE_URL, default .billet/billet.db), and is safe to run while the servers are up.",
    )
    .version(BILLET_VERSION)
    // Throw instead of exiting, so that run() chooses the exit code and nothing else exits.
    .exitOverride()
    .showSuggestionAfterError(true);

  registerServeCommand(program);
  registerOrgCommands(program);
  registerUserCommands(program);
  registerDevKeyCommands(program);
  registerSyncTokenCommands(program);
  registerSessionCommands(program);
  registerLimitsCommand(program);
  registerSeedCommand(program);
  registerMfaCommands(program);
  registerOutboxCommand(program);
  registerPartnerCommands(program);
  registerConsoleCommands(program);
  registerClockCommands(program);
  registerIsolationCommands(program);
  registerOAuthAppCommands(program);
  registerDemoCommands(program);
  return program;
}

/** Parses `argv` (process.argv form), runs the command and sets the exit code. */
export async function run(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help text).
      process.exitCode =
        error.exitCode === 1 && error.code !== "commander.help" ? USAGE_EXIT_CODE : error.exitCode;
      return;
    }
    process.exitCode = reportFailure(error);
  }
}
