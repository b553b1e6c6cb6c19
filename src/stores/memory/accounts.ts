import type { DevKeyStore, MembershipStore, OrganizationStore, RoleStore, UserStore } from "../types.ts";
import {
  byKeys,
  copy,
  type MemoryState,
  membershipKey,
  requireAbsent,
  requirePresent,
  requireUnique,
  update,
} from "./state.ts";

export function memoryOrganizationStore(state: () => MemoryState): OrganizationStore {
  return {
    async create(organization, roles) {
      const s = state();
      // Every check first, then every write: all or nothing, like the SQL transaction.
      requireAbsent(s.organizations, organization.id, "organization");
      const ids = new Set<string>();
      const types = new Set([...s.roles.values()].map((r) => `${r.organizationId} ${r.type}`));
      for (const role of roles) {
        requireAbsent(s.roles, role.id, "role");
        if (ids.has(role.id) || types.has(`${role.organizationId} ${role.type}`)) {
          throw new Error(`duplicate role: ${role.id}`);
        }
        ids.add(role.id);
        types.add(`${role.organizationId} ${role.type}`);
      }
      s.organizations.set(organization.id, { ...organization });
      for (const role of roles) s.roles.set(role.id, { ...role });
    },
    findById: async (id) => copy(state().organizations.get(id)),
    async findByName(name) {
      const found = [...state().organizations.values()].filter((o) => o.name === name);
      return copy(
        found.sort(
          byKeys(
            (o) => o.createdAt,
            (o) => o.id,
          ),
        )[0],
      );
    },
    list: async () =>
      [...state().organizations.values()]
        .sort(
          byKeys(
            (o) => o.createdAt,
            (o) => o.id,
          ),
        )
        .map((o) => ({ ...o })),
    setLocked: async (id, locked, now) =>
      update(state().organizations, id, (o) => ({ ...o, locked, updatedAt: now })),
    setMfaRequired: async (id, mfaRequired, now) =>
      update(state().organizations, id, (o) => ({ ...o, mfaRequired, updatedAt: now })),
  };
}

export function memoryRoleStore(state: () => MemoryState): RoleStore {
  const roles = () => [...state().roles.values()];
  return {
    listByOrganization: async (organizationId) =>
      roles()
        .filter((r) => r.organizationId === organizationId)
        .sort(
          byKeys(
            (r) => r.id,
            (r) => r.id,
          ),
        )
        .map((r) => ({ ...r })),
    findByType: async (organizationId, type) =>
      copy(roles().find((r) => r.organizationId === organizationId && r.type === type)),
    findById: async (id) => copy(state().roles.get(id)),
  };
}

export function memoryUserStore(state: () => MemoryState): UserStore {
  return {
    async create(user) {
      const s = state();
      requireAbsent(s.users, user.id, "user");
      requireUnique(s.users, (u) => u.email, user.email, "email");
      s.users.set(user.id, { ...user });
    },
    findById: async (id) => copy(state().users.get(id)),
    findByEmail: async (email) => copy([...state().users.values()].find((u) => u.email === email)),
    setPasswordHash: async (id, passwordHash, now) =>
      update(state().users, id, (u) => ({ ...u, passwordHash, updatedAt: now })),
    async setEmail(id, email, now) {
      const s = state();
      const user = s.users.get(id);
      if (!user) return false;
      if (user.email !== email) requireUnique(s.users, (u) => u.email, email, "email");
      s.users.set(id, { ...user, email, updatedAt: now });
      return true;
    },
  };
}

export function memoryMembershipStore(state: () => MemoryState): MembershipStore {
  const all = () => [...state().memberships.values()];
  return {
    async create(membership) {
      const s = state();
      requireAbsent(s.memberships, membershipKey(membership.userId, membership.organizationId), "membership");
      requirePresent(s.users, membership.userId, "user");
      requirePresent(s.organizations, membership.organizationId, "organization");
      requirePresent(s.roles, membership.roleId, "role");
      s.memberships.set(membershipKey(membership.userId, membership.organizationId), { ...membership });
    },
    find: async (userId, organizationId) =>
      copy(state().memberships.get(membershipKey(userId, organizationId))),
    listForUser: async (userId) =>
      all()
        .filter((m) => m.userId === userId)
        .sort(
          byKeys(
            (m) => m.createdAt,
            (m) => m.organizationId,
          ),
        )
        .map((m) => ({ ...m })),
    listForOrganization: async (organizationId) =>
      all()
        .filter((m) => m.organizationId === organizationId)
        .sort(
          byKeys(
            (m) => m.createdAt,
            (m) => m.userId,
          ),
        )
        .map((m) => ({ ...m })),
    setArchived: async (userId, organizationId, archived, now) =>
      update(state().memberships, membershipKey(userId, organizationId), (m) => ({
        ...m,
        archived,
        updatedAt: now,
      })),
    setRole: async (userId, organizationId, roleId, now) =>
      update(state().memberships, membershipKey(userId, organizationId), (m) => ({
        ...m,
        roleId,
        updatedAt: now,
      })),
    async activate(userId, organizationId, now) {
      const key = membershipKey(userId, organizationId);
      if (!state().memberships.get(key)?.pending) return false;
      return update(state().memberships, key, (m) => ({ ...m, pending: false, updatedAt: now }));
    },
  };
}

export function memoryDevKeyStore(state: () => MemoryState): DevKeyStore {
  const all = () => [...state().devKeys.values()];
  return {
    async create(devKey) {
      const s = state();
      requireAbsent(s.devKeys, devKey.id, "devKey");
      if (all().some((k) => k.keyHash === devKey.keyHash)) throw new Error("duplicate devKey hash");
      s.devKeys.set(devKey.id, { ...devKey });
    },
    findById: async (id) => copy(state().devKeys.get(id)),
    findByKeyHash: async (keyHash) => copy(all().find((k) => k.keyHash === keyHash)),
    list: async () =>
      all()
        .sort(
          byKeys(
            (k) => k.createdAt,
            (k) => k.id,
          ),
        )
        .map((k) => ({ ...k })),
    count: async () => state().devKeys.size,
    async deactivate(id, now) {
      const key = state().devKeys.get(id);
      if (!key?.active) return false;
      state().devKeys.set(id, { ...key, active: false, deactivatedAt: now });
      return true;
    },
  };
}
