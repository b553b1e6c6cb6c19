import { describeErrorItem, type ErrorItem } from "../../errors.ts";
/** What applying a seed file did, object by object. */

export interface SeedChange {
  kind:
    | "organization"
    | "user"
    | "membership"
    | "devKey"
    | "partner"
    | "partnerUser"
    | "resource"
    | "console"
    | "consoleOrganization"
    | "consoleUser"
    | "consoleToken"
    | "syncToken"
    | "oauthApp";
  /** The object's id; a membership's is `userId/organizationId`. A resource's label is `<kind> @<ref>`. */
  id: string;
  label: string;
  /** What an update changed, e.g. `role CLERK → APPROVER`. */
  changes?: string[];
  /** A generated developer key, sync token value or OAuth client secret: this report is the only place it is ever shown. */
  key?: string;
  sessionsEnded?: number;
}

export interface SeedReport {
  created: SeedChange[];
  updated: SeedChange[];
  unchanged: SeedChange[];
  /** Differences the seed does not apply (names of existing objects). */
  warnings: string[];
}

const describeChange = (verb: string, change: SeedChange): string[] => {
  const details = [
    ...(change.changes ?? []),
    ...(change.sessionsEnded ? [`ended ${change.sessionsEnded} session(s)`] : []),
  ];
  const line = `${verb} ${change.kind} ${change.label} (${change.id})${details.length ? `: ${details.join(", ")}` : ""}`;
  // A generated key is printed once, here, and stored nowhere.
  return change.key ? [line, `  key (shown once): ${change.key}`] : [line];
};

/** What applying a seed did, as lines for a person: each change, a generated key shown once, the totals. */
export function describeSeedReport(report: SeedReport): string[] {
  const lines = [
    ...report.created.flatMap((c) => describeChange("created", c)),
    ...report.updated.flatMap((c) => describeChange("updated", c)),
    ...report.warnings.map((w) => `warning: ${w}`),
  ];
  const { created, updated, unchanged } = report;
  lines.push(
    created.length + updated.length === 0
      ? `Nothing to do: ${unchanged.length} unchanged.`
      : `${created.length} created, ${updated.length} updated, ${unchanged.length} unchanged.`,
  );
  return lines;
}

/** A seed file's JSON; an Error naming the file and what is wrong with it (unreadable, not JSON). */
export async function readSeedJson(file: string): Promise<unknown> {
  const { readFile } = await import("node:fs/promises");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** A problem of a seed as `path: what is wrong`, or the error's message when it names no path. */
export function describeSeedProblem(item: ErrorItem): string {
  const path = item.params?.paramName0;
  if (!path?.startsWith("$")) return describeErrorItem(item);
  if (item.key === "MISSING_PARAMETER") return `${path}: required`;
  return `${path}: ${item.params?.reason ?? "invalid value"}`;
}
