import type { Organization, OrganizationProfile, Role, RoleType } from "../../stores/types/organizations.ts";
import { ROLE_TYPES } from "../../stores/types/organizations.ts";
import type { Session } from "../../stores/types/sessions.ts";
import { retryOnUniqueViolation } from "../../stores/unique-violation.ts";
import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { hashSecret, isId, newId, newSecret } from "../crypto/ids.ts";
import { parseEmail } from "./emails.ts";
import { completeInvitations } from "./invitations.ts";
import { checkNewPassword } from "./password-policy.ts";
import { joinOrganization } from "./users.ts";

const ROLE_TEXT: Record<RoleType, { name: string; description: string }> = {
  ADMINISTRATOR: {
    name: "Administrator",
    description: "Full access to the organization, its users and settings.",
  },
  ACCOUNTANT: { name: "Accountant", description: "Manages bills, invoices and accounting, without paying." },
  APPROVER: { name: "Approver", description: "Approves bills and payments assigned to them." },
  PAYER: { name: "Payer", description: "Pays approved bills." },
  CLERK: { name: "Clerk", description: "Enters bills and invoices for others to approve." },
  AUDITOR: { name: "Auditor", description: "Reads everything, changes nothing." },
};

/** Creates an organization with BILL's six default roles; MFA is not required unless asked. */
export async function createOrganization(
  deps: AuthDeps,
  input: {
    name: string;
    id?: string;
    mfaRequired?: boolean;
    /** The fields of spec section 5 beyond the name (a partner's create). */
    profile?: OrganizationProfile;
    /** The partner creating it, which alone will see it at the partner level. */
    partnerId?: string;
  },
): Promise<Result<Organization>> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) return fail("INVALID_VALUE", { paramName0: "name" });
  if (input.id !== undefined && !isId("organization", input.id)) {
    return fail("INVALID_ORGANIZATION_ID");
  }
  const id = input.id ?? newId("organization");
  // Racing creates of one given id: the loser runs again and finds the winner's organization.
  return retryOnUniqueViolation(async () => {
    if (await deps.stores.organizations.findById(id)) return fail("ALREADY_EXISTS", { paramName0: id });
    const now = deps.clock.now();
    const organization: Organization = {
      id,
      name,
      locked: false,
      mfaRequired: input.mfaRequired ?? false,
      profile: input.profile ?? {},
      partnerId: input.partnerId ?? null,
      createdAt: now,
      updatedAt: now,
    };
    const roles: Role[] = ROLE_TYPES.map((type) => ({
      id: newId("role"),
      organizationId: id,
      type,
      ...ROLE_TEXT[type],
    }));
    await deps.stores.organizations.create(organization, roles);
    return ok(organization);
  });
}

/** Locks or unlocks an organization; locking ends all of its sessions at once. */
export async function setOrganizationLocked(
  deps: AuthDeps,
  organizationId: string,
  locked: boolean,
): Promise<Result<{ sessionsEnded: number }>> {
  return deps.stores.transaction(async (stores) => {
    if (!(await stores.organizations.update(organizationId, { locked }, deps.clock.now()))) {
      return fail("NOT_FOUND", { paramName0: organizationId });
    }
    const sessionsEnded = locked ? await stores.sessions.deleteWhere({ organizationId }) : 0;
    return ok({ sessionsEnded });
  });
}

/**
 * Makes MFA required (or not) for an organization's protected operations. Sessions stay as
 * they are: the next protected call asks for MFA, or stops asking.
 */
export async function setOrganizationMfaRequired(
  deps: AuthDeps,
  organizationId: string,
  mfaRequired: boolean,
): Promise<Result<void>> {
  if (!(await deps.stores.organizations.update(organizationId, { mfaRequired }, deps.clock.now()))) {
    return fail("NOT_FOUND", { paramName0: organizationId });
  }
  return ok(undefined);
}

export interface NewUser {
  organizationId: string;
  email: string;
  /** Omitted: the user cannot log in until a password is set. */
  password?: string;
  role?: RoleType;
  firstName?: string;
  lastName?: string;
}

/**
 * Adds a user to an organization: the operator tools and seed files, which are trusted (spec
 * 5.1). An email that already exists is the same person: they get an active membership
 * directly (audited), and keep their password hash; the password given applies to a new
 * person only, and must keep the password rules. A pending membership becomes active.
 */
export async function createUser(
  deps: AuthDeps,
  input: NewUser,
): Promise<Result<{ userId: string; created: boolean }>> {
  const email = parseEmail(input.email);
  if (email === undefined) return fail("INVALID_VALUE", { paramName0: "email" });
  const role = await deps.stores.roles.findByType(input.organizationId, input.role ?? "ADMINISTRATOR");
  if (!role) return fail("NOT_FOUND", { paramName0: input.organizationId });
  // Racing adds of one new e-mail: the loser runs again and finds the winner's account.
  const added = await retryOnUniqueViolation(
    async (): Promise<Result<{ userId: string; created: boolean }>> => {
      const existing = await deps.stores.users.findByEmail(email);
      const membership = existing && (await deps.stores.memberships.find(existing.id, input.organizationId));
      // An operator adding someone who is a pending member makes the membership active.
      if (existing && membership?.pending) {
        await deps.stores.memberships.activate(existing.id, input.organizationId, deps.clock.now());
        return ok({ userId: existing.id, created: false });
      }
      if (membership) return fail("ALREADY_EXISTS", { paramName0: email });
      let passwordHash: string | null = null;
      if (!existing && input.password !== undefined) {
        const policy = checkNewPassword(deps.config, input.password, email);
        if (!policy.ok) return policy;
        passwordHash = await deps.hasher.hash(input.password);
      }
      // The organization's view of the name starts as the person's own.
      const { firstName = "", lastName = "" } = existing ?? input;
      const userId = await deps.stores.transaction((stores) =>
        joinOrganization(stores, {
          existing,
          email,
          organizationId: input.organizationId,
          roleId: role.id,
          pending: false,
          passwordHash,
          view: { firstName, lastName },
          now: deps.clock.now(),
        }),
      );
      return ok({ userId, created: !existing });
    },
  );
  if (added.ok) {
    deps.audit({
      event: "membership.added",
      userId: added.value.userId,
      organizationId: input.organizationId,
      reason: added.value.created ? "operator: new identity" : "operator: existing identity, active at once",
    });
  }
  return added;
}

