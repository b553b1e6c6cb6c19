/** Table shapes for Kysely. Booleans are integers (0/1) and times integer Unix ms on every dialect. */

export interface OrganizationsTable {
  id: string;
  name: string;
  locked: number;
  created_at: number;
  updated_at: number;
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
}

export interface LimitCountersTable {
  key: string;
  count: number;
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
}

export interface AuditEventsTable {
  id: string;
  at: number;
  event: string;
  code: string | null;
  username: string | null;
  user_id: string | null;
  organization_id: string | null;
  dev_key_id: string | null;
  session_ref: string | null;
  ip: string | null;
  reason: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface Database {
  organizations: OrganizationsTable;
  roles: RolesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  dev_keys: DevKeysTable;
  sessions: SessionsTable;
  limit_counters: LimitCountersTable;
  outbox: OutboxTable;
  audit_events: AuditEventsTable;
  settings: SettingsTable;
}
