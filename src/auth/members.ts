/**
 * Users as one organization sees them (spec sections 5 and 8): list, read, create with an
 * invitation, update, archive and restore. The caller has already checked who may do what;
 * every function here is confined to one organization, and an id outside it is the same
 * "not found" as an id that does not exist.
 */
import type { Member, MemberChanges, PageRequest } from "../stores/provisioning-types.ts";
import type { Stores } from "../stores/types.ts";
import { retryOnUniqueViolation } from "../stores/unique-violation.ts";
import { type AuthDeps, fail, ok, type Result } from "./deps.ts";
import { newId } from "./ids.ts";
import { createInvitation, sendInvitation } from "./invitations.ts";
import { type Page, toPage } from "./paging.ts";
import { setUserArchived } from "./provisioning.ts";

/** Who acts: an organization user (with the self-protection rules), or a partner. */
export interface MemberScope {
  organizationId: string;
  /** The signed-in user, at the organization level; absent for a partner. */
  actorUserId?: string;
  /** Set for partners: the organizations whose users' e-mail they may change. */
  partnerId?: string;
}

export interface NewMember {
  firstName: string;
  lastName?: string;
  email: string;
  roleId?: string;
  username?: string;
  externalReferenceId?: string;
}

export interface MemberUpdate {
  firstName?: string;
  lastName?: string;
  roleId?: string;
  email?: string;
}

const notFound = (id: string) => fail<never>("NOT_FOUND", { paramName0: id });

export async function listMembers(
  deps: AuthDeps,
  organizationId: string,
  request: PageRequest,
): Promise<Page<Member>> {
  return toPage(request, await deps.stores.members.list(organizationId, request));
}

export async function getMember(
  deps: AuthDeps,
  organizationId: string,
  userId: string,
): Promise<Result<Member>> {
  const member = await deps.stores.members.find(organizationId, userId);
  return member ? ok(member) : notFound(userId);
}

/** A role id of this organization, or the BDC_9001 a body with another one gets. */
async function roleOf(stores: Stores, organizationId: string, roleId: string): Promise<Result<string>> {
  const role = await stores.roles.findById(roleId);
  if (!role || role.organizationId !== organizationId) return fail("INVALID_VALUE", { paramName0: "roleId" });
  return ok(role.id);
}

/**
 * Adds a user to the organization. A new e-mail is a new person without a password, who gets
 * an invitation token; an e-mail known elsewhere is the same person, who joins with the
 * password they have and is only told. Names are this organization's view of the person.
 */
export async function createMember(
  deps: AuthDeps,
  scope: MemberScope,
  input: NewMember,
): Promise<Result<Member>> {
  const { organizationId } = scope;
  const email = input.email.toLowerCase();
  const username = input.username?.toLowerCase();
  const now = deps.clock.now();
  // Racing adds of one e-mail or username: the loser runs again and meets the winner's row.
  const created = await retryOnUniqueViolation(() =>
    deps.stores.transaction(async (stores) => {
      const roleId = input.roleId ?? (await stores.roles.findByType(organizationId, "ADMINISTRATOR"))?.id;
      const role =
        roleId === undefined ? notFound(organizationId) : await roleOf(stores, organizationId, roleId);
      if (!role.ok) return role;
      const existing = await stores.users.findByEmail(email);
      if (existing && (await stores.memberships.find(existing.id, organizationId))) {
        return fail("ALREADY_EXISTS", { paramName0: email });
      }
      if (username !== undefined && (await stores.members.findByUsername(organizationId, username))) {
        return fail("ALREADY_EXISTS", { paramName0: username });
      }
      const userId = existing?.id ?? newId("user");
      if (!existing) {
        await stores.users.create({
          id: userId,
          email,
          passwordHash: null,
          firstName: input.firstName,
          lastName: input.lastName ?? "",
          createdAt: now,
          updatedAt: now,
        });
      }
      await stores.memberships.create({
        userId,
        organizationId,
        roleId: role.value,
        archived: false,
        createdAt: now,
        updatedAt: now,
      });
      const changes: MemberChanges = { firstName: input.firstName, lastName: input.lastName ?? "" };
      if (username !== undefined) changes.username = username;
      if (input.externalReferenceId !== undefined) changes.externalReferenceId = input.externalReferenceId;
      await stores.members.update(organizationId, userId, changes, now);
      const token = existing?.passwordHash
        ? undefined
        : await createInvitation(stores, now, { userId, organizationId });
      return ok({ userId, token });
    }),
  );
  if (!created.ok) return created;
  const { userId, token } = created.value;
  // Sent after the commit: an invitation for a user that was rolled back would be a lie.
  const organization = await deps.stores.organizations.findById(organizationId);
  await sendInvitation(deps, {
    email,
    userId,
    organizationId,
    organizationName: organization?.name ?? organizationId,
    ...(token === undefined ? {} : { token }),
  });
  return getMember(deps, organizationId, userId);
}

