/**
 * The seed of `startBillet`: a file read (and checked to be JSON) before anything starts, or an
 * object written to a temporary file, the only way into `billet serve --seed`; and what a test
 * needs from what applying it did: ids, and credentials that log in.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { OperatorSeedChange, OperatorSeedReport } from "../../client/src/index.ts";
import { canonicalEmail } from "../auth/accounts/emails.ts";
import { readSeedJson } from "../operator/seed/report.ts";
import type { BilletCredentials, BilletSeed } from "./types.ts";

export interface PreparedSeed {
  /** The file the server reads (absolute). */
  file: string;
  /** Its parsed content. */
  input: unknown;
  /** Names the file as the test gave it: the path, or "the seed object" for a temporary file. */
  describe(message: string): string;
  /** Deletes the temporary file, if there is one. */
  remove(): Promise<void>;
}

/** Reads a seed file (a clear error when it is missing or not JSON), or writes a seed object to a temporary one. */
export async function prepareSeed(seed: string | BilletSeed): Promise<PreparedSeed> {
  if (typeof seed === "string") {
    const file = resolve(seed);
    return { file, input: await readSeedJson(file), describe: (message) => message, remove: async () => {} };
  }
  if (typeof seed !== "object" || seed === null || Array.isArray(seed)) {
    throw new Error("the seed must be a path or an object (a seed file's content)");
  }
  const folder = await mkdtemp(join(tmpdir(), "billet-seed-"));
  const file = join(folder, "seed.json");
  try {
    await writeFile(file, JSON.stringify(seed), { mode: 0o600 });
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    file,
    // What the server reads back: JSON's view of the object (no undefined, no functions).
    input: JSON.parse(JSON.stringify(seed)),
    describe: (message) => message.replaceAll(file, "the seed object"),
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

const entries = (report: OperatorSeedReport): OperatorSeedChange[] => [
  ...report.created,
  ...report.updated,
  ...report.unchanged,
];

/** The id of the object of that kind and label the report names, or undefined. */
export function findId(
  report: OperatorSeedReport | undefined,
  kind: OperatorSeedChange["kind"],
  label: string,
): string | undefined {
  if (!report) return undefined;
  const wanted = kind === "user" ? canonicalEmail(label) : label.trim();
  return entries(report).find((entry) => entry.kind === kind && entry.label === wanted)?.id;
}

/**
 * Credentials from a seed and what applying it did: its first user with a password and an
 * active membership, in that organization, with its first active devKey (a generated key
 * is in the report of the run that made it). Undefined when the seed has no such three.
 */
export function seedCredentials(input: unknown, report: OperatorSeedReport): BilletCredentials | undefined {
  if (!isObject(input)) return undefined;
  const organizations = list(input.organizations);
  const organizationId = (ref: string): string | undefined => {
    const named = organizations.find((o) => text(o.id) === ref || text(o.name)?.trim() === ref.trim());
    if (!named) return ref;
    return text(named.id) ?? findId(report, "organization", text(named.name) ?? "");
  };
  let login: Omit<BilletCredentials, "devKey"> | undefined;
  for (const user of list(input.users)) {
    const password = text(user.password);
    const email = text(user.email);
    const membership = list(user.memberships).find((m) => m.archived !== true && text(m.organization));
    if (password === undefined || email === undefined || !membership) continue;
    const orgId = organizationId(text(membership.organization) ?? "");
    const userId = findId(report, "user", email);
    if (orgId === undefined || userId === undefined) continue;
    login = { organizationId: orgId, userId, username: canonicalEmail(email), password };
    break;
  }
  if (!login) return undefined;
  for (const devKey of list(input.devKeys)) {
    if (devKey.active === false) continue;
    const name = text(devKey.name)?.trim() ?? "";
    const key =
      text(devKey.key) ??
      entries(report).find((entry) => entry.kind === "devKey" && entry.label === name)?.key;
    if (key !== undefined) return { ...login, devKey: key };
  }
  return undefined;
}
