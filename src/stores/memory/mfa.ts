import type { MfaStore, RememberedDeviceStore } from "../types.ts";
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

/** Verified phones and setup/challenge tokens, as sql/mfa.ts keeps them. */
export function memoryMfaStore(state: () => MemoryState): MfaStore {
  return {
    findPhone: async (userId) => copy(state().mfaPhones.get(userId)),
    async savePhone(phone) {
      requirePresent(state().users, phone.userId, "user");
      state().mfaPhones.set(phone.userId, { ...phone });
    },
    deletePhone: async (userId) => state().mfaPhones.delete(userId),
    async createToken(token) {
      const s = state();
      requireAbsent(s.mfaTokens, token.id, "MFA token");
      requirePresent(s.users, token.userId, "user");
      s.mfaTokens.set(token.id, { ...token });
    },
    findToken: async (id) => copy(state().mfaTokens.get(id)),
    async claimAttempt(id, maxAttempts) {
      // Read and write with no await between: concurrent guesses claim at most maxAttempts.
      const token = state().mfaTokens.get(id);
      if (!token || token.attempts >= maxAttempts || token.consumedAt !== null) return undefined;
      const attempts = token.attempts + 1;
      state().mfaTokens.set(id, { ...token, attempts });
      return attempts;
    },
    async consumeToken(id, now) {
      const token = state().mfaTokens.get(id);
      if (!token || token.consumedAt !== null) return false;
      return update(state().mfaTokens, id, (t) => ({ ...t, consumedAt: now }));
    },
    deleteTokensExpiredBefore: async (userId, cutoff) =>
      deleteWhere(state().mfaTokens, (t) => t.userId === userId && t.expiresAt < cutoff),
  };
}

/** rememberMeId hashes, unique, per user. */
export function memoryRememberedDeviceStore(state: () => MemoryState): RememberedDeviceStore {
  return {
    async create(device) {
      const s = state();
      requireAbsent(s.rememberedDevices, device.id, "remembered device");
      requireUnique(s.rememberedDevices, (d) => d.tokenHash, device.tokenHash, "remembered device hash");
      requirePresent(s.users, device.userId, "user");
      s.rememberedDevices.set(device.id, { ...device });
    },
    findByTokenHash: async (tokenHash) =>
      copy([...state().rememberedDevices.values()].find((d) => d.tokenHash === tokenHash)),
    listForUser: async (userId) =>
      [...state().rememberedDevices.values()]
        .filter((d) => d.userId === userId)
        .sort(
          byKeys(
            (d) => d.createdAt,
            (d) => d.id,
          ),
        )
        .map((d) => ({ ...d })),
    deleteWhere: async (filter) =>
      deleteWhere(
        state().rememberedDevices,
        (d) =>
          d.userId === filter.userId &&
          (filter.id === undefined || d.id === filter.id) &&
          (filter.device === undefined || d.device === filter.device),
      ),
    deleteExpiredBefore: async (userId, cutoff) =>
      deleteWhere(state().rememberedDevices, (d) => d.userId === userId && d.expiresAt < cutoff),
  };
}
