/**
 * The `oauthApps` of a seed file (docs/bill-sign-in-modes.md section 4): OAuth client-credentials
 * apps of an organization, made for an administrator (a user of the file or the store, by
 * email). An app is matched by its `clientId` when the file gives one, else by (organization,
 * name) among the apps not revoked; a literal `clientSecret` makes a stable fixture, otherwise
 * the generated one is shown once, in the report. The scope is fixed at creation (BILL).
 */

import { canonicalEmail } from "../../auth/accounts/emails.ts";
import type { AuthDeps, Result } from "../../auth/context.ts";
import { isId } from "../../auth/crypto/ids.ts";
import { CLIENT_SECRET_PATTERN, createOAuthApp, isOAuthScope } from "../../auth/oauth/apps.ts";
import type { ErrorItem } from "../../errors.ts";
import type { OAuthApp, OAuthScope } from "../../stores/types/oauth-apps.ts";
import type { Json, Reader } from "./reader.ts";
import type { SeedReport } from "./report.ts";

export interface SeedOAuthApp {
  path: string;
  /** An organization of the file (by id or name) or an id already in the store. */
  organization: string;
  /** The administrator's email (canonical). */
  user: string;
  name: string;
  scope: OAuthScope;
  clientId?: string;
  clientSecret?: string;
}

/** Reads `$.oauthApps`; every problem is reported with its JSON path. */
export function readOAuthApps(r: Reader, root: Json): SeedOAuthApp[] {
  const ids = new Map<string, string>();
  const names = new Map<string, string>();
  return r.array(root, "oauthApps", "$").map((value, i) => {
    const path = `$.oauthApps[${i}]`;
    const a = r.object(value, path, ["organization", "user", "name", "scope", "clientId", "clientSecret"]);
    const organization = r.string(a, "organization", path, {
      required: true,
      test: /\S/,
      reason: "must be a string",
    });
    const user = r.string(a, "user", path, {
      required: true,
      test: /\S/,
      reason: "must be an email address",
    });
    const name = r
      .string(a, "name", path, {
        required: true,
        test: /^(?=.*\S)[\s\S]{1,100}$/,
        reason: "must be 1-100 characters",
      })
      ?.trim();
    const scope = r.string(a, "scope", path, {
      required: false,
      test: /^(full|accounting)$/,
      reason: "must be full or accounting",
    });
    const clientId = r.string(a, "clientId", path, {
      required: false,
      test: /^0oa01[0-9A-Za-z]{15}$/,
      reason: "must be 0oa01 + 15 letters or digits",
    });
    const clientSecret = r.string(a, "clientSecret", path, {
      required: false,
      test: CLIENT_SECRET_PATTERN,
      reason: "must be 16-128 printable ASCII characters without spaces",
    });
    r.duplicate(ids, clientId, `${path}.clientId`, "OAuth clientId");
    r.duplicate(
      names,
      organization && name ? `${organization}\u0000${name}` : undefined,
      `${path}.name`,
      "OAuth app name",
    );
    return {
      path,
      organization: organization ?? "",
      user: canonicalEmail(user ?? ""),
      name: name ?? "",
      scope: isOAuthScope(scope) ? scope : "accounting",
      ...(clientId !== undefined ? { clientId } : {}),
      ...(clientSecret !== undefined ? { clientSecret } : {}),
    };
  });
}

const invalid = (path: string, reason: string): ErrorItem => ({
  key: "INVALID_VALUE",
  params: { paramName0: path, reason },
});

async function findApp(
  deps: AuthDeps,
  entry: SeedOAuthApp,
  organizationId: string,
): Promise<OAuthApp | undefined> {
  if (entry.clientId !== undefined) return deps.stores.oauthApps.findById(entry.clientId);
  return (await deps.stores.oauthApps.list({ organizationId })).find((app) => app.name === entry.name);
}

/** What only the store reveals: an existing app of another organization, scope or user, or revoked. */
export async function checkOAuthAppsAgainstStore(
  deps: AuthDeps,
  apps: readonly SeedOAuthApp[],
  isFaulted: (path: string) => boolean,
): Promise<ErrorItem[]> {
  const problems: ErrorItem[] = [];
  for (const entry of apps) {
    if (isFaulted(entry.path) || entry.clientId === undefined) continue;
    const existing = await deps.stores.oauthApps.findById(entry.clientId);
    if (!existing) continue;
    if (existing.revokedAt !== null)
      problems.push(invalid(`${entry.path}.clientId`, "this app is revoked in the store"));
    if (existing.scope !== entry.scope)
      problems.push(invalid(`${entry.path}.scope`, "an app's scope is fixed at creation; make a new app"));
    if (isId("organization", entry.organization) && existing.organizationId !== entry.organization)
      problems.push(invalid(`${entry.path}.clientId`, "the app belongs to another organization"));
  }
  return problems;
}

/** Creates the missing apps, after the organizations and users are in place. */
export async function applyOAuthApps(
  deps: AuthDeps,
  apps: readonly SeedOAuthApp[],
  organizationIdOf: (ref: string) => string,
  report: SeedReport,
  must: <T>(result: Result<T>) => T,
): Promise<void> {
  for (const entry of apps) {
    const organizationId = organizationIdOf(entry.organization);
    const existing = await findApp(deps, entry, organizationId);
    if (existing) {
      if (existing.scope !== entry.scope) {
        report.warnings.push(
          `${entry.path}.scope: the store has "${existing.scope}"; a scope is fixed at creation`,
        );
      }
      report.unchanged.push({ kind: "oauthApp", id: existing.id, label: existing.name });
      continue;
    }
    const user = await deps.stores.users.findByEmail(entry.user);
    const created = must(
      user
        ? await createOAuthApp(deps, {
            organizationId,
            userId: user.id,
            name: entry.name,
            scope: entry.scope,
            ...(entry.clientId !== undefined ? { id: entry.clientId } : {}),
            ...(entry.clientSecret !== undefined ? { clientSecret: entry.clientSecret } : {}),
          })
        : { ok: false, errors: [invalid(`${entry.path}.user`, "no user with this email")] },
    );
    report.created.push({
      kind: "oauthApp",
      id: created.app.id,
      label: entry.name,
      changes: [`scope ${entry.scope}`],
      // A literal secret is already in the file; a generated one exists only here.
      ...(entry.clientSecret === undefined ? { key: created.clientSecret } : {}),
    });
  }
}
