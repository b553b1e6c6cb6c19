import type {
  EmailChangeStore,
  InvitationStore,
  Keyset,
  Member,
  MemberStore,
  OrganizationDetails,
  OrganizationDetailsStore,
  OrganizationProfile,
  PageRequest,
  PageRows,
} from "../provisioning-types.ts";
import type { Membership, Organization } from "../types.ts";
import { memoryOneTimeTokens } from "./one-time-tokens.ts";
import {
  byKeys,
  ConstraintError,
  type MemberView,
  type MemoryState,
  membershipKey,
  requireAbsent,
  requirePresent,
  requireUnique,
  update,
} from "./state.ts";

const PROFILE_FIELDS = [
  "phone",
  "address",
  "mailingAddress",
  "industry",
  "taxId",
  "taxIdType",
  "businessCategory",
  "accountType",
] as const satisfies readonly (keyof OrganizationProfile)[];

/** A JSON round trip, as the SQL columns make of every profile value (addresses are JSON text). */
const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const compare = byKeys<Keyset>(
  (k) => k.t,
  (k) => k.id,
);

/**
 * One keyset page of `rows`, as sql/keyset.ts reads it: the rows after (and/or before) a
 * (t, id) position, nearest the position first, at most `limit`, returned in ascending order,
 * with `more` saying whether further rows exist in the direction read.
 */
export function readPage<T>(
  rows: readonly T[],
  position: (row: T) => Keyset,
  page: PageRequest,
): PageRows<T> {
  const { after, before } = page;
  const matching = rows
    .filter((row) => after === undefined || compare(position(row), after) > 0)
    .filter((row) => before === undefined || compare(position(row), before) < 0)
    .sort((a, b) => compare(position(a), position(b)));
  // Reading backwards takes the rows nearest the position first, then restores the order.
  if (before) matching.reverse();
  const kept = matching.slice(0, page.limit);
  if (before) kept.reverse();
  return { rows: kept, more: matching.length > page.limit };
}

const NO_VIEW: MemberView = { firstName: "", lastName: "", username: null, externalReferenceId: null };

export function memoryOrganizationDetailsStore(state: () => MemoryState): OrganizationDetailsStore {
  const details = (organization: Organization): OrganizationDetails => {
    const extras = state().organizationExtras.get(organization.id);
    return {
      ...organization,
      profile: stored(extras?.profile ?? {}),
      partnerId: extras?.partnerId ?? null,
    };
  };
  return {
    async find(id) {
      const organization = state().organizations.get(id);
      return organization && details(organization);
    },
    async update(id, changes, now) {
      const s = state();
      const changed = update(s.organizations, id, (o) => ({
        ...o,
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        updatedAt: now,
      }));
      if (!changed) return false;
      const extras = s.organizationExtras.get(id) ?? { profile: {}, partnerId: null };
      const profile: OrganizationProfile = { ...extras.profile };
      for (const field of PROFILE_FIELDS) {
        if (changes[field] !== undefined) Object.assign(profile, { [field]: stored(changes[field]) });
      }
      s.organizationExtras.set(id, { ...extras, profile });
      return true;
    },
    async setPartner(id, partnerId) {
      const s = state();
      if (!s.organizations.has(id)) return;
      const extras = s.organizationExtras.get(id) ?? { profile: {}, partnerId: null };
      s.organizationExtras.set(id, { ...extras, partnerId });
    },
    async listForPartner(partnerId, page) {
      const s = state();
      const rows = [...s.organizations.values()].filter(
        (o) => s.organizationExtras.get(o.id)?.partnerId === partnerId,
      );
      const { rows: kept, more } = readPage(rows, (o) => ({ t: o.createdAt, id: o.id }), page);
      return { rows: kept.map(details), more };
    },
  };
}

