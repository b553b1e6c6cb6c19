/**
 * The `partners` of a seed file: partners with literal appKey and devKey values (stable
 * fixtures; `billet partner create` generates them instead) and their partner users. A
 * partner is matched by its appKey, a partner user by username within it.
 */

import { createPartner, PARTNER_USERNAME_PATTERN, setPartnerUser } from "../../auth/accounts/partners.ts";
import { type PasswordRules, passwordProblem } from "../../auth/accounts/password-policy.ts";
import type { AuthDeps, Result } from "../../auth/context.ts";
import { hashSecret } from "../../auth/crypto/ids.ts";
import type { ErrorItem } from "../../errors.ts";
import type { Reader } from "./reader.ts";
import type { SeedChange, SeedReport } from "./report.ts";

export interface SeedPartnerUser {
  path: string;
  /** Lower-cased. */
  username: string;
  password: string;
}

export interface SeedPartner {
  path: string;
  name: string;
  appKey: string;
  devKey: string;
  users: SeedPartnerUser[];
}

const KEY = {
  required: true,
  test: /^[\x21-\x7e]{16,128}$/,
  reason: "must be 16-128 printable ASCII characters without spaces",
};

/** Reads `$.partners`; every problem is reported with its JSON path. */
export function readPartners(r: Reader, root: Record<string, unknown>, rules: PasswordRules): SeedPartner[] {
  const appKeys = new Map<string, string>();
  return r.array(root, "partners", "$").map((value, i) => {
    const path = `$.partners[${i}]`;
    const p = r.object(value, path, ["name", "appKey", "devKey", "users"]);
    const name = r.string(p, "name", path, {
      required: true,
      test: /^(?=.*\S)[\s\S]{1,100}$/,
      reason: "must be 1-100 characters",
    });
    const appKey = r.string(p, "appKey", path, KEY);
    r.duplicate(appKeys, appKey, `${path}.appKey`, "appKey");
    const devKey = r.string(p, "devKey", path, KEY);
    const list = r.array(p, "users", path, true);
    if (Array.isArray(p.users) && list.length === 0)
      r.invalid(`${path}.users`, "a partner needs at least one user");
    const usernames = new Map<string, string>();
    const users = list.map((entry, j) => {
      const userPath = `${path}.users[${j}]`;
      const u = r.object(entry, userPath, ["username", "password"]);
      const username = r.string(u, "username", userPath, {
        required: true,
        test: PARTNER_USERNAME_PATTERN,
        reason: "must be 1-100 printable ASCII characters without spaces",
      });
      r.duplicate(usernames, username?.toLowerCase(), `${userPath}.username`, "username");
      const password = r.string(u, "password", userPath, {
        required: true,
        test: /^/,
        reason: "must be a string",
      });
      const problem = password === undefined ? undefined : passwordProblem(rules, password, username ?? "");
      if (problem !== undefined) r.invalid(`${userPath}.password`, problem);
      return { path: userPath, username: username?.toLowerCase() ?? "", password: password ?? "" };
    });
    return { path, name: name?.trim() ?? "", appKey: appKey ?? "", devKey: devKey ?? "", users };
  });
}

const invalid = (path: string, reason: string): ErrorItem => ({
  key: "INVALID_VALUE",
  params: { paramName0: path, reason },
});

/** What only the store reveals: a devKey that another key or partner already has. */
export async function checkPartnersAgainstStore(
  deps: AuthDeps,
  partners: readonly SeedPartner[],
  isFaulted: (path: string) => boolean,
): Promise<ErrorItem[]> {
  const problems: ErrorItem[] = [];
  for (const entry of partners) {
    if (isFaulted(entry.path)) continue;
    const existing = await deps.stores.partners.findByAppKeyHash(hashSecret(entry.appKey));
    const devKey = await deps.stores.devKeys.findByKeyHash(hashSecret(entry.devKey));
    if (existing && devKey?.id !== existing.devKeyId) {
      problems.push(invalid(`${entry.path}.devKey`, "cannot change on an existing partner"));
    } else if (!existing && devKey) {
      problems.push(invalid(`${entry.path}.devKey`, "already the key of another developer key"));
    }
  }
  return problems;
}

/** Creates missing partners and partner users; sets passwords that changed. */
export async function applyPartners(
  deps: AuthDeps,
  partners: readonly SeedPartner[],
  report: SeedReport,
  must: <T>(result: Result<T>) => T,
): Promise<void> {
  for (const entry of partners) {
    let partner = await deps.stores.partners.findByAppKeyHash(hashSecret(entry.appKey));
    // A new partner is created with its first user; the others are added below.
    let remaining = entry.users;
    if (!partner) {
      const [first, ...rest] = entry.users;
      const created = must(
        await createPartner(deps, {
          name: entry.name,
          appKey: entry.appKey,
          devKey: entry.devKey,
          ...(first ? { username: first.username, password: first.password } : {}),
        }),
      );
      partner = created.partner;
      remaining = rest;
      report.created.push({ kind: "partner", id: partner.id, label: entry.name });
      report.created.push({ kind: "partnerUser", id: created.user.id, label: created.user.username });
    } else {
      if (partner.name !== entry.name) {
        report.warnings.push(`${entry.path}.name: the store has "${partner.name}"; names are not updated`);
      }
      report.unchanged.push({ kind: "partner", id: partner.id, label: partner.name });
    }
    for (const user of remaining) {
      const existing = await deps.stores.partners.findUser(partner.id, user.username);
      const entryChange: Omit<SeedChange, "id"> = { kind: "partnerUser", label: user.username };
      // Only re-hash when needed: a fresh hash on every run would be a change on every run.
      if (existing && (await deps.hasher.verify(existing.passwordHash, user.password))) {
        report.unchanged.push({ ...entryChange, id: existing.id });
        continue;
      }
      const { user: saved, created } = must(await setPartnerUser(deps, partner.id, user));
      if (created) report.created.push({ ...entryChange, id: saved.id });
      else report.updated.push({ ...entryChange, id: saved.id, changes: ["password"] });
    }
  }
}
