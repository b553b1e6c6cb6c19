import { type Kysely, sql } from "kysely";
import { bufferLimits } from "../buffered-limits.ts";
import { bufferSessionActivity } from "../session-activity.ts";
import type { Stores } from "../types/index.ts";
import { sqlConsoleStore } from "./consoles.ts";
import { sqlDevKeyStore } from "./devkeys.ts";
import { sqlIdempotencyStore } from "./idempotency.ts";
import { sqlLimitStore, withStoredLimitKeys } from "./limits.ts";
import { sqlMembershipStore } from "./memberships.ts";
import { sqlMfaStore, sqlRememberedDeviceStore } from "./mfa.ts";
import { sqlOAuthAppStore } from "./oauth-apps.ts";
import { sqlAuditStore, sqlOutboxStore, sqlSettingStore } from "./operator.ts";
import { sqlOrganizationStore, sqlRoleStore } from "./organizations.ts";
import { sqlPartnerSessionStore, sqlPartnerStore } from "./partners.ts";
import { sqlResourceStore } from "./resources.ts";
import type { Database } from "./schema.ts";
import { sqlSessionStore } from "./sessions.ts";
import { restoreSqlSnapshot, takeSqlSnapshot } from "./snapshots.ts";
import { sqlSyncTokenStore } from "./sync-tokens.ts";
import { sqlEmailChangeStore, sqlInvitationStore, sqlUserStore } from "./users.ts";

function bindStores(db: Kysely<Database>): Omit<Stores, "transaction" | "close" | "ping"> {
  return {
    organizations: sqlOrganizationStore(db),
    roles: sqlRoleStore(db),
    users: sqlUserStore(db),
    memberships: sqlMembershipStore(db),
    devKeys: sqlDevKeyStore(db),
    sessions: sqlSessionStore(db),
    limits: withStoredLimitKeys(sqlLimitStore(db)),
    outbox: sqlOutboxStore(db),
    mfa: sqlMfaStore(db),
    rememberedDevices: sqlRememberedDeviceStore(db),
    invitations: sqlInvitationStore(db),
    emailChanges: sqlEmailChangeStore(db),
    partners: sqlPartnerStore(db),
    partnerSessions: sqlPartnerSessionStore(db),
    idempotency: sqlIdempotencyStore(db),
    audit: sqlAuditStore(db),
    settings: sqlSettingStore(db),
    resources: sqlResourceStore(db),
    consoles: sqlConsoleStore(db),
    syncTokens: sqlSyncTokenStore(db),
    oauthApps: sqlOAuthAppStore(db),
  };
}

export interface SqlStoreOptions {
  /** How often buffered session activity is written back; 0 writes on every touch. */
  sessionFlushIntervalMs: number;
  /**
   * How often counters kept in this process's memory are written back (in-flight slots then
   * stay in memory); 0 or absent: every limit operation goes to the database, which is what
   * several processes sharing it need.
   */
  limitFlushIntervalMs?: number;
}

/** Stores over one Kysely database, SQLite or PostgreSQL alike. */
export function createSqlStores(db: Kysely<Database>, options: SqlStoreOptions): Stores {
  const bound = bindStores(db);
  const sessions = bufferSessionActivity(bound.sessions, options.sessionFlushIntervalMs, (write) =>
    db.transaction().execute((trx) => write(sqlSessionStore(trx))),
  );
  const ping = async (on: Kysely<Database>) => {
    await sql`select 1`.execute(on);
  };
  const limitFlushMs = options.limitFlushIntervalMs ?? 0;
  const limits = limitFlushMs > 0 ? bufferLimits(bound.limits, limitFlushMs) : undefined;
  const transactional = (trx: Kysely<Database>): Stores => ({
    ...bindStores(trx),
    transaction: (work) => work(transactional(trx)),
    ping: () => ping(trx),
    close: async () => {},
  });
  return {
    ...bound,
    sessions,
    limits: limits ?? bound.limits,
    transaction: (work) => db.transaction().execute((trx) => work(transactional(trx))),
    ping: () => ping(db),
    async takeSnapshot() {
      // What this process holds in memory is part of the store's state: written first.
      await Promise.all([sessions.flush(), limits?.flush()]);
      return takeSqlSnapshot(db);
    },
    async restoreSnapshot(snapshot) {
      await Promise.all([sessions.discard(), limits?.discard()]);
      await restoreSqlSnapshot(db, snapshot);
      // A count that arrived while the restore ran belongs to the replaced store.
      await limits?.discard();
    },
    async close() {
      await sessions.close();
      await limits?.close();
      await db.destroy();
    },
  };
}
