/**
 * The `consoles` of a seed file (docs/bill-sign-in-modes.md section 5): Accountant Consoles,
 * the organizations each serves (by name or id), their users (by email; a new one gets an
 * identity without a password) and Console API tokens with literal values (stable fixtures;
 * `billet console create-token` generates them instead). A console is matched by its name
 * (ours: consoles have no other natural key), a token by its value's hash.
 */
import {
  addConsoleOrganization,
  addConsoleUser,
  createConsole,
  createConsoleToken,
} from "../../auth/accounts/consoles.ts";
import { canonicalEmail } from "../../auth/accounts/emails.ts";
import type { AuthDeps, Result } from "../../auth/context.ts";
import { hashSecret } from "../../auth/crypto/ids.ts";
import type { Reader } from "./reader.ts";
import type { SeedReport } from "./report.ts";

export interface SeedConsoleToken {
  path: string;
  /** The email of a user of this console. */
  user: string;
  name: string;
  token: string;
}

export interface SeedConsole {
  path: string;
  name: string;
  /** Organization names or ids of the file, or ids of the store. */
  organizations: string[];
  users: string[];
  tokens: SeedConsoleToken[];
}

const NAME = { required: true, test: /^(?=.*\S)[\s\S]{1,100}$/, reason: "must be 1-100 characters" };
const TOKEN = {
  required: true,
  test: /^[\x21-\x7e]{16,128}$/,
  reason: "must be 16-128 printable ASCII characters without spaces",
};
const TEXT = { required: true, test: /^[\s\S]{1,254}$/, reason: "must be 1-254 characters" };

/** Reads `$.consoles`; every problem is reported with its JSON path. */
export function readConsoles(r: Reader, root: Record<string, unknown>): SeedConsole[] {
  const names = new Map<string, string>();
  const tokens = new Map<string, string>();
  return r.array(root, "consoles", "$").map((value, i) => {
    const path = `$.consoles[${i}]`;
    const c = r.object(value, path, ["name", "organizations", "users", "tokens"]);
    const name = r.string(c, "name", path, NAME)?.trim() ?? "";
    r.duplicate(names, name || undefined, `${path}.name`, "name");
    const texts = (key: string) =>
      r.array(c, key, path).map((entry, j) => {
        if (typeof entry !== "string" || !TEXT.test.test(entry)) {
          r.invalid(`${path}.${key}[${j}]`, TEXT.reason);
          return "";
        }
        return entry;
      });
    const organizations = texts("organizations");
    const users = texts("users").map(canonicalEmail);
    const seedTokens = r.array(c, "tokens", path).map((entry, j) => {
      const tokenPath = `${path}.tokens[${j}]`;
      const t = r.object(entry, tokenPath, ["user", "name", "token"]);
      const user = canonicalEmail(r.string(t, "user", tokenPath, TEXT) ?? "");
      if (user && !users.includes(user)) r.invalid(`${tokenPath}.user`, "must be one of the console's users");
      const token = r.string(t, "token", tokenPath, TOKEN) ?? "";
      r.duplicate(tokens, token || undefined, `${tokenPath}.token`, "token");
      const tokenName = r.string(t, "name", tokenPath, { ...NAME, required: false })?.trim();
      return { path: tokenPath, user, token, name: tokenName || "Console API token" };
    });
    return { path, name, organizations, users, tokens: seedTokens };
  });
}

/**
 * Creates missing consoles, links, console users and tokens, after the file's organizations
 * and users. Never removes anything.
 */
export async function applyConsoles(
  deps: AuthDeps,
  consoles: readonly SeedConsole[],
  organizationId: (ref: string) => string,
  report: SeedReport,
  must: <T>(result: Result<T>) => T,
): Promise<void> {
  if (consoles.length === 0) return;
  const existing = await deps.stores.consoles.list();
  for (const entry of consoles) {
    let console = existing.find((c) => c.name === entry.name);
    if (console) report.unchanged.push({ kind: "console", id: console.id, label: entry.name });
    else {
      console = must(await createConsole(deps, { name: entry.name }));
      report.created.push({ kind: "console", id: console.id, label: entry.name });
    }
    const linked = new Set(
      (await deps.stores.consoles.listOrganizations(console.id)).map((l) => l.organizationId),
    );
    for (const ref of entry.organizations) {
      const id = organizationId(ref);
      if (linked.has(id)) continue;
      must(await addConsoleOrganization(deps, console.id, id));
      report.created.push({ kind: "consoleOrganization", id: `${console.id}/${id}`, label: ref });
    }
    const members = new Map(
      (await deps.stores.consoles.listMembers(console.id)).map((m) => [m.email, m.userId] as const),
    );
    for (const email of entry.users) {
      if (members.has(email)) continue;
      const added = must(await addConsoleUser(deps, console.id, { email }));
      members.set(email, added.userId);
      report.created.push({ kind: "consoleUser", id: `${console.id}/${added.userId}`, label: email });
    }
    for (const seed of entry.tokens) {
      const userId = members.get(seed.user) ?? "";
      const found = await deps.stores.consoles.findTokenByHash(hashSecret(seed.token));
      if (found) {
        if (found.consoleId !== console.id || found.userId !== userId) {
          report.warnings.push(
            `${seed.path}.token: already the token of another console or user; not changed`,
          );
        } else report.unchanged.push({ kind: "consoleToken", id: found.id, label: seed.name });
        continue;
      }
      const { id } = must(
        await createConsoleToken(deps, console.id, { userId, name: seed.name, token: seed.token }),
      );
      report.created.push({ kind: "consoleToken", id, label: seed.name });
    }
  }
}
