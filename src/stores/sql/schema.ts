/** Table shapes for Kysely. Booleans are integers (0/1) and times integer Unix ms on every dialect. */

import type { Generated } from "kysely";
import type { ConsoleTables } from "./console-schema.ts";

export interface OrganizationsTable {
  id: string;
  name: string;
  locked: number;
  mfa_required: number;
  created_at: number;
  updated_at: number;
  // 005-provisioning: the profile (addresses as JSON text) and the creating partner.
  phone: string | null;
  address: string | null;
  mailing_address: string | null;
  industry: string | null;
  tax_id: string | null;
  tax_id_type: string | null;
  business_category: string | null;
  account_type: string | null;
  partner_id: string | null;
}

export interface RolesTable {
  id: string;
  organization_id: string;
  type: string;
  name: string;
  description: string;
}

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string | null;
  first_name: string;
  last_name: string;
  created_at: number;
  updated_at: number;
}

export interface MembershipsTable {
  user_id: string;
  organization_id: string;
  role_id: string;
  archived: number;
  created_at: number;
  updated_at: number;
  // 005-provisioning: the organization's view of the member.
  first_name: Generated<string>;
  last_name: Generated<string>;
  username: string | null;
  external_reference_id: string | null;
  // 009-identity-consent: 1 until the person accepts the organization's invitation.
  pending: Generated<number>;
}

export interface DevKeysTable {
  id: string;
  name: string;
  key_hash: string;
  active: number;
  mfa_bypass: number;
  created_at: number;
  deactivated_at: number | null;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  organization_id: string;
  dev_key_id: string;
  trusted: number;
  created_at: number;
  last_active_at: number;
  /** 009-identity-consent: the partner whose login-as-user made it; null for a login. */
  partner_id: string | null;
  // 011-sign-in-modes: how it was made, by which credential, its OAuth scope, a fixed expiry.
  mode: Generated<string>;
  credential_id: string | null;
  scope: string | null;
  expires_at: number | null;
}

export interface LimitCountersTable {
  key: string;
  count: number;
  expires_at: number;
}

export interface LimitLeasesTable {
  key: string;
  slot: number;
  lease: string;
  expires_at: number;
}

export interface OutboxTable {
  id: string;
  channel: string;
  recipient: string;
  purpose: string;
  text: string;
  user_id: string | null;
  organization_id: string | null;
  created_at: number;
  /** Insertion order, for messages with the same created_at. */
  seq: number;
}

export interface MfaPhonesTable {
  user_id: string;
  phone: string;
  type: string;
  verified_at: number;
}

export interface MfaTokensTable {
  id: string;
  kind: string;
  user_id: string;
  phone: string;
  type: string;
  token_hash: string;
  attempts: number;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
}

export interface RememberedDevicesTable {
  id: string;
  user_id: string;
  token_hash: string;
  device: string;
  machine_name: string | null;
  created_at: number;
  expires_at: number;
}

export interface InvitationsTable {
  id: string;
  token_hash: string;
  user_id: string;
  organization_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface EmailChangesTable {
  id: string;
  token_hash: string;
  user_id: string;
  /** The address asked for (canonical); it becomes the login when confirmed. */
  email: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface PartnersTable {
  id: string;
  name: string;
  app_key_hash: string;
  dev_key_id: string;
  created_at: number;
}

export interface PartnerUsersTable {
  id: string;
  partner_id: string;
  username: string;
  password_hash: string;
  created_at: number;
  updated_at: number;
}

export interface PartnerSessionsTable {
  id: string;
  token_hash: string;
  partner_id: string;
  partner_user_id: string;
  created_at: number;
  last_active_at: number;
}

export interface IdempotencyKeysTable {
  key_hash: string;
  request_hash: string;
  status: number | null;
  body: string | null;
  owner: string;
  locked_until: number;
  created_at: number;
  expires_at: number;
}

export interface AuditEventsTable {
  id: string;
  at: number;
  event: string;
  code: string | null;
  username: string | null;
  /** 009-identity-consent: SHA-256 of a username that failed to log in. */
  username_hash: string | null;
  user_id: string | null;
  organization_id: string | null;
  dev_key_id: string | null;
  session_ref: string | null;
  ip: string | null;
  reason: string | null;
  /** 015-audit-mode: how a sign-in was made (`password`, `sync-token`, `oauth`, `console`). */
  mode: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

// 010-resources: BILL's AP & AR records, one JSON document each.
export interface ResourcesTable {
  organization_id: string;
  kind: string;
  id: string;
  archived: number;
  data: string;
  created_at: number;
  updated_at: number;
}

/** 012-sync-tokens: AP & AR sync tokens, the value only as its SHA-256. */
export interface SyncTokensTable {
  id: string;
  organization_id: string;
  user_id: string;
  name: string;
  value_hash: string;
  created_at: number;
  revoked_at: number | null;
}

/** 013-oauth-apps: OAuth client-credentials apps; the client secret only as its hash. */
export interface OAuthAppsTable {
  id: string;
  organization_id: string;
  user_id: string;
  name: string;
  scope: string;
  secret_hash: string;
  dev_key_id: string;
  created_at: number;
  revoked_at: number | null;
}

export interface Database extends ConsoleTables {
  organizations: OrganizationsTable;
  roles: RolesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  dev_keys: DevKeysTable;
  sessions: SessionsTable;
  sync_tokens: SyncTokensTable;
  limit_counters: LimitCountersTable;
  limit_leases: LimitLeasesTable;
  outbox: OutboxTable;
  mfa_phones: MfaPhonesTable;
  mfa_tokens: MfaTokensTable;
  remembered_devices: RememberedDevicesTable;
  invitations: InvitationsTable;
  email_changes: EmailChangesTable;
  partners: PartnersTable;
  partner_users: PartnerUsersTable;
  partner_sessions: PartnerSessionsTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_events: AuditEventsTable;
  settings: SettingsTable;
  resources: ResourcesTable;
  oauth_apps: OAuthAppsTable;
  /** 016-session-epoch: one row (id 1), moved by triggers (stores/session-cache.ts). */
  session_epoch: { id: number; value: number };
}
