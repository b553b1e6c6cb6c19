/**
 * Users as one organization sees them (spec sections 5 and 8): list, read, create with an
 * invitation, update, archive and restore. The caller has already checked who may do what;
 * every function here is confined to one organization, and an id outside it is the same
 * "not found" as an id that does not exist.
 */

import type { Stores } from "../../stores/types/index.ts";
import type { Member, MembershipChanges } from "../../stores/types/memberships.ts";
import { retryOnUniqueViolation } from "../../stores/unique-violation.ts";
import { type AuthDeps, fail, ok, type Result } from "../context.ts";
import { requestEmailChange } from "./email-changes.ts";
import { parseEmail } from "./emails.ts";
import { createInvitation, sendInvitation } from "./invitations.ts";
import { setUserArchived } from "./provisioning.ts";
import { type Joining, joinOrganization } from "./users.ts";

/** Who acts: an organization user (with the self-protection rules), or a partner. */
export interface MemberScope {
  organizationId: string;
  /** The signed-in user, at the organization level; absent for a partner. */
  actorUserId?: string;
  /** Set for partners: the organizations whose users' e-mail they may change. */
  partnerId?: string;
  /** The partner whose login-as-user made the acting session (an impersonation). */
  impersonatedBy?: string;
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

/** Every member of an organization, archived and pending ones included (lists filter and page them). */
export async function listMembers(deps: AuthDeps, organizationId: string): Promise<Member[]> {
  return deps.stores.memberships.listAllMembers(organizationId);
}

export async function getMember(
  deps: AuthDeps,
  organizationId: string,
  userId: string,
): Promise<Result<Member>> {
  const member = await deps.stores.memberships.findMember(organizationId, userId);
  return member ? ok(member) : notFound(userId);
}

/** A role id of this organization, or the BDC_9001 a body with another one gets. */
async function roleOf(stores: Stores, organizationId: string, roleId: string): Promise<Result<string>> {
  const role = await stores.roles.findById(roleId);
  if (!role || role.organizationId !== organizationId) return fail("INVALID_VALUE", { paramName0: "roleId" });
  return ok(role.id);
}

/**
 * Adds a user to the organization (spec 5.1). A new e-mail is a new person without a
 * password; an e-mail that already has an identity is that person, who joins only when they
 * accept (a pending membership: no login, no login-as-user into it until then). Either way an
 * invitation goes to the address, and the answer is the same: nothing here tells the caller
 * whether the address was known. Names are this organization's view of the person.
 */
export async function createMember(
  deps: AuthDeps,
  scope: MemberScope,
  input: NewMember,
): Promise<Result<Member>> {
  const { organizationId } = scope;
  const email = parseEmail(input.email);
  if (email === undefined) return fail("INVALID_VALUE", { paramName0: "email" });
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
      if (
        username !== undefined &&
        (await stores.memberships.findMemberByUsername(organizationId, username))
      ) {
        return fail("ALREADY_EXISTS", { paramName0: username });
      }
      const view: Joining["view"] = { firstName: input.firstName, lastName: input.lastName ?? "" };
      if (username !== undefined) view.username = username;
      if (input.externalReferenceId !== undefined) view.externalReferenceId = input.externalReferenceId;
      const userId = await joinOrganization(stores, {
        existing,
        email,
        organizationId,
        roleId: role.value,
        // Someone else's identity joins only with its owner's consent.
        pending: existing !== undefined,
        passwordHash: null,
        view,
        now,
      });
      const token = await createInvitation(stores, now, { userId, organizationId });
      return ok({
        userId,
        token,
        hasPassword: Boolean(existing?.passwordHash),
        existed: existing !== undefined,
      });
    }),
  );
  if (!created.ok) return created;
  const { userId, token, hasPassword, existed } = created.value;
  deps.audit({
    event: "membership.invited",
    userId,
    organizationId,
    ...(scope.partnerId === undefined ? {} : { partnerId: scope.partnerId }),
    reason: existed ? "existing identity: pending until accepted" : "new identity",
  });
  // Sent after the commit: an invitation for a user that was rolled back would be a lie.
  await sendInvitation(deps, { email, userId, organizationId, token, hasPassword });
  return getMember(deps, organizationId, userId);
}

