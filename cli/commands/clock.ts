import { type Command, InvalidArgumentError } from "commander";
import { emit } from "../output.ts";
import { call, operatorFor, type ServerOptions, withServerOptions } from "./operator-api.ts";

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
