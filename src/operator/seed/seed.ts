/**
 * Applies a declarative seed file idempotently: organizations keyed by id (or name), users by
 * email, memberships by (user, organization), devKeys by key hash (or name). Changes go
 * through the provisioning functions, so they have the CLI's side effects (locking,
 * archiving and deactivating end sessions). Nothing is written when the file has a problem.
 */

import {
  createDevKey,
  createOrganization,
  createUser,
  deactivateDevKey,
  setOrganizationLocked,
  setOrganizationMfaRequired,
  setPassword,
  setUserArchived,
} from "../../auth/accounts/provisioning.ts";
import { type AuthDeps, ok, type Result } from "../../auth/context.ts";
import type { ErrorItem } from "../../errors.ts";
import { addSeededBankAccount } from "../../resources/funding/seeded-bank.ts";
import { checkSeedAgainstStore, findSeedDevKey } from "./check.ts";
import { applyConsoles } from "./consoles.ts";
import {
  readSeedFile,
  type SeedDevKey,
  type SeedMembership,
  type SeedOrganization,
  type SeedUser,
} from "./file.ts";
import { applyOAuthApps } from "./oauth-apps.ts";
import { applyPartners } from "./partners.ts";
import type { SeedChange, SeedReport } from "./report.ts";
import { applySeedResources } from "./resources.ts";
import { applySyncTokens } from "./sync-tokens.ts";

/** A failed provisioning call in the middle of applying. */
class SeedAbort extends Error {
  constructor(readonly errors: readonly ErrorItem[]) {
    super("seed aborted");
  }
}

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new SeedAbort(result.errors);
  return result.value;
}

async function applyOrganization(deps: AuthDeps, o: SeedOrganization, report: SeedReport): Promise<string> {
  const existing = o.id
    ? await deps.stores.organizations.findById(o.id)
    : await deps.stores.organizations.findByName(o.name);
  if (!existing) {
    const created = must(
      await createOrganization(deps, {
        name: o.name,
        ...(o.id ? { id: o.id } : {}),
        ...(o.mfaRequired ? { mfaRequired: true } : {}),
      }),
    );
    if (o.locked) must(await setOrganizationLocked(deps, created.id, true));
    // A new organization starts with a verified bank account to pay from (docs 8.6).
    await addSeededBankAccount(deps, created);
    const changes = [...(o.locked ? ["locked"] : []), ...(o.mfaRequired ? ["MFA required"] : [])];
    report.created.push({
      kind: "organization",
      id: created.id,
      label: o.name,
      ...(changes.length > 0 ? { changes } : {}),
    });
    return created.id;
  }
  if (existing.name !== o.name) {
    report.warnings.push(`${o.path}.name: the store has "${existing.name}"; names are not updated`);
  }
  const changes: string[] = [];
  if (o.mfaRequired !== undefined && o.mfaRequired !== existing.mfaRequired) {
    must(await setOrganizationMfaRequired(deps, existing.id, o.mfaRequired));
    changes.push(o.mfaRequired ? "MFA required" : "MFA not required");
  }
  let sessionsEnded = 0;
  if (existing.locked !== o.locked) {
    ({ sessionsEnded } = must(await setOrganizationLocked(deps, existing.id, o.locked)));
    changes.push(o.locked ? "locked" : "unlocked");
  }
  const entry: SeedChange = { kind: "organization", id: existing.id, label: existing.name };
  if (changes.length === 0) report.unchanged.push(entry);
  else report.updated.push({ ...entry, changes, ...(existing.locked !== o.locked ? { sessionsEnded } : {}) });
  return existing.id;
}

async function applyDevKey(deps: AuthDeps, entry: SeedDevKey, report: SeedReport): Promise<void> {
  const existing = await findSeedDevKey(deps, entry);
  if (!existing) {
    const created = must(await createDevKey(deps, entry));
    if (!entry.active) must(await deactivateDevKey(deps, created.id));
    report.created.push({
      kind: "devKey",
      id: created.id,
      label: entry.name,
      // A literal key is already in the file; a generated one exists only here (if usable).
      ...(entry.key === undefined && entry.active ? { key: created.key } : {}),
      ...(entry.active ? {} : { changes: ["deactivated"] }),
    });
    return;
  }
  if (existing.active && !entry.active) {
    const { sessionsEnded } = must(await deactivateDevKey(deps, existing.id));
    report.updated.push({
      kind: "devKey",
      id: existing.id,
      label: existing.name,
      changes: ["deactivated"],
      sessionsEnded,
    });
    return;
  }
  report.unchanged.push({ kind: "devKey", id: existing.id, label: existing.name });
}

/** Finds or creates the user; a new user is created with their first membership. */
async function ensureUser(
  deps: AuthDeps,
  user: SeedUser,
  firstOrganizationId: string,
  report: SeedReport,
): Promise<{ userId: string; createdIn?: string }> {
  const existing = await deps.stores.users.findByEmail(user.email);
  if (!existing) {
    const first = user.memberships[0];
    const { userId } = must(
      await createUser(deps, {
        organizationId: firstOrganizationId,
        email: user.email,
        password: user.password,
        role: first?.role,
        firstName: user.firstName,
        lastName: user.lastName,
      }),
    );
    report.created.push({ kind: "user", id: userId, label: user.email });
    return { userId, createdIn: firstOrganizationId };
  }
  const changes: string[] = [];
  const hash = existing.passwordHash;
  // Only re-hash when needed: a fresh hash on every run would be a change on every run.
  if (user.password !== undefined && (hash === null || !(await deps.hasher.verify(hash, user.password)))) {
    must(await setPassword(deps, existing.id, user.password));
    changes.push("password");
  }
  if (existing.firstName !== user.firstName || existing.lastName !== user.lastName) {
    report.warnings.push(`${user.path}: the store has another first or last name; names are not updated`);
  }
  const entry: SeedChange = { kind: "user", id: existing.id, label: user.email };
  if (changes.length > 0) report.updated.push({ ...entry, changes });
  else report.unchanged.push(entry);
  return { userId: existing.id };
}

