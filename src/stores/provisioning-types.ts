/**
 * Persistence ports for provisioning over HTTP (spec sections 5 and 8): organization
 * profiles, members as an organization sees them, invitations, partners, partner sessions
 * and remembered idempotent responses. Part of `Stores` (types.ts). Times are Unix ms.
 */
import type { Organization, RoleType } from "./types.ts";

/** A position in a list ordered by (t, id): `t` a time or rank, `id` the tie-breaker. */
export interface Keyset {
  t: number;
  id: string;
}

/**
 * One page of a keyset-ordered list: the rows after `after`, or before `before` (at most one
 * of the two), at most `limit` of them. Keyset positions, unlike offsets, do not move when
 * rows are added, so paging skips and repeats nothing while the list grows.
 */
export interface PageRequest {
  limit: number;
  after?: Keyset;
  before?: Keyset;
}

/** Rows in ascending order; `more` says whether rows exist beyond them in the direction read. */
export interface PageRows<T> {
  rows: T[];
  more: boolean;
}

export interface Address {
  line1: string;
  line2?: string;
  city: string;
  stateOrProvince?: string;
  zipOrPostalCode: string;
  country: string;
}

/** The organization fields of spec section 5 beyond the name; absent = never set. */
export interface OrganizationProfile {
  phone?: string;
  address?: Address;
  mailingAddress?: Address;
  industry?: string;
  taxId?: string;
  taxIdType?: string;
  businessCategory?: string;
  accountType?: string;
}

export interface OrganizationDetails extends Organization {
  profile: OrganizationProfile;
  /** The partner that created it, or null. */
  partnerId: string | null;
}

export interface OrganizationDetailsStore {
  find(id: string): Promise<OrganizationDetails | undefined>;
  /** Sets the name (when given) and the given profile fields; returns false when unknown. */
  update(id: string, changes: { name?: string } & OrganizationProfile, now: number): Promise<boolean>;
  setPartner(id: string, partnerId: string): Promise<void>;
  /** The organizations a partner created, ordered by (createdAt, id). */
  listForPartner(partnerId: string, page: PageRequest): Promise<PageRows<OrganizationDetails>>;
}

/** A user as one organization sees them: the membership with its role and the login email. */
export interface Member {
  userId: string;
  organizationId: string;
  email: string;
  firstName: string;
  lastName: string;
  archived: boolean;
  /** The membership waits for the person to accept the organization's invitation (spec 5.1). */
  pending: boolean;
  roleId: string;
  roleType: RoleType;
  username: string | null;
  externalReferenceId: string | null;
  hasPassword: boolean;
  /** When the user joined this organization. */
  createdAt: number;
  updatedAt: number;
}

export interface MemberChanges {
  firstName?: string;
  lastName?: string;
  roleId?: string;
  username?: string;
  externalReferenceId?: string;
}

export interface MemberStore {
  find(organizationId: string, userId: string): Promise<Member | undefined>;
  findByUsername(organizationId: string, username: string): Promise<Member | undefined>;
  /** Ordered by (createdAt, userId) of the membership. */
  list(organizationId: string, page: PageRequest): Promise<PageRows<Member>>;
  /** Every member of the organization in one read, in the order of `list` (for operators). */
  listAll(organizationId: string): Promise<Member[]>;
  update(organizationId: string, userId: string, changes: MemberChanges, now: number): Promise<boolean>;
}

