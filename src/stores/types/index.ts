/**
 * Persistence ports. The domain (src/auth) speaks only these interfaces, one file per feature;
 * the SQL and Redis implementations use the same file names. Times are Unix milliseconds.
 */

import type { ConsoleStore } from "./consoles.ts";
import type { DevKeyStore } from "./devkeys.ts";
import type { IdempotencyStore } from "./idempotency.ts";
import type { LimitStore } from "./limits.ts";
import type { MembershipStore } from "./memberships.ts";
import type { MfaStore, RememberedDeviceStore } from "./mfa.ts";
import type { OAuthAppStore } from "./oauth-apps.ts";
import type { AuditStore, OutboxStore, SettingStore } from "./operator.ts";
import type { OrganizationStore, RoleStore } from "./organizations.ts";
import type { PartnerSessionStore, PartnerStore } from "./partners.ts";
import type { ResourceStore } from "./resources.ts";
import type { SessionStore } from "./sessions.ts";
import type { SyncTokenStore } from "./sync-tokens.ts";
import type { EmailChangeStore, InvitationStore, UserStore } from "./users.ts";

export interface Stores {
  organizations: OrganizationStore;
  roles: RoleStore;
  users: UserStore;
  memberships: MembershipStore;
  devKeys: DevKeyStore;
  sessions: SessionStore;
  limits: LimitStore;
  outbox: OutboxStore;
  mfa: MfaStore;
  rememberedDevices: RememberedDeviceStore;
  invitations: InvitationStore;
  emailChanges: EmailChangeStore;
  partners: PartnerStore;
  partnerSessions: PartnerSessionStore;
  idempotency: IdempotencyStore;
  audit: AuditStore;
  settings: SettingStore;
  /** BILL's AP & AR records (src/resources/). */
  resources: ResourceStore;
  /** BILL's Accountant Console: consoles, their organizations, users and tokens. */
  consoles: ConsoleStore;
  /** AP & AR sync tokens (docs/bill-sign-in-modes.md section 3). */
  syncTokens: SyncTokenStore;
  /** OAuth client-credentials apps (docs/bill-sign-in-modes.md section 4). */
  oauthApps: OAuthAppStore;
  /** Runs `work` atomically: every write in it lands, or none does. */
  transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
  /** Resolves when the backing store answers a trivial query (readiness); rejects otherwise. */
  ping(): Promise<void>;
  /** With Redis configured: resolves when Redis answers PING (readiness); rejects otherwise. */
  pingRedis?: () => Promise<void>;
  /** Every record, for a sandbox snapshot (`POST /operator/v1/snapshots`), in one consistent read. */
  takeSnapshot?(): Promise<StoreSnapshot>;
  /**
   * Replaces every record with a snapshot's (the empty snapshot: a reset), in one transaction,
   * and drops what this process buffered (activity, limit counts): what a restore puts back is
   * exactly what was taken. The operator token and the test clock are not records.
   */
  restoreSnapshot?(snapshot: StoreSnapshot): Promise<void>;
  /** Flushes buffered writes and closes connections. */
  close(): Promise<void>;
}

/**
 * Every record of a store, as rows per table (stores/sql/snapshots.ts). No tables at all is
 * the empty store.
 */
export interface StoreSnapshot {
  tables: { name: string; rows: Record<string, unknown>[] }[];
}