async function applyMembership(
  deps: AuthDeps,
  input: {
    userId: string;
    email: string;
    organizationId: string;
    organizationName: string;
    membership: SeedMembership;
    createdWithUser: boolean;
  },
  report: SeedReport,
): Promise<void> {
  const { userId, organizationId, membership: m } = input;
  const entry: SeedChange = {
    kind: "membership",
    id: `${userId}/${organizationId}`,
    label: `${input.email} in ${input.organizationName}`,
  };
  let current = await deps.stores.memberships.find(userId, organizationId);
  const isNew = input.createdWithUser || !current;
  if (!current) {
    // createUser with an existing email adds the membership and keeps the password hash.
    must(await createUser(deps, { organizationId, email: input.email, role: m.role }));
    current = await deps.stores.memberships.find(userId, organizationId);
    if (!current) throw new SeedAbort([{ key: "NOT_FOUND", params: { paramName0: entry.id } }]);
  }
  const changes: string[] = [];
  const role = await deps.stores.roles.findById(current.roleId);
  if (role?.type !== m.role) {
    const target = await deps.stores.roles.findByType(organizationId, m.role);
    if (!target) throw new SeedAbort([{ key: "NOT_FOUND", params: { paramName0: organizationId } }]);
    await deps.stores.memberships.update(userId, organizationId, { roleId: target.id }, deps.clock.now());
    changes.push(`role ${role?.type ?? "none"} → ${m.role}`);
  }
  let sessionsEnded = 0;
  if (current.archived !== m.archived) {
    const archive = { userId, organizationId, archived: m.archived };
    ({ sessionsEnded } = must(await setUserArchived(deps, archive)));
    changes.push(m.archived ? "archived" : "restored");
  }
  if (isNew)
    report.created.push({ ...entry, changes: [`role ${m.role}`, ...(m.archived ? ["archived"] : [])] });
  else if (changes.length > 0) report.updated.push({ ...entry, changes, sessionsEnded });
  else report.unchanged.push(entry);
}

/** Writes the (already checked) file, in order: organizations, devKeys, users and memberships, resources. */
async function applyAll(deps: AuthDeps, file: ReturnType<typeof readSeedFile>["file"], report: SeedReport) {
  const organizationIds = new Map<string, string>();
  const organizationNames = new Map<string, string>();
  for (const o of file.organizations) {
    const id = await applyOrganization(deps, o, report);
    organizationIds.set(o.name, id);
    organizationNames.set(id, o.name);
    if (o.id) organizationIds.set(o.id, id);
  }
  for (const entry of file.devKeys) await applyDevKey(deps, entry, report);
  await applyPartners(deps, file.partners, report, must);
  const orgId = (ref: string) => organizationIds.get(ref) ?? ref;
  const orgName = async (id: string) =>
    organizationNames.get(id) ?? (await deps.stores.organizations.findById(id))?.name ?? id;
  for (const user of file.users) {
    const first = orgId(user.memberships[0]?.organization ?? "");
    const { userId, createdIn } = await ensureUser(deps, user, first, report);
    for (const membership of user.memberships) {
      const organizationId = orgId(membership.organization);
      await applyMembership(
        deps,
        {
          userId,
          email: user.email,
          organizationId,
          organizationName: await orgName(organizationId),
          membership,
          createdWithUser: createdIn === organizationId,
        },
        report,
      );
    }
  }
  await applyConsoles(deps, file.consoles, orgId, report, must);
  // After the users: a token acts as one of them.
  await applySyncTokens(deps, file.syncTokens, orgId, report, must);
  // After the users: an app is made for one of them.
  await applyOAuthApps(deps, file.oauthApps, orgId, report, must);
  // Last: a seeded record is created by a member of its organization (resources.ts).
  for (const o of file.organizations) await applySeedResources(deps, o, orgId(o.name), report, must);
}

/** Checks the whole file (shape, references, what the store cannot do), then applies it. */
export async function applySeed(deps: AuthDeps, input: unknown): Promise<Result<SeedReport>> {
  const { file, problems } = readSeedFile(input, deps.config);
  problems.push(...(await checkSeedAgainstStore(deps, file, problems)));
  if (problems.length > 0) return { ok: false, errors: problems };
  const report: SeedReport = { created: [], updated: [], unchanged: [], warnings: [] };
  try {
    // One transaction: a failure part-way (a SeedAbort, or the store itself) writes nothing.
    await deps.stores.transaction((stores) => applyAll({ ...deps, stores }, file, report));
  } catch (error) {
    if (error instanceof SeedAbort) return { ok: false, errors: error.errors };
    throw error;
  }
  return ok(report);
}