export function memoryMemberStore(state: () => MemoryState): MemberStore {
  /** The membership joined with its user and role (inner joins, as the SQL query). */
  const member = (membership: Membership): Member[] => {
    const s = state();
    const user = s.users.get(membership.userId);
    const role = s.roles.get(membership.roleId);
    if (!user || !role) return [];
    const view = s.memberViews.get(membershipKey(membership.userId, membership.organizationId)) ?? NO_VIEW;
    return [
      {
        userId: membership.userId,
        organizationId: membership.organizationId,
        email: user.email,
        firstName: view.firstName,
        lastName: view.lastName,
        archived: membership.archived,
        pending: membership.pending,
        roleId: membership.roleId,
        roleType: role.type,
        username: view.username,
        externalReferenceId: view.externalReferenceId,
        hasPassword: user.passwordHash !== null,
        createdAt: membership.createdAt,
        updatedAt: membership.updatedAt,
      },
    ];
  };
  const members = (organizationId: string): Member[] =>
    [...state().memberships.values()].filter((m) => m.organizationId === organizationId).flatMap(member);
  return {
    find: async (organizationId, userId) => members(organizationId).find((m) => m.userId === userId),
    findByUsername: async (organizationId, username) =>
      members(organizationId).find((m) => m.username === username),
    list: async (organizationId, page) =>
      readPage(members(organizationId), (m) => ({ t: m.createdAt, id: m.userId }), page),
    listAll: async (organizationId) =>
      members(organizationId).sort((a, b) =>
        compare({ t: a.createdAt, id: a.userId }, { t: b.createdAt, id: b.userId }),
      ),
    async update(organizationId, userId, changes, now) {
      const s = state();
      const key = membershipKey(userId, organizationId);
      if (!s.memberships.has(key)) return false;
      // Every check first, then every write: one UPDATE statement fails whole.
      if (changes.roleId !== undefined) requirePresent(s.roles, changes.roleId, "role");
      if (changes.username !== undefined) {
        for (const [other, view] of s.memberViews) {
          const m = s.memberships.get(other);
          if (other !== key && m?.organizationId === organizationId && view.username === changes.username) {
            throw new ConstraintError(`duplicate username in organization: ${changes.username}`);
          }
        }
      }
      update(s.memberships, key, (m) => ({
        ...m,
        ...(changes.roleId !== undefined ? { roleId: changes.roleId } : {}),
        updatedAt: now,
      }));
      const view = s.memberViews.get(key) ?? NO_VIEW;
      s.memberViews.set(key, {
        firstName: changes.firstName ?? view.firstName,
        lastName: changes.lastName ?? view.lastName,
        username: changes.username ?? view.username,
        externalReferenceId: changes.externalReferenceId ?? view.externalReferenceId,
      });
      return true;
    },
  };
}

export function memoryInvitationStore(state: () => MemoryState): InvitationStore {
  return {
    async create(invitation) {
      const s = state();
      requireAbsent(s.invitations, invitation.id, "invitation");
      requireUnique(s.invitations, (i) => i.tokenHash, invitation.tokenHash, "invitation hash");
      requirePresent(s.users, invitation.userId, "user");
      requirePresent(s.organizations, invitation.organizationId, "organization");
      s.invitations.set(invitation.id, { ...invitation });
    },
    listOpen: async (userId, now) =>
      [...state().invitations.values()]
        .filter((i) => i.userId === userId && i.usedAt === null && i.expiresAt > now)
        .sort(
          byKeys(
            (i) => i.createdAt,
            (i) => i.id,
          ),
        )
        .map((i) => ({ ...i })),
    ...memoryOneTimeTokens(() => state().invitations),
  };
}

export function memoryEmailChangeStore(state: () => MemoryState): EmailChangeStore {
  return {
    async create(change) {
      const s = state();
      requireAbsent(s.emailChanges, change.id, "email change");
      requireUnique(s.emailChanges, (c) => c.tokenHash, change.tokenHash, "email change hash");
      requirePresent(s.users, change.userId, "user");
      s.emailChanges.set(change.id, { ...change });
    },
    ...memoryOneTimeTokens(() => state().emailChanges),
  };
}
