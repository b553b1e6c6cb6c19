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
      .option("--backwards", "allow a negative duration (after --, e.g. -- -10m) to move the clock back")
      .description("move the clock forward (sessions, MFA tokens, lockouts and limit windows age with it)"),
  ).action(async (ms: number, options: ServerOptions & { backwards?: boolean }) => {
    const now = await call(() =>
      operatorFor(options).clock.advance({ milliseconds: ms, ...backwardsOf(options) }),
    );
    emit(options, now, () => `clock advanced by ${ms} ms: now ${now.time}${frozenNote(now)}`);
  });

  withServerOptions(
    clock
      .command("set")
      .argument("<time>", "an ISO-8601 time, e.g. 2026-12-01T09:00:00Z")
      .option("--backwards", BACKWARDS)
      .description("set the clock (a frozen clock stays frozen)"),
  ).action(async (time: string, options: ServerOptions & { backwards?: boolean }) => {
    const now = await call(() => operatorFor(options).clock.set(time, backwardsOf(options)));
    emit(options, now, () => `clock set: now ${now.time}${frozenNote(now)}`);
  });

  withServerOptions(
    clock
      .command("freeze")
      .argument("[time]", "where to stop it, an ISO-8601 time (default: now)")
      .option("--backwards", BACKWARDS)
      .description("stop the clock: it shows one instant until moved, unfrozen or reset"),
  ).action(async (time: string | undefined, options: ServerOptions & { backwards?: boolean }) => {
    const now = await call(() => operatorFor(options).clock.freeze(time, backwardsOf(options)));
    emit(options, now, () => `clock frozen at ${now.time}`);
  });

  withServerOptions(
    clock.command("unfreeze").description("run the clock again from where it was frozen"),
  ).action(async (options: ServerOptions) => {
    const now = await call(() => operatorFor(options).clock.unfreeze());
    emit(options, now, () => `clock running: now ${now.time}`);
  });

  withServerOptions(
    clock
      .command("reset")
      .description("back to real time, running (earlier sandbox time: see README, moving the clock back)"),
  ).action(async (options: ServerOptions) => {
    const now = await call(() => operatorFor(options).clock.reset());
    emit(options, now, () => `clock reset to real time: now ${now.time}`);
  });
}

const BACKWARDS =
  "allow a time earlier than the clock's: expired sessions not yet removed come back, lockouts last longer";

const backwardsOf = (options: { backwards?: boolean }) => (options.backwards ? { backwards: true } : {});

const frozenNote = (now: { frozen: boolean }) => (now.frozen ? " (frozen)" : "");
