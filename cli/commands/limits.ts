import type { Command } from "commander";
import { findDevKey } from "../../src/operator/limits-report.ts";
import { limitsView } from "../../src/operator/views.ts";
import { type CommonOptions, emit, humanTime, note, table, unwrap } from "../output.ts";
import { withCommonOptions, withDeps } from "../runtime.ts";

type LimitsView = Awaited<ReturnType<typeof limitsView>>;

function human(view: LimitsView): string[] {
  const budget = (b: LimitsView["hourlyRequests"]) =>
    b
      ? `${b.used} of ${b.limit} used, ${b.remaining} left; starts again ${humanTime(b.resetTime)}`
      : "off (no limit)";
  const lines = [
    `Developer key ${view.devKeyId} (${view.devKeyName})`,
    `Requests this hour  ${budget(view.hourlyRequests)}`,
    `Logins this hour    ${budget(view.hourlyLogins)}`,
  ];
  const inFlight = view.inFlight;
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
    const { view, flushMs } = await withDeps(options, async (deps) => {
      const found = unwrap(await findDevKey(deps, options.devkey), (item) =>
        // Never echo the argument: it may be the key itself.
        item.key === "NOT_FOUND" ? "unknown developer key" : undefined,
      );
      return { view: await limitsView(deps, found), flushMs: deps.config.limitFlushMs };
    });
    emit(options, view, () => human(view));
    if (flushMs > 0) {
      note(
        options,
        `Counts as a running server last wrote them (at most ${flushMs} ms old). Its requests in flight live in its memory: shown here only when it runs with BILLET_LIMIT_FLUSH_MS=0.`,
      );
    }
  });
}