/** Whether every organization the user belongs to was created by this partner. */
async function onlyInPartnerOrganizations(
  stores: Stores,
  userId: string,
  partnerId: string,
): Promise<boolean> {
  for (const membership of await stores.memberships.listForUser(userId)) {
    const organization = await stores.organizationDetails.find(membership.organizationId);
    if (organization?.partnerId !== partnerId) return false;
  }
  return true;
}

/**
 * Changes names and role (and, for a partner, the login e-mail). An administrator cannot take
 * the ADMINISTRATOR role from themself: an organization must not lose its last way in by
 * accident. The e-mail is the person's login everywhere, so a partner may change it only for
 * someone who belongs to none but its own organizations.
 */
export async function updateMember(
  deps: AuthDeps,
  scope: MemberScope,
  userId: string,
  update: MemberUpdate,
): Promise<Result<Member>> {
  const { organizationId } = scope;
  const now = deps.clock.now();
  const result = await deps.stores.transaction(async (stores): Promise<Result<undefined>> => {
    const member = await stores.members.find(organizationId, userId);
    if (!member) return notFound(userId);
    const changes: MemberChanges = {};
    if (update.roleId !== undefined) {
      const role = await roleOf(stores, organizationId, update.roleId);
      if (!role.ok) return role;
      const demotesSelf = scope.actorUserId === userId && role.value !== member.roleId;
      if (demotesSelf) return fail("INVALID_VALUE", { paramName0: "roleId" });
      changes.roleId = role.value;
    }
    if (update.firstName !== undefined) changes.firstName = update.firstName;
    if (update.lastName !== undefined) changes.lastName = update.lastName;
    const email = update.email?.toLowerCase();
    if (email !== undefined && email !== member.email) {
      if (
        scope.partnerId === undefined ||
        !(await onlyInPartnerOrganizations(stores, userId, scope.partnerId))
      ) {
        return fail("INVALID_VALUE", { paramName0: "email" });
      }
      if (await stores.users.findByEmail(email)) return fail("ALREADY_EXISTS", { paramName0: email });
      await stores.members.changeEmail(organizationId, userId, email, now);
    }
    await stores.members.update(organizationId, userId, changes, now);
    return ok(undefined);
  });
  return result.ok ? getMember(deps, organizationId, userId) : result;
}

/**
 * Archives or restores a user in this organization. Archiving ends their sessions there at
 * once; an administrator cannot archive themself (spec section 5).
 */
export async function setMemberArchived(
  deps: AuthDeps,
  scope: MemberScope,
  userId: string,
  archived: boolean,
): Promise<Result<Member>> {
  const { organizationId } = scope;
  if (!(await deps.stores.members.find(organizationId, userId))) return notFound(userId);
  if (archived && scope.actorUserId === userId) return fail("INVALID_VALUE", { paramName0: "userId" });
  const result = await setUserArchived(deps, { userId, organizationId, archived });
  if (!result.ok) return result;
  return getMember(deps, organizationId, userId);
}