export interface Invitation {
  id: string;
  /** SHA-256 of the one-time token; the token itself exists only in the message sent. */
  tokenHash: string;
  userId: string;
  organizationId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface InvitationStore {
  create(invitation: Invitation): Promise<void>;
  /** The unused, unexpired invitation with this token hash, without using it. */
  findOpen(tokenHash: string, now: number): Promise<Invitation | undefined>;
  /** A user's unused, unexpired invitations, oldest first. */
  listOpen(userId: string, now: number): Promise<Invitation[]>;
  /** Marks an unused, unexpired invitation used, atomically; undefined when there is none. */
  consume(tokenHash: string, now: number): Promise<Invitation | undefined>;
  /** Marks every open invitation of a user used (their password is set); returns how many. */
  closeForUser(userId: string, now: number): Promise<number>;
}

/** A change of a user's login email, waiting for the new address to confirm it (spec 5.1). */
export interface EmailChange {
  id: string;
  /** SHA-256 of the one-time token; the token itself exists only in the message sent. */
  tokenHash: string;
  userId: string;
  /** The new address, canonical. */
  email: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface EmailChangeStore {
  create(change: EmailChange): Promise<void>;
  /** The unused, unexpired change with this token hash, without using it. */
  findOpen(tokenHash: string, now: number): Promise<EmailChange | undefined>;
  /** Marks an unused, unexpired change used, atomically; undefined when there is none. */
  consume(tokenHash: string, now: number): Promise<EmailChange | undefined>;
  /** Marks every open change of a user used (their email changed, or was forced); returns how many. */
  closeForUser(userId: string, now: number): Promise<number>;
}

export interface Partner {
  id: string;
  name: string;
  /** SHA-256 of the appKey; the key is shown once. */
  appKeyHash: string;
  /** The developer key that organization-level sessions made by login-as-user are bound to. */
  devKeyId: string;
  createdAt: number;
}

export interface PartnerUser {
  id: string;
  partnerId: string;
  /** Lower-cased: partner usernames match case-insensitively. */
  username: string;
  passwordHash: string;
  createdAt: number;
  updatedAt: number;
}

export interface PartnerStore {
  create(partner: Partner): Promise<void>;
  findById(id: string): Promise<Partner | undefined>;
  findByAppKeyHash(appKeyHash: string): Promise<Partner | undefined>;
  list(): Promise<Partner[]>;
  createUser(user: PartnerUser): Promise<void>;
  findUser(partnerId: string, username: string): Promise<PartnerUser | undefined>;
  listUsers(partnerId: string): Promise<PartnerUser[]>;
  setUserPassword(userId: string, passwordHash: string, now: number): Promise<boolean>;
}

export interface PartnerSession {
  /** Public reference (`0ps…`); the secret session id is never stored. */
  id: string;
  tokenHash: string;
  partnerId: string;
  partnerUserId: string;
  createdAt: number;
  lastActiveAt: number;
}

/** A partner session with its partner's appKey hash, read in one query. */
export interface PartnerSessionRecord extends PartnerSession {
  appKeyHash: string;
  devKeyId: string;
}

export interface PartnerSessionStore {
  create(session: PartnerSession): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<PartnerSessionRecord | undefined>;
  touch(id: string, lastActiveAt: number): Promise<void>;
  deleteById(id: string): Promise<boolean>;
  deleteIdleBefore(cutoff: number): Promise<number>;
}

export interface IdempotencyRecord {
  keyHash: string;
  requestHash: string;
  /** Null while the first request runs. */
  status: number | null;
  body: string | null;
  /** A random value of the request that holds (or held) the claim. */
  owner: string;
  /** A pending claim older than this may be taken over (its holder died). */
  lockedUntil: number;
  createdAt: number;
  expiresAt: number;
}

export interface IdempotencyStore {
  /**
   * Inserts a pending claim, atomically. An existing row is replaced only when it has
   * expired, or when it is a pending claim past `lockedUntil` for the same request. True when
   * the caller now holds the claim.
   */
  claim(record: IdempotencyRecord, now: number): Promise<boolean>;
  find(keyHash: string): Promise<IdempotencyRecord | undefined>;
  /** Stores the response of a claim still held by `owner`. */
  complete(keyHash: string, owner: string, status: number, body: string): Promise<boolean>;
  /** Gives up a pending claim held by `owner` (its request failed), so a retry can run. */
  release(keyHash: string, owner: string): Promise<void>;
  deleteExpired(now: number): Promise<number>;
}
