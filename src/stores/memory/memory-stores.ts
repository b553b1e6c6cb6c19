import type { SessionFilter, SessionStore, Stores } from "../types.ts";
import {
  memoryDevKeyStore,
  memoryMembershipStore,
  memoryOrganizationStore,
  memoryRoleStore,
  memoryUserStore,
} from "./accounts.ts";
import { memoryTableLimitStore } from "./limits.ts";
import { memoryMfaStore, memoryRememberedDeviceStore } from "./mfa.ts";
import { memoryAuditStore, memoryOutboxStore, memorySettingStore } from "./operator.ts";
import { memoryIdempotencyStore, memoryPartnerSessionStore, memoryPartnerStore } from "./partners.ts";
import {
  memoryEmailChangeStore,
  memoryInvitationStore,
  memoryMemberStore,
  memoryOrganizationDetailsStore,
} from "./provisioning.ts";
import {
  byKeys,
  copyState,
  emptyState,
  type MemoryState,
  membershipKey,
  requireAbsent,
  requirePresent,
  requireUnique,
  update,
} from "./state.ts";

const matches =
  (filter: SessionFilter) => (s: { userId: string; organizationId: string; devKeyId: string }) =>
    (filter.userId === undefined || s.userId === filter.userId) &&
    (filter.organizationId === undefined || s.organizationId === filter.organizationId) &&
    (filter.devKeyId === undefined || s.devKeyId === filter.devKeyId);

function memorySessionStore(state: () => MemoryState): SessionStore {
  const all = () => [...state().sessions.values()];
  const deleteMatching = (keep: (s: ReturnType<typeof all>[number]) => boolean): number => {
    let deleted = 0;
    for (const session of all()) {
      if (keep(session)) continue;
      state().sessions.delete(session.id);
      deleted += 1;
    }
    return deleted;
  };
  return {
    async create(session) {
      const s = state();
      requireAbsent(s.sessions, session.id, "session");
      requireUnique(s.sessions, (x) => x.tokenHash, session.tokenHash, "session token hash");
      requirePresent(s.users, session.userId, "user");
      requirePresent(s.organizations, session.organizationId, "organization");
      requirePresent(s.devKeys, session.devKeyId, "devKey");
      s.sessions.set(session.id, { ...session });
    },
    async findByTokenHash(tokenHash) {
      const s = state();
      const session = all().find((x) => x.tokenHash === tokenHash);
      const devKey = session && s.devKeys.get(session.devKeyId);
      const organization = session && s.organizations.get(session.organizationId);
      if (!session || !devKey || !organization) return undefined;
      const membership = s.memberships.get(membershipKey(session.userId, session.organizationId));
      return {
        ...session,
        devKeyHash: devKey.keyHash,
        devKeyActive: devKey.active,
        mfaBypass: devKey.mfaBypass,
        organizationLocked: organization.locked,
        organizationMfaRequired: organization.mfaRequired,
        membershipArchived: membership ? membership.archived : null,
      };
    },
    async touch(id, lastActiveAt) {
      const session = state().sessions.get(id);
      if (session && session.lastActiveAt < lastActiveAt)
        state().sessions.set(id, { ...session, lastActiveAt });
    },
    deleteById: async (id) => state().sessions.delete(id),
    async deleteWhere(filter) {
      if (Object.values(filter).every((value) => value === undefined)) {
        throw new Error("deleteWhere needs at least one filter field");
      }
      const match = matches(filter);
      return deleteMatching((s) => !match(s));
    },
    deleteIdleBefore: async (cutoff) => deleteMatching((s) => s.lastActiveAt >= cutoff),
    async list(filter) {
      const s = state();
      return all()
        .filter(matches(filter))
        .flatMap((session) => {
          const user = s.users.get(session.userId);
          const devKey = s.devKeys.get(session.devKeyId);
          return user && devKey ? [{ ...session, userEmail: user.email, devKeyName: devKey.name }] : [];
        })
        .sort(
          byKeys(
            (x) => x.createdAt,
            (x) => x.id,
          ),
        );
    },
    markTrusted: async (id) => update(state().sessions, id, (x) => ({ ...x, trusted: true })),
  };
}

/**
 * Stores in process memory, for tests: the same contract as SQL (constraints, joins,
 * orderings), nothing persisted. Transactions run one at a time, and one whose work throws
 * restores the state it started from — writes made outside it meanwhile included, which a
 * test never minds and a server would (so no server runs on this).
 */
export function createMemoryStores(): Stores {
  let state = emptyState();
  const current = () => state;
  let queue: Promise<unknown> = Promise.resolve();
  const bound = {
    organizations: memoryOrganizationStore(current),
    roles: memoryRoleStore(current),
    users: memoryUserStore(current),
    memberships: memoryMembershipStore(current),
    devKeys: memoryDevKeyStore(current),
    sessions: memorySessionStore(current),
    limits: memoryTableLimitStore(current),
    outbox: memoryOutboxStore(current),
    mfa: memoryMfaStore(current),
    rememberedDevices: memoryRememberedDeviceStore(current),
    organizationDetails: memoryOrganizationDetailsStore(current),
    members: memoryMemberStore(current),
    invitations: memoryInvitationStore(current),
    emailChanges: memoryEmailChangeStore(current),
    partners: memoryPartnerStore(current),
    partnerSessions: memoryPartnerSessionStore(current),
    idempotency: memoryIdempotencyStore(current),
    audit: memoryAuditStore(current),
    settings: memorySettingStore(current),
  };
  const stores: Stores = {
    ...bound,
    transaction(work) {
      const run = queue.then(async () => {
        const before = copyState(state);
        try {
          return await work(inner);
        } catch (error) {
          state = before;
          throw error;
        }
      });
      queue = run.catch(() => {});
      return run;
    },
    ping: async () => {},
    close: async () => {},
  };
  // Inside a transaction a nested one is part of it, as with SQL.
  const inner: Stores = { ...stores, transaction: (work) => work(inner) };
  return stores;
}
