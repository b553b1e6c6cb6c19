/**
 * The declarative seed file (`billet seed --file`): its shape, and a check of a parsed JSON
 * value that lists every problem with its JSON path before anything is written.
 */

import { canonicalEmail, EMAIL_MAX_LENGTH, EMAIL_PATTERN } from "../../auth/accounts/emails.ts";
import { type PasswordRules, passwordProblem } from "../../auth/accounts/password-policy.ts";
import { isId } from "../../auth/crypto/ids.ts";
import type { ErrorItem } from "../../errors.ts";
import { ROLE_TYPES, type RoleType } from "../../stores/types/organizations.ts";
import { readConsoles, type SeedConsole } from "./consoles.ts";
import { readOAuthApps, type SeedOAuthApp } from "./oauth-apps.ts";
import { readPartners, type SeedPartner } from "./partners.ts";
import { type Json, Reader } from "./reader.ts";
import { readSeedResources, type SeedResource } from "./resources.ts";
import { readSyncTokens, type SeedSyncToken } from "./sync-tokens.ts";

export interface SeedOrganization {
  path: string;
  /** A fixed id (`008…`) for stable fixtures; without it the organization is keyed by name. */
  id?: string;
  name: string;
  locked: boolean;
  /** Omitted: a new organization does not require MFA; an existing one keeps its setting. */
  mfaRequired?: boolean;
  /** Its AP & AR records (resources.ts), in the order of creation. */
  resources: SeedResource[];
}

export interface SeedMembership {
  path: string;
  /** An organization of the file (by id or name) or an id already in the store. */
  organization: string;
  role: RoleType;
  archived: boolean;
}

export interface SeedUser {
  path: string;
  /** Canonical (auth/emails.ts). */
  email: string;
  /** Omitted: a new user has none; an existing one keeps theirs. */
  password?: string;
  firstName: string;
  lastName: string;
  memberships: SeedMembership[];
}

export interface SeedDevKey {
  path: string;
  name: string;
  /** A literal key for stable fixtures; without it the key is generated once per name. */
  key?: string;
  active: boolean;
  mfaBypass: boolean;
}

export interface SeedFile {
  organizations: SeedOrganization[];
  users: SeedUser[];
  devKeys: SeedDevKey[];
  partners: SeedPartner[];
  /** BILL's Accountant Consoles (consoles.ts). */
  consoles: SeedConsole[];
  syncTokens: SeedSyncToken[];
  /** OAuth client-credentials apps (oauth-apps.ts). */
  oauthApps: SeedOAuthApp[];
}

const NAME = { required: true, test: /^(?=.*\S)[\s\S]{1,100}$/, reason: "must be 1-100 characters" };
const PERSON_NAME = { required: false, test: /^[\s\S]{0,100}$/, reason: "must be at most 100 characters" };
const ROLE = new RegExp(`^(${ROLE_TYPES.join("|")})$`);

function readOrganizations(r: Reader, root: Json): SeedOrganization[] {
  const ids = new Map<string, string>();
  const names = new Map<string, string>();
  return r.array(root, "organizations", "$").map((value, i) => {
    const path = `$.organizations[${i}]`;
    const o = r.object(value, path, ["id", "name", "locked", "mfaRequired", "resources"]);
    const id = r.string(o, "id", path, {
      required: false,
      test: /^008/,
      reason: "must be an organization id",
    });
    if (id !== undefined && !isId("organization", id))
      r.invalid(`${path}.id`, "must be 008 + 17 letters or digits");
    const name = r.string(o, "name", path, NAME)?.trim();
    r.duplicate(ids, id, `${path}.id`, "organization id");
    // Memberships name organizations by id or name: either must say which one.
    r.duplicate(names, name, `${path}.name`, "organization name");
    // A security setting is changed only when the file says so, never by leaving it out.
    const mfaRequired = o.mfaRequired === undefined ? undefined : r.boolean(o, "mfaRequired", path, false);
    return {
      path,
      ...(id ? { id } : {}),
      name: name ?? "",
      locked: r.boolean(o, "locked", path, false),
      ...(mfaRequired !== undefined ? { mfaRequired } : {}),
      resources: readSeedResources(r, o, path),
    };
  });
}

