import type { AuthDeps } from "../../auth/context.ts";
import { hashSecret, isId } from "../../auth/crypto/ids.ts";
import type { ErrorItem } from "../../errors.ts";
import type { DevKey } from "../../stores/types/devkeys.ts";
import type { SeedDevKey, SeedFile } from "./file.ts";
import { checkOAuthAppsAgainstStore } from "./oauth-apps.ts";
import { checkPartnersAgainstStore } from "./partners.ts";

const invalid = (path: string, reason: string): ErrorItem => ({
  key: "INVALID_VALUE",
  params: { paramName0: path, reason },
});

/** The stored devKey an entry means: by key hash, or (without a literal key) by name. */
export async function findSeedDevKey(deps: AuthDeps, entry: SeedDevKey): Promise<DevKey | undefined> {
  if (entry.key !== undefined) return deps.stores.devKeys.findByKeyHash(hashSecret(entry.key));
  const named = (await deps.stores.devKeys.list()).filter((k) => k.name === entry.name);
  return named.find((k) => k.active) ?? named[0];
}

/**
 * The problems of a seed file that only the store reveals: references to unknown
 * organizations, two memberships in one organization, and changes the store cannot make.
 * Read-only.
 */
export async function checkSeedAgainstStore(
  deps: AuthDeps,
  file: SeedFile,
  fileProblems: readonly ErrorItem[],
): Promise<ErrorItem[]> {
  const problems: ErrorItem[] = [];
  // An entry the file check already faulted is not checked again: its values are stand-ins.
  const faulted = fileProblems.map((p) => p.params?.paramName0 ?? "");
  const isFaulted = (path: string) =>
    faulted.some((p) => p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`));
  // Which organization a reference means: one of the file (by id or name) or one of the store.
  const inFile = new Map<string, string>();
  file.organizations.forEach((o, i) => {
    inFile.set(o.name, `file#${i}`);
    if (o.id) inFile.set(o.id, `file#${i}`);
  });
  for (const user of file.users) {
    const seen = new Map<string, string>();
    for (const m of user.memberships) {
      if (m.organization === "" || faulted.includes(m.path)) continue;
      let target = inFile.get(m.organization);
      if (!target && isId("organization", m.organization)) {
        target = (await deps.stores.organizations.findById(m.organization))?.id;
      }
      const path = `${m.path}.organization`;
      if (!target)
        problems.push(invalid(path, "no organization with this id or name in the file or the store"));
      else if (seen.has(target))
        problems.push(invalid(path, `duplicate membership (also at ${seen.get(target)})`));
      else seen.set(target, path);
    }
  }
  for (const entry of file.devKeys) {
    if (isFaulted(entry.path)) continue;
    const existing = await findSeedDevKey(deps, entry);
    if (!existing) continue;
    // A deactivation is a security decision: a seed file does not silently undo it.
    if (entry.active && !existing.active) {
      problems.push(
        invalid(`${entry.path}.active`, "this key is deactivated in the store and cannot be reactivated"),
      );
    }
    if (entry.mfaBypass !== existing.mfaBypass) {
      problems.push(invalid(`${entry.path}.mfaBypass`, "cannot change on an existing key; create a new key"));
    }
  }
  problems.push(...(await checkPartnersAgainstStore(deps, file.partners, isFaulted)));
  problems.push(...(await checkOAuthAppsAgainstStore(deps, file.oauthApps, isFaulted)));
  return problems;
}