/**
 * May this caller ask for the login e-mail of `userId` to change? The e-mail is the person's
 * login everywhere, so only when every organization they belong to is the caller's: this one
 * for an organization administrator, the partner's own ones for a partner.
 */
async function ownsEveryMembership(stores: Stores, scope: MemberScope, userId: string): Promise<boolean> {
  for (const membership of await stores.memberships.listForUser(userId)) {
    if (scope.partnerId === undefined) {
      if (membership.organizationId !== scope.organizationId) return false;
      continue;
    }
    const organization = await stores.organizations.findById(membership.organizationId);
    if (organization?.partnerId !== scope.partnerId) return false;
  }
  return true;
}

/**
 * Changes names and role, and asks for a change of the login e-mail. An administrator cannot
 * take the ADMINISTRATOR role from themself: an organization must not lose its last way in by
 * accident. An e-mail change only starts here: the new address must confirm it (spec 5.1,
 * email-changes.ts), so the answer still shows the old one, whether or not the new one is taken.
 */
export async function updateMember(
  deps: AuthDeps,
  scope: MemberScope,
  userId: string,
  update: MemberUpdate,
): Promise<Result<Member>> {
  const { organizationId } = scope;
  const now = deps.clock.now();
  const result = await deps.stores.transaction(async (stores): Promise<Result<string | undefined>> => {
    const member = await stores.memberships.findMember(organizationId, userId);
    if (!member) return notFound(userId);
    const changes: MembershipChanges = {};
    if (update.roleId !== undefined) {
      const role = await roleOf(stores, organizationId, update.roleId);
      if (!role.ok) return role;
      const demotesSelf = scope.actorUserId === userId && role.value !== member.roleId;
      if (demotesSelf) return fail("INVALID_VALUE", { paramName0: "roleId" });
      changes.roleId = role.value;
    }
    if (update.firstName !== undefined) changes.firstName = update.firstName;
    if (update.lastName !== undefined) changes.lastName = update.lastName;
    let newEmail: string | undefined;
    if (update.email !== undefined) {
      newEmail = parseEmail(update.email);
      if (newEmail === undefined) return fail("INVALID_VALUE", { paramName0: "email" });
      // An impersonation (login-as-user) changes none of the person's own credentials.
      if (scope.impersonatedBy !== undefined && scope.actorUserId === userId) {
        return fail("INSUFFICIENT_PERMISSIONS");
      }
      if (newEmail === member.email) newEmail = undefined;
      else if (!(await ownsEveryMembership(stores, scope, userId))) {
        return fail("INVALID_VALUE", { paramName0: "email" });
      }
    }
    await stores.memberships.update(userId, organizationId, changes, now);
    return ok(newEmail);
  });
  if (!result.ok) return result;
  if (result.value !== undefined) {
    await requestEmailChange(deps, {
      userId,
      email: result.value,
      organizationId,
      requestedBy: scope.partnerId === undefined ? "organization administrator" : "partner",
    });
  }
  return getMember(deps, organizationId, userId);
}

/**
 * Sends a member who has not accepted yet (pending, or without a password) a new invitation:
 * tokens live 7 days, and an expired one must not leave a membership pending for ever. Earlier
 * tokens stay valid until they expire. Someone who accepted already is 400 BDC_9001 (`userId`).
 */
export async function reinviteMember(
  deps: AuthDeps,
  scope: MemberScope,
  userId: string,
): Promise<Result<Member>> {
  const { organizationId } = scope;
  const member = await deps.stores.memberships.findMember(organizationId, userId);
  if (!member) return notFound(userId);
  if (!member.pending && member.hasPassword) return fail("INVALID_VALUE", { paramName0: "userId" });
  const token = await createInvitation(deps.stores, deps.clock.now(), { userId, organizationId });
  await sendInvitation(deps, {
    email: member.email,
    userId,
    organizationId,
    token,
    hasPassword: member.hasPassword,
  });
  deps.audit({ event: "membership.invited", userId, organizationId, reason: "invited again" });
  return ok(member);
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
  if (!(await deps.stores.memberships.findMember(organizationId, userId))) return notFound(userId);
  if (archived && scope.actorUserId === userId) return fail("INVALID_VALUE", { paramName0: "userId" });
  const result = await setUserArchived(deps, { userId, organizationId, archived });
  if (!result.ok) return result;
  return getMember(deps, organizationId, userId);
}
