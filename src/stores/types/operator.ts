/**
 * What the operator plane keeps: the delivery outbox, the audit log, a few settings.
 */

export type DeliveryChannel = "TEXT" | "VOICE" | "EMAIL";

/** Something BILL would send by SMS, voice call or e-mail (spec section 10). */
export interface OutboxMessage {
  id: string;
  channel: DeliveryChannel;
  /** E.164 phone number or e-mail address. */
  recipient: string;
  /** What it is for, e.g. `mfa-setup`, `mfa-challenge`, `invitation`. */
  purpose: string;
  text: string;
  userId: string | null;
  organizationId: string | null;
  createdAt: number;
}

export interface OutboxFilter {
  recipient?: string;
  userId?: string;
  /** Newest first, at most this many (default 100). */
  limit?: number;
}

export interface OutboxStore {
  append(message: OutboxMessage): Promise<void>;
  /** Newest first. */
  list(filter: OutboxFilter): Promise<OutboxMessage[]>;
}

/** One persisted authentication decision (the audit log of the operator API). */
export interface AuditRecord {
  id: string;
  at: number;
  event: string;
  code: string | null;
  /** The account's email after a successful login; never the text of a failed one. */
  username: string | null;
  /** SHA-256 (hex) of the canonical username of a failed login whose user does not exist. */
  usernameHash: string | null;
  userId: string | null;
  organizationId: string | null;
  devKeyId: string | null;
  sessionRef: string | null;
  ip: string | null;
  reason: string | null;
  /** The sign-in mode of a login (`console`, …); null for a password or no login. */
  mode?: string | null;
}

export interface AuditFilter {
  organizationId?: string;
  userId?: string;
  event?: string;
  /** Inclusive lower and exclusive upper bounds, Unix ms. */
  from?: number;
  to?: number;
  /** Newest first, at most this many (default 100). */
  limit?: number;
}

export interface AuditStore {
  append(record: AuditRecord): Promise<void>;
  /** Newest first. */
  list(filter: AuditFilter): Promise<AuditRecord[]>;
}

/** Small server-wide values: the operator token's hash, the sandbox clock's offset. */
export interface SettingStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, now: number): Promise<void>;
}
