/**
 * Partners, their users and their sessions (spec section 8).
 */

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
