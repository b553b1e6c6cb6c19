/**
 * The `syncTokens` of a seed file (docs/bill-sign-in-modes.md section 3.6): AP & AR sync
 * tokens of the file's (or the store's) organizations, keyed by (organization, name) among the
 * live ones. A literal `token` makes a stable fixture; without it the value is generated once
 * and shown only in the report (as a devKey's).
 */

import { canonicalEmail } from "../../auth/accounts/emails.ts";
import { createSyncTokenAsOperator, isValidSyncTokenName } from "../../auth/accounts/sync-tokens.ts";
import type { AuthDeps, Result } from "../../auth/context.ts";
import { digestsEqual, hashSecret } from "../../auth/crypto/ids.ts";
import type { Reader } from "./reader.ts";
import type { SeedReport } from "./report.ts";

export interface SeedSyncToken {
  path: string;
  /** An organization of the file (by id or name) or an id already in the store. */
  organization: string;
  name: string;
  /** A literal value (16–128 printable ASCII characters). */
  token?: string;
  /** The email of the Administrator it acts as; the organization's first one when absent. */
  user?: string;
}

/** Reads `$.syncTokens`; every problem is reported with its JSON path. */
export function readSyncTokens(r: Reader, root: Record<string, unknown>): SeedSyncToken[] {
  const keys = new Map<string, string>();
  return r.array(root, "syncTokens", "$").map((value, i) => {
    const path = `$.syncTokens[${i}]`;
    const s = r.object(value, path, ["organization", "name", "token", "user"]);
    const organization = r.string(s, "organization", path, {
      required: true,
      test: /\S/,
      reason: "must be an organization of the file (id or name) or an id",
    });
    const name = r
      .string(s, "name", path, {
        required: true,
        test: /\S/,
        reason: "must be 1-100 characters without @",
      })
      ?.trim();
    if (name !== undefined && name !== "" && !isValidSyncTokenName(name))
      r.invalid(`${path}.name`, "must be 1-100 characters without @");
    r.duplicate(
      keys,
      organization && name ? `${organization}\u0000${name}` : undefined,
      `${path}.name`,
      "sync token name",
    );
    const token = r.string(s, "token", path, {
      required: false,
      test: /^[\x21-\x7e]{16,128}$/,
      reason: "must be 16-128 printable ASCII characters without spaces",
    });
    const user = r.string(s, "user", path, {
      required: false,
      test: /@/,
      reason: "must be an email address",
    });
    return {
      path,
      organization: organization ?? "",
      name: name ?? "",
      ...(token !== undefined ? { token } : {}),
      ...(user !== undefined ? { user: canonicalEmail(user) } : {}),
    };
  });
}

/** Creates the missing tokens; an existing one is left as it is (its value is never changed). */
export async function applySyncTokens(
  deps: AuthDeps,
  entries: readonly SeedSyncToken[],
  orgId: (ref: string) => string,
  report: SeedReport,
  must: <T>(result: Result<T>) => T,
): Promise<void> {
  for (const entry of entries) {
    const organizationId = orgId(entry.organization);
    const label = entry.name;
    const existing = await deps.stores.syncTokens.findLiveByName(organizationId, entry.name);
    if (existing) {
      if (entry.token !== undefined && !digestsEqual(existing.valueHash, hashSecret(entry.token))) {
        report.warnings.push(
          `${entry.path}.token: the store's token has another value; values are not updated`,
        );
      }
      report.unchanged.push({ kind: "syncToken", id: existing.id, label });
      continue;
    }
    const userId =
      entry.user === undefined ? undefined : ((await deps.stores.users.findByEmail(entry.user))?.id ?? "");
    const created = must(
      await createSyncTokenAsOperator(deps, {
        organizationId,
        name: entry.name,
        userId,
        ...(entry.token !== undefined ? { value: entry.token } : {}),
      }),
    );
    report.created.push({
      kind: "syncToken",
      id: created.token.id,
      label,
      // A literal value is already in the file; a generated one exists only here.
      ...(entry.token === undefined ? { key: created.value } : {}),
    });
  }
}