/**
 * Sets (or replaces) a user's password: an operator's act, under the password rules. It also
 * completes the user's open invitations (their memberships become active, their tokens stop
 * working), as if the person had accepted them.
 */
export async function setPassword(deps: AuthDeps, userId: string, password: string): Promise<Result<void>> {
  const user = await deps.stores.users.findById(userId);
  if (!user) return fail("NOT_FOUND", { paramName0: userId });
  const policy = checkNewPassword(deps.config, password, user.email);
  if (!policy.ok) return policy;
  const passwordHash = await deps.hasher.hash(password);
  const completed = await deps.stores.transaction(async (stores) => {
    const now = deps.clock.now();
    await stores.users.setPasswordHash(userId, passwordHash, now);
    return completeInvitations(stores, userId, now);
  });
  deps.audit({ event: "password.set", userId, reason: "operator" });
  for (const organizationId of completed) {
    deps.audit({ event: "membership.accepted", userId, organizationId, reason: "operator" });
  }
  return ok(undefined);
}

/** Archives (or restores) a user in one organization; archiving ends their sessions there. */
export async function setUserArchived(
  deps: AuthDeps,
  input: { userId: string; organizationId: string; archived: boolean },
): Promise<Result<{ sessionsEnded: number }>> {
  const { userId, organizationId, archived } = input;
  return deps.stores.transaction(async (stores) => {
    if (
      !(await stores.memberships.update(userId, organizationId, { archived: archived }, deps.clock.now()))
    ) {
      return fail("NOT_FOUND", { paramName0: userId });
    }
    const sessionsEnded = archived ? await stores.sessions.deleteWhere({ userId, organizationId }) : 0;
    return ok({ sessionsEnded });
  });
}

/** Creates a developer key. The key is returned once; only its hash is kept. */
export async function createDevKey(
  deps: AuthDeps,
  input: { name: string; key?: string; mfaBypass?: boolean },
): Promise<Result<{ id: string; key: string }>> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) return fail("INVALID_VALUE", { paramName0: "name" });
  if (input.key !== undefined && !/^[\x21-\x7e]{16,128}$/.test(input.key)) {
    return fail("INVALID_VALUE", { paramName0: "key" });
  }
  const key = input.key ?? newSecret();
  const keyHash = hashSecret(key);
  if (await deps.stores.devKeys.findByKeyHash(keyHash)) return fail("ALREADY_EXISTS", { paramName0: "key" });
  const id = newId("devKey");
  await deps.stores.devKeys.create({
    id,
    name,
    keyHash,
    active: true,
    mfaBypass: input.mfaBypass ?? false,
    createdAt: deps.clock.now(),
    deactivatedAt: null,
  });
  return ok({ id, key });
}

/** Deactivates a developer key, named by its id or by the key itself, and ends its sessions. */
export async function deactivateDevKey(
  deps: AuthDeps,
  keyOrId: string,
): Promise<Result<{ id: string; sessionsEnded: number }>> {
  const devKey = isId("devKey", keyOrId)
    ? await deps.stores.devKeys.findById(keyOrId)
    : await deps.stores.devKeys.findByKeyHash(hashSecret(keyOrId));
  // Never echo what was given: it may be the key itself.
  if (!devKey) return fail("NOT_FOUND", { paramName0: "devKey" });
  return deps.stores.transaction(async (stores) => {
    await stores.devKeys.deactivate(devKey.id, deps.clock.now());
    const sessionsEnded = await stores.sessions.deleteWhere({ devKeyId: devKey.id });
    return ok({ id: devKey.id, sessionsEnded });
  });
}

/** Ends one session, named by its public reference (`0se…`). */
export async function revokeSession(deps: AuthDeps, ref: string): Promise<Result<Pick<Session, "id">>> {
  if (!(await deps.stores.sessions.deleteById(ref))) return fail("NOT_FOUND", { paramName0: ref });
  deps.audit({ event: "session.revoked", sessionRef: ref, reason: "operator" });
  return ok({ id: ref });
}

/**
 * Ends every session of a user, of an organization, or of a user in one organization. One of
 * the two is required: an empty filter would end every session of the server.
 */
export async function revokeSessions(
  deps: AuthDeps,
  filter: { userId?: string; organizationId?: string },
): Promise<Result<{ revoked: number }>> {
  if (filter.userId === undefined && filter.organizationId === undefined) {
    return fail("MISSING_PARAMETER", { paramName0: "userId" });
  }
  const revoked = await deps.stores.sessions.deleteWhere(filter);
  deps.audit({ event: "session.revoked", reason: "operator", ...filter, count: revoked });
  return ok({ revoked });
}
