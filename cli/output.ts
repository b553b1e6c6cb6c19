import type { Result } from "../src/auth/context.ts";
import { ConfigError } from "../src/config.ts";
import { describeErrorItem, type ErrorItem } from "../src/errors.ts";

/** The options every command shares. */
export interface CommonOptions {
  database?: string;
  json?: boolean;
}

/** An expected failure: printed as one line (plus details), never with a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = "CliError";
  }
}

/**
 * Prints a command's result: `data` as one JSON document with `--json`, otherwise the
 * human text. Data goes to stdout; notes meant for a person go to stderr (see `note`).
 */
export function emit(options: CommonOptions, data: unknown, human: () => string | readonly string[]): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    return;
  }
  const text = human();
  const lines = typeof text === "string" ? [text] : text;
  if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`);
}

/** A remark for the person at the terminal, kept out of stdout so that scripts can capture data. */
export function note(options: CommonOptions, message: string): void {
  if (!options.json) process.stderr.write(`${message}\n`);
}

/** One error item of the domain as a sentence, with the extra detail a `reason` param carries. */
export function describeError(item: ErrorItem): string {
  return describeErrorItem(item);
}

/** The value of a successful domain result; a failure becomes a CliError. */
export function unwrap<T>(result: Result<T>, explain?: (item: ErrorItem) => string | undefined): T {
  if (result.ok) return result.value;
  const lines = result.errors.map((item) => explain?.(item) ?? describeError(item));
  if (lines.length === 1) throw new CliError(lines[0] as string);
  throw new CliError(`${lines.length} problems:`, lines);
}

/** Errors the operator can act on (bad input, a busy port, an unreadable file): no stack trace. */
function isExpected(error: unknown): error is Error {
  if (error instanceof CliError || error instanceof ConfigError) return true;
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}

/** Writes the failure to stderr and returns the exit code. */
export function reportFailure(error: unknown): number {
  if (isExpected(error)) {
    const details = error instanceof CliError ? error.details : [];
    const text = error instanceof ConfigError ? error.message : error.message.split("\n")[0];
    process.stderr.write(`billet: ${text}\n${details.map((line) => `  - ${line}\n`).join("")}`);
    return 1;
  }
  process.stderr.write(`billet: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
  return 1;
}

/** A time for people: UTC, to the second; from Unix ms or a BILL timestamp of a view. */
export function humanTime(time: number | string | null | undefined): string {
  if (time === null || time === undefined) return "-";
  const ms = typeof time === "string" ? Date.parse(time) : time;
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")}Z`;
}

/** Left-aligned columns under upper-case headings; `empty` when there are no rows. */
export function table(
  headings: readonly string[],
  rows: readonly (readonly string[])[],
  empty: string,
): string[] {
  if (rows.length === 0) return [empty];
  const widths = headings.map((heading, i) =>
    Math.max(heading.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(headings), ...rows.map(line)];
}
