import { type Command, InvalidArgumentError } from "commander";
import { listOutbox } from "../../src/operator/views.ts";
import { CliError, type CommonOptions, emit, humanTime, table } from "../output.ts";
import { withCommonOptions, withDeps } from "../runtime.ts";

interface OutboxOptions extends CommonOptions {
  to?: string;
  user?: string;
  last?: boolean;
  code?: boolean;
  limit: number;
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new InvalidArgumentError("a whole number from 1 to 1000");
  return limit;
}

const HELP = `
Examples:
  billet outbox                          the last 20 messages, oldest first
  billet outbox --to +15551234567 --last the newest message to that phone
  CODE=$(billet outbox --to +15551234567 --code)   just its 6-digit code, for scripts`;

/** `billet outbox`: what BILL would have sent by SMS, voice or e-mail (spec section 10). */
export function registerOutboxCommand(program: Command): void {
  withCommonOptions(
    program
      .command("outbox")
      .summary("read the delivery outbox: MFA codes and invitations, without a phone")
      .description(
        "read the delivery outbox: every MFA token and invitation the server would have sent by SMS, voice or e-mail (with the default outbox delivery; a webhook keeps no copy)",
      )
      .option("--to <recipient>", "only messages to this phone (E.164) or e-mail address")
      .option("--user <userId>", "only messages for this user (006…)")
      .option("--last", "only the newest message")
      .option("--code", "print only the 6-digit code of the newest message (implies --last)")
      .option("--limit <n>", "how many of the newest messages", parseLimit, 20)
      .addHelpText("after", HELP),
  ).action(async (options: OutboxOptions) => {
    const last = options.last || options.code;
    const newestFirst = await withDeps(options, (deps) =>
      listOutbox(deps, {
        ...(options.to !== undefined ? { recipient: options.to } : {}),
        ...(options.user !== undefined ? { userId: options.user } : {}),
        limit: last ? 1 : options.limit,
      }),
    );
    if (last) {
      const [message] = newestFirst;
      // Scripts reading a code must fail loudly rather than carry on with nothing.
      if (!message) throw new CliError(`no message in the outbox${options.to ? ` to ${options.to}` : ""}`);
      if (options.code) {
        const code = /\b(\d{6})\b/.exec(message.text)?.[1];
        if (!code) throw new CliError(`the newest message (${message.purpose}) carries no code`);
        emit(options, { code, message }, () => code);
        return;
      }
      emit(options, message, () => [
        `${humanTime(message.createdTime)}  ${message.channel}  ${message.recipient}  ${message.purpose}`,
        message.text,
      ]);
      return;
    }
    const messages = [...newestFirst].reverse();
    emit(options, messages, () =>
      table(
        ["TIME", "CHANNEL", "TO", "PURPOSE", "TEXT"],
        messages.map((m) => [humanTime(m.createdTime), m.channel, m.recipient, m.purpose, m.text]),
        "No messages.",
      ),
    );
  });
}
