/**
 * Persistence ports. The domain (src/auth) speaks only these interfaces; SQLite, PostgreSQL,
 * Redis and memory implementations live beside this file. Times are Unix milliseconds.
 */

import type {
  EmailChangeStore,
  IdempotencyStore,
  InvitationStore,
  MemberStore,
  OrganizationDetailsStore,
  PartnerSessionStore,
  PartnerStore,
} from "./provisioning-types.ts";

export const ROLE_TYPES = ["ADMINISTRATOR", "ACCOUNTANT", "APPROVER", "PAYER", "CLERK", "AUDITOR"] as const;
export type RoleType = (typeof ROLE_TYPES)[number];

export interface Organization {
  id: string;
  name: string;
  locked: boolean;
  /** Its users must pass MFA for protected operations (spec 4.1 and 7). */
  mfaRequired: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface Role {
  id: string;
  organizationId: string;
  type: RoleType;
  name: string;
  description: string;
}

export interface User {
  id: string;
  /** Canonical (auth/emails.ts): NFKC and case folded, so look-alike spellings are one address. */
  email: string;
  /** argon2id PHC string; null until a password is set. */
  passwordHash: string | null;
  firstName: string;
  lastName: string;
  createdAt: number;
  updatedAt: number;
}

export interface Membership {
  userId: string;
  organizationId: string;
  roleId: string;
  archived: boolean;
  /**
   * The person has not accepted this organization yet (spec 5.1): an identity that already
   * existed was added over the API. No login, no login-as-user into it until it accepts.
   */
  pending: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface DevKey {
  id: string;
  name: string;
  /** SHA-256 of the key; the key itself is shown once and never stored. */
  keyHash: string;
  active: boolean;
  mfaBypass: boolean;
  createdAt: number;
  deactivatedAt: number | null;
}

export interface Session {
  /** Public reference (`0se…`), safe to print; the secret session id is never stored. */
  id: string;
  tokenHash: string;
  userId: string;
  organizationId: string;
  devKeyId: string;
  trusted: boolean;
  /**
   * The partner whose login-as-user made this session (an impersonation), or null for a
   * login with the person's own password. Impersonation changes no credential or factor.
   */
  partnerId: string | null;
  createdAt: number;
  lastActiveAt: number;
}

/** A session with what the check of every authenticated call needs, read in one query. */
export interface SessionRecord extends Session {
  devKeyHash: string;
  devKeyActive: boolean;
  mfaBypass: boolean;
  organizationLocked: boolean;
  organizationMfaRequired: boolean;
  /** null when the membership no longer exists. */
  membershipArchived: boolean | null;
}

export interface SessionListItem extends Session {
  userEmail: string;
  devKeyName: string;
}

export interface SessionFilter {
  userId?: string;
  organizationId?: string;
  devKeyId?: string;
}

export interface OrganizationStore {
  /** Creates the organization and its roles in one transaction. */
  create(organization: Organization, roles: readonly Role[]): Promise<void>;
  findById(id: string): Promise<Organization | undefined>;
  findByName(name: string): Promise<Organization | undefined>;
  list(): Promise<Organization[]>;
  setLocked(id: string, locked: boolean, now: number): Promise<boolean>;
  setMfaRequired(id: string, mfaRequired: boolean, now: number): Promise<boolean>;
}

export interface RoleStore {
  listByOrganization(organizationId: string): Promise<Role[]>;
  findByType(organizationId: string, type: RoleType): Promise<Role | undefined>;
  findById(id: string): Promise<Role | undefined>;
}

export interface UserStore {
  create(user: User): Promise<void>;
  findById(id: string): Promise<User | undefined>;
  findByEmail(email: string): Promise<User | undefined>;
  setPasswordHash(id: string, passwordHash: string, now: number): Promise<boolean>;
  /** Changes the login email (all organizations); the unique index refuses a taken one. */
  setEmail(id: string, email: string, now: number): Promise<boolean>;
}

export interface MembershipStore {
  create(membership: Membership): Promise<void>;
  find(userId: string, organizationId: string): Promise<Membership | undefined>;
  listForUser(userId: string): Promise<Membership[]>;
  listForOrganization(organizationId: string): Promise<Membership[]>;
  setArchived(userId: string, organizationId: string, archived: boolean, now: number): Promise<boolean>;
  setRole(userId: string, organizationId: string, roleId: string, now: number): Promise<boolean>;
  /** A pending membership becomes active (its invitation was accepted); false when none was pending. */
  activate(userId: string, organizationId: string, now: number): Promise<boolean>;
}

export interface DevKeyStore {
  create(devKey: DevKey): Promise<void>;
  findById(id: string): Promise<DevKey | undefined>;
  findByKeyHash(keyHash: string): Promise<DevKey | undefined>;
  list(): Promise<DevKey[]>;
  count(): Promise<number>;
  deactivate(id: string, now: number): Promise<boolean>;
}

export interface SessionStore {
  create(session: Session): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<SessionRecord | undefined>;
  /** Records activity; implementations may persist it at a bounded rate. */
  touch(id: string, lastActiveAt: number): Promise<void>;
  deleteById(id: string): Promise<boolean>;
  /** Deletes every session matching all given fields; returns how many. */
  deleteWhere(filter: SessionFilter): Promise<number>;
  deleteIdleBefore(cutoff: number): Promise<number>;
  list(filter: SessionFilter): Promise<SessionListItem[]>;
  /** The session passed MFA (challenge or rememberMeId); false when it no longer exists. */
  markTrusted(id: string): Promise<boolean>;
}

export interface Counter {
  count: number;
  expiresAt: number;
}

/**
 * Fixed-window counters and in-flight slots: the atomic operations that limits and lockouts
 * need. The decisions (is a count over its limit?) are pure functions in src/auth/limits.ts.
 * A shared backend makes the limits hold across a fleet by implementing this alone; in Redis,
 * `hit` is INCRBY plus PEXPIREAT when new, and `acquire` a sorted set of leases scored by
 * expiry (ZREMRANGEBYSCORE the expired, ZCARD, ZADD when below the limit), each one script.
 */
export interface LimitStore {
  /**
   * Adds `by` (default 1) to `key`; a missing or expired counter starts at `by` and expires
   * at `expiresAt`.
   */
  hit(key: string, expiresAt: number, now: number, by?: number): Promise<Counter>;
  peek(key: string, now: number): Promise<Counter | undefined>;
  reset(key: string): Promise<void>;
  /**
   * Takes one of `limit` slots of `key` for `lease` (an id unique across processes) until it
   * is released or `leaseExpiresAt` passes, so that a crashed process cannot hold slots of a
   * shared store forever. False, and nothing taken, when every slot is held. Atomic: of any
   * number of concurrent calls on a free key, exactly `limit` succeed.
   */
  acquire(key: string, lease: string, limit: number, leaseExpiresAt: number, now: number): Promise<boolean>;
  /** Gives a slot back; an unknown or already released lease is ignored. */
  release(key: string, lease: string): Promise<void>;
  /** Live slots per key, for the keys that start with `prefix` (for operators; not a hot path). */
  countHeld(prefix: string, now: number): Promise<HeldSlots[]>;
}

export interface HeldSlots {
  key: string;
  held: number;
}

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

export type MfaPhoneType = "TEXT" | "VOICE";

/** A user's verified MFA phone (one per user; a new verified phone replaces it). */
export interface MfaPhone {
  userId: string;
  /** E.164. */
  phone: string;
  type: MfaPhoneType;
  verifiedAt: number;
}

/** A setup (`0ms…`) or challenge (`0mc…`): one delivered token, stored only as a hash. */
export interface MfaToken {
  id: string;
  kind: "setup" | "challenge";
  userId: string;
  phone: string;
  type: MfaPhoneType;
  tokenHash: string;
  /** Validation attempts claimed so far, the right one included. */
  attempts: number;
  createdAt: number;
  expiresAt: number;
  /** Used (or voided because it could not be delivered); null while open. */
  consumedAt: number | null;
}

export interface MfaStore {
  findPhone(userId: string): Promise<MfaPhone | undefined>;
  /** Inserts or replaces the user's phone. */
  savePhone(phone: MfaPhone): Promise<void>;
  deletePhone(userId: string): Promise<boolean>;
  createToken(token: MfaToken): Promise<void>;
  findToken(id: string): Promise<MfaToken | undefined>;
  /**
   * Atomically counts one validation attempt while fewer than `maxAttempts` were made and the
   * token is open; returns the new count, or undefined when no attempt is left.
   */
  claimAttempt(id: string, maxAttempts: number): Promise<number | undefined>;
  /** Atomically closes an open token; false when it was already closed. */
  consumeToken(id: string, now: number): Promise<boolean>;
  /** Removes the user's tokens that expired before `cutoff`; returns how many. */
  deleteTokensExpiredBefore(userId: string, cutoff: number): Promise<number>;
}

/** A rememberMeId: bound to one user and device name, stored only as a hash. */
export interface RememberedDevice {
  /** Public reference (`0rd…`) for the operator tools; not the rememberMeId. */
  id: string;
  userId: string;
  tokenHash: string;
  device: string;
  machineName: string | null;
  createdAt: number;
  expiresAt: number;
}

export interface RememberedDeviceFilter {
  userId: string;
  id?: string;
  device?: string;
}

export interface RememberedDeviceStore {
  create(device: RememberedDevice): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<RememberedDevice | undefined>;
  /** Oldest first. */
  listForUser(userId: string): Promise<RememberedDevice[]>;
  /** Deletes the user's devices matching every given field; returns how many. */
  deleteWhere(filter: RememberedDeviceFilter): Promise<number>;
  /** Removes the user's devices that expired before `cutoff`; returns how many. */
  deleteExpiredBefore(userId: string, cutoff: number): Promise<number>;
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
  // Provisioning over HTTP (spec sections 5 and 8): see provisioning-types.ts.
  organizationDetails: OrganizationDetailsStore;
  members: MemberStore;
  invitations: InvitationStore;
  emailChanges: EmailChangeStore;
  partners: PartnerStore;
  partnerSessions: PartnerSessionStore;
  idempotency: IdempotencyStore;
  audit: AuditStore;
  settings: SettingStore;
  /** Runs `work` atomically: every write in it lands, or none does. */
  transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
  /** Resolves when the backing store answers a trivial query (readiness); rejects otherwise. */
  ping(): Promise<void>;
  /** With Redis configured: resolves when Redis answers PING (readiness); rejects otherwise. */
  pingRedis?: () => Promise<void>;
  /** Flushes buffered writes and closes connections. */
  close(): Promise<void>;
}
