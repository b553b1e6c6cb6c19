/**
 * Users (identities: one email, one password), their invitations and email changes (spec 5 and 5.1).
 */

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

export interface UserStore {
  create(user: User): Promise<void>;
  findById(id: string): Promise<User | undefined>;
  findByEmail(email: string): Promise<User | undefined>;
  setPasswordHash(id: string, passwordHash: string, now: number): Promise<boolean>;
  /** Changes the login email (all organizations); the unique index refuses a taken one. */
  setEmail(id: string, email: string, now: number): Promise<boolean>;
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
