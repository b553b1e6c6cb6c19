import type { Kysely } from "kysely";
import { bufferSessionActivity } from "../session-activity.ts";
import type { Stores } from "../types.ts";
import {
  sqlDevKeyStore,
  sqlMembershipStore,
  sqlOrganizationStore,
  sqlRoleStore,
  sqlUserStore,
} from "./accounts.ts";
import { sqlAuditStore, sqlSettingStore } from "./operator.ts";
import { sqlOutboxStore } from "./outbox.ts";
import type { Database } from "./schema.ts";
import { sqlLimitStore, sqlSessionStore } from "./sessions.ts";

function bindStores(db: Kysely<Database>): Omit<Stores, "transaction" | "close"> {
  return {
    organizations: sqlOrganizationStore(db),
    roles: sqlRoleStore(db),
    users: sqlUserStore(db),
    memberships: sqlMembershipStore(db),
    devKeys: sqlDevKeyStore(db),
    sessions: sqlSessionStore(db),
    limits: sqlLimitStore(db),
    outbox: sqlOutboxStore(db),
    audit: sqlAuditStore(db),
    settings: sqlSettingStore(db),
  };
}

export interface SqlStoreOptions {
  /** How often buffered session activity is written back; 0 writes on every touch. */
  sessionFlushIntervalMs: number;
}

/** Stores over one Kysely database, SQLite or PostgreSQL alike. */
export function createSqlStores(db: Kysely<Database>, options: SqlStoreOptions): Stores {
  const bound = bindStores(db);
  const sessions = bufferSessionActivity(bound.sessions, options.sessionFlushIntervalMs);
  const transactional = (trx: Kysely<Database>): Stores => ({
    ...bindStores(trx),
    transaction: (work) => work(transactional(trx)),
    close: async () => {},
  });
  return {
    ...bound,
    sessions,
    transaction: (work) => db.transaction().execute((trx) => work(transactional(trx))),
    async close() {
      await sessions.close();
      await db.destroy();
    },
  };
}
