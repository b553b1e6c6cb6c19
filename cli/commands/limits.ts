import type { Command } from "commander";
import { formatTimestamp } from "../../src/clock.ts";
import { findDevKey, type LimitsReport, readLimits } from "../../src/operator/limits-report.ts";
import { type CommonOptions, emit, humanTime, note, table, unwrap } from "../output.ts";
import { withCommonOptions, withDeps } from "../runtime.ts";

interface Budget {
  limit: number;
  used: number;
  remaining: number;
  resetTime: string;
}

/** The report as printed with --json: times as BILL timestamps, a switched-off limit as null. */
function toJson(devKey: { id: string; name: string }, report: LimitsReport) {
  const budget = (b: LimitsReport["hourlyRequests"]): Budget | null =>
    b
      ? { limit: b.limit, used: b.used, remaining: b.remaining, resetTime: formatTimestamp(b.resetAt) }
      : null;
  return {
    devKeyId: devKey.id,
    devKeyName: devKey.name,
    hourlyRequests: budget(report.hourlyRequests),
    hourlyLogins: budget(report.hourlyLogins),
    inFlight: report.inFlight ?? null,
  };
}

function human(devKey: { id: string; name: string }, report: LimitsReport): string[] {
  const budget = (b: LimitsReport["hourlyRequests"]) =>
    b
      ? `${b.used} of ${b.limit} used, ${b.remaining} left; starts again ${humanTime(b.resetAt)}`
      : "off (no limit)";
  const lines = [
    `Developer key ${devKey.id} (${devKey.name})`,
    `Requests this hour  ${budget(report.hourlyRequests)}`,
    `Logins this hour    ${budget(report.hourlyLogins)}`,
  ];
  const inFlight = report.inFlight;
  if (!inFlight) return [...lines, "In flight           off (no limit)"];
  lines.push(`In flight           at most ${inFlight.limit} per organization`);
  return [
    ...lines,
    ...table(
      ["ORGANIZATION", "IN FLIGHT"],
      inFlight.organizations.map((o) => [o.organizationId, String(o.held)]),
      "  (none)",
    ).map((line) => (line.startsWith("  ") ? line : `  ${line}`)),
  ];
}

/** `billet limits --devkey KEY_OR_ID`: a developer key's budgets and requests in flight. */
export function registerLimitsCommand(program: Command): void {
  withCommonOptions(
    program
      .command("limits")
      .summary("show a developer key's hourly budgets and requests in flight")
      .description(
        "show a developer key's hourly request and login budgets (used, limit, when they start again) and its requests in flight per organization (spec section 6). " +
          "A running server writes its hourly counts back every BILLET_LIMIT_FLUSH_MS (default 1000 ms); with that above 0 its requests in flight live only in its memory and show here only when it runs with BILLET_LIMIT_FLUSH_MS=0. " +
          "The limits shown are this command's configuration (environment), which should be the server's.",
      )
      .requiredOption("--devkey <keyOrId>", "the developer key, by its id (0dk…) or the key itself"),
  ).action(async (options: CommonOptions & { devkey: string }) => {
    const { devKey, report, flushMs } = await withDeps(options, async (deps) => {
      const found = unwrap(await findDevKey(deps, options.devkey), (item) =>
        // Never echo the argument: it may be the key itself.
        item.key === "NOT_FOUND" ? "unknown developer key" : undefined,
      );
      return { devKey: found, report: await readLimits(deps, found.id), flushMs: deps.config.limitFlushMs };
    });
    emit(options, toJson(devKey, report), () => human(devKey, report));
    if (flushMs > 0) {
      note(
        options,
        `Counts as a running server last wrote them (at most ${flushMs} ms old). Its requests in flight live in its memory: shown here only when it runs with BILLET_LIMIT_FLUSH_MS=0.`,
      );
    }
  });
}
