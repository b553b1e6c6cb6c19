import type { IdempotencyStore, PartnerSessionStore, PartnerStore } from "../provisioning-types.ts";
import {
  byKeys,
  copy,
  deleteWhere,
  type MemoryState,
  requireAbsent,
  requirePresent,
  requireUnique,
  update,
} from "./state.ts";

export function memoryPartnerStore(state: () => MemoryState): PartnerStore {
  return {
    async create(partner) {
      const s = state();
      requireAbsent(s.partners, partner.id, "partner");
      requireUnique(s.partners, (p) => p.appKeyHash, partner.appKeyHash, "partner appKey hash");
      requirePresent(s.devKeys, partner.devKeyId, "devKey");
      s.partners.set(partner.id, { ...partner });
    },
    findById: async (id) => copy(state().partners.get(id)),
    findByAppKeyHash: async (appKeyHash) =>
      copy([...state().partners.values()].find((p) => p.appKeyHash === appKeyHash)),
    list: async () =>
      [...state().partners.values()]
        .sort(
          byKeys(
            (p) => p.createdAt,
            (p) => p.id,
          ),
        )
        .map((p) => ({ ...p })),
    async createUser(user) {
      const s = state();
      requireAbsent(s.partnerUsers, user.id, "partner user");
      requireUnique(
        s.partnerUsers,
        (u) => `${u.partnerId} ${u.username}`,
        `${user.partnerId} ${user.username}`,
        "partner username",
      );
      requirePresent(s.partners, user.partnerId, "partner");
      s.partnerUsers.set(user.id, { ...user });
    },
    findUser: async (partnerId, username) =>
      copy(
        [...state().partnerUsers.values()].find((u) => u.partnerId === partnerId && u.username === username),
      ),
    listUsers: async (partnerId) =>
      [...state().partnerUsers.values()]
        .filter((u) => u.partnerId === partnerId)
        .sort(
          byKeys(
            (u) => u.createdAt,
            (u) => u.id,
          ),
        )
        .map((u) => ({ ...u })),
    setUserPassword: async (userId, passwordHash, now) =>
      update(state().partnerUsers, userId, (u) => ({ ...u, passwordHash, updatedAt: now })),
  };
}

/** Partner sessions, activity written straight through (as in SQL: partner calls are few). */
export function memoryPartnerSessionStore(state: () => MemoryState): PartnerSessionStore {
  return {
    async create(session) {
      const s = state();
      requireAbsent(s.partnerSessions, session.id, "partner session");
      requireUnique(s.partnerSessions, (x) => x.tokenHash, session.tokenHash, "partner session hash");
      requirePresent(s.partners, session.partnerId, "partner");
      requirePresent(s.partnerUsers, session.partnerUserId, "partner user");
      s.partnerSessions.set(session.id, { ...session });
    },
    async findByTokenHash(tokenHash) {
      const s = state();
      const session = [...s.partnerSessions.values()].find((x) => x.tokenHash === tokenHash);
      const partner = session && s.partners.get(session.partnerId);
      if (!session || !partner) return undefined;
      return { ...session, appKeyHash: partner.appKeyHash, devKeyId: partner.devKeyId };
    },
    async touch(id, lastActiveAt) {
      const session = state().partnerSessions.get(id);
      if (session && session.lastActiveAt < lastActiveAt) {
        state().partnerSessions.set(id, { ...session, lastActiveAt });
      }
    },
    deleteById: async (id) => state().partnerSessions.delete(id),
    deleteIdleBefore: async (cutoff) => deleteWhere(state().partnerSessions, (x) => x.lastActiveAt < cutoff),
  };
}

/**
 * Remembered idempotent responses, as sql/idempotency.ts keeps them. Each operation reads and
 * writes with no await between, so of any number of racing claims exactly one wins, as the one
 * INSERT … ON CONFLICT DO UPDATE … WHERE statement of SQL decides.
 */
export function memoryIdempotencyStore(state: () => MemoryState): IdempotencyStore {
  return {
    async claim(record, now) {
      const s = state();
      const existing = s.idempotency.get(record.keyHash);
      const replaceable =
        existing === undefined ||
        existing.expiresAt <= now ||
        (existing.status === null &&
          existing.lockedUntil <= now &&
          existing.requestHash === record.requestHash);
      if (!replaceable) return false;
      // A claim starts pending whatever status and body the record carries.
      s.idempotency.set(record.keyHash, { ...record, status: null, body: null });
      return true;
    },
    find: async (keyHash) => copy(state().idempotency.get(keyHash)),
    async complete(keyHash, owner, status, body) {
      const s = state();
      const record = s.idempotency.get(keyHash);
      if (!record || record.owner !== owner || record.status !== null) return false;
      s.idempotency.set(keyHash, { ...record, status, body });
      return true;
    },
    async release(keyHash, owner) {
      const s = state();
      const record = s.idempotency.get(keyHash);
      if (record && record.owner === owner && record.status === null) s.idempotency.delete(keyHash);
    },
    deleteExpired: async (now) => deleteWhere(state().idempotency, (r) => r.expiresAt <= now),
  };
}