function readMemberships(r: Reader, user: Json, userPath: string): SeedMembership[] {
  const list = r.array(user, "memberships", userPath, true);
  if (Array.isArray(user.memberships) && list.length === 0) {
    r.invalid(`${userPath}.memberships`, "a user needs at least one membership");
  }
  return list.map((value, j) => {
    const path = `${userPath}.memberships[${j}]`;
    const m = r.object(value, path, ["organization", "role", "archived"]);
    const organization = r.string(m, "organization", path, {
      required: true,
      test: /\S/,
      reason: "must be a string",
    });
    const role = r.string(m, "role", path, {
      required: false,
      test: ROLE,
      reason: `must be one of ${ROLE_TYPES.join(", ")}`,
    });
    return {
      path,
      organization: organization ?? "",
      role: (role as RoleType | undefined) ?? "ADMINISTRATOR",
      archived: r.boolean(m, "archived", path, false),
    };
  });
}

function readUsers(r: Reader, root: Json, rules: PasswordRules): SeedUser[] {
  const emails = new Map<string, string>();
  return r.array(root, "users", "$").map((value, i) => {
    const path = `$.users[${i}]`;
    const u = r.object(value, path, ["email", "password", "firstName", "lastName", "memberships"]);
    const raw = r.string(u, "email", path, {
      required: true,
      test: /\S/,
      reason: "must be an email address",
    });
    const email = raw === undefined ? undefined : canonicalEmail(raw);
    if (email !== undefined && !EMAIL_PATTERN.test(email))
      r.invalid(`${path}.email`, "must be an email address");
    else if (email !== undefined && email.length > EMAIL_MAX_LENGTH)
      r.invalid(`${path}.email`, `must be at most ${EMAIL_MAX_LENGTH} characters`);
    r.duplicate(emails, email, `${path}.email`, "email");
    const password = r.string(u, "password", path, {
      required: false,
      test: /^/,
      reason: "must be a string",
    });
    const problem = password === undefined ? undefined : passwordProblem(rules, password, email ?? "");
    if (problem !== undefined) r.invalid(`${path}.password`, problem);
    return {
      path,
      email: email ?? "",
      ...(password !== undefined ? { password } : {}),
      firstName: r.string(u, "firstName", path, PERSON_NAME) ?? "",
      lastName: r.string(u, "lastName", path, PERSON_NAME) ?? "",
      memberships: readMemberships(r, u, path),
    };
  });
}

function readDevKeys(r: Reader, root: Json): SeedDevKey[] {
  const names = new Map<string, string>();
  const keys = new Map<string, string>();
  return r.array(root, "devKeys", "$").map((value, i) => {
    const path = `$.devKeys[${i}]`;
    const d = r.object(value, path, ["name", "key", "active", "mfaBypass"]);
    const name = r.string(d, "name", path, NAME)?.trim();
    // A key without a literal value is found again by its name, so names must be unique.
    r.duplicate(names, name, `${path}.name`, "devKey name");
    const key = r.string(d, "key", path, {
      required: false,
      test: /^[\x21-\x7e]{16,128}$/,
      reason: "must be 16-128 printable ASCII characters without spaces",
    });
    r.duplicate(keys, key, `${path}.key`, "devKey key");
    return {
      path,
      name: name ?? "",
      ...(key !== undefined ? { key } : {}),
      active: r.boolean(d, "active", path, true),
      mfaBypass: r.boolean(d, "mfaBypass", path, false),
    };
  });
}

/** Reads a parsed seed file; every problem is reported, each with its JSON path. */
export function readSeedFile(
  input: unknown,
  rules: PasswordRules,
): { file: SeedFile; problems: ErrorItem[] } {
  const r = new Reader();
  const root = r.object(input, "$", [
    "organizations",
    "users",
    "devKeys",
    "partners",
    "syncTokens",
    "consoles",
    "oauthApps",
  ]);
  const file = {
    organizations: readOrganizations(r, root),
    users: readUsers(r, root, rules),
    devKeys: readDevKeys(r, root),
    partners: readPartners(r, root, rules),
    consoles: readConsoles(r, root),
    syncTokens: readSyncTokens(r, root),
    oauthApps: readOAuthApps(r, root),
  };
  return { file, problems: r.problems };
}
