/**
 * Organization-level sessions (spec section 4): the secret id is stored only as its hash.
 */

/**
 * How a session was made (docs/bill-sign-in-modes.md): a password (`POST /v3/login` or v2's
 * `Login.json`), a sync token, an OAuth client-credentials access token, or an accountant
 * console token. The mode decides its idle rule and what it may call.
 */
export type SessionMode = "password" | "sync-token" | "oauth" | "console";

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
  /** Absent on create: `password`. */
  mode?: SessionMode;
  /** The sync token, OAuth app or console token that made it; null for a password. */
  credentialId?: string | null;
  /** An OAuth token's scope (`full`, `accounting`); null otherwise. */
  scope?: string | null;
  /** A fixed end (OAuth tokens), Unix ms; null when only the idle rule applies. */
  expiresAt?: number | null;
}

/** A session as read back: every field present. */
export interface StoredSession extends Session {
  mode: SessionMode;
  credentialId: string | null;
  scope: string | null;
  expiresAt: number | null;
}

/** A session with what the check of every authenticated call needs, read in one query. */
export interface SessionRecord extends StoredSession {
  devKeyHash: string;
  devKeyActive: boolean;
  mfaBypass: boolean;
  organizationLocked: boolean;
  organizationMfaRequired: boolean;
  /** null when the membership no longer exists. */
  membershipArchived: boolean | null;
}

export interface SessionListItem extends StoredSession {
  userEmail: string;
  devKeyName: string;
}

export interface SessionFilter {
  userId?: string;
  organizationId?: string;
  devKeyId?: string;
  credentialId?: string;
}

export interface SessionStore {
  create(session: Session): Promise<void>;
  /**
   * The session with what its check needs. A cache in front (stores/session-cache.ts) may
   * answer with an older activity time; `fresh` asks the store itself.
   */
  findByTokenHash(tokenHash: string, options?: { fresh?: boolean }): Promise<SessionRecord | undefined>;
  /**
   * What `findByTokenHash` would answer, when this process knows it without waiting (an
   * in-process cache under a synchronous epoch read); undefined when it must be read. Optional:
   * the hot path's synchronous step (pipeline.ts) falls back to `findByTokenHash`.
   */
  findKnownByTokenHash?(tokenHash: string): SessionRecord | undefined;
  /** Records activity; implementations may persist it at a bounded rate. */
  touch(id: string, lastActiveAt: number): Promise<void>;
  /**
   * `touch`, done at once when activity is buffered in this process; false when it must be
   * written (then call `touch`). Optional, as `findKnownByTokenHash`.
   */
  touchNow?(id: string, lastActiveAt: number): boolean;
  deleteById(id: string): Promise<boolean>;
  /** Deletes every session matching all given fields; returns how many. */
  deleteWhere(filter: SessionFilter): Promise<number>;
  /**
   * Deletes the sessions whose last activity is before `cutoff`; only those of `modes` when
   * given (each mode has its own idle rule). Garbage collection: a check refuses an expired
   * session whether or not it has been swept.
   */
  deleteIdleBefore(cutoff: number, modes?: readonly SessionMode[]): Promise<number>;
  /** How many sessions (only those of `modes` when given) were active at or after `cutoff` (metrics). */
  countActiveSince(cutoff: number, modes?: readonly SessionMode[]): Promise<number>;
  list(filter: SessionFilter): Promise<SessionListItem[]>;
  /** The session passed MFA (challenge or rememberMeId); false when it no longer exists. */
  markTrusted(id: string): Promise<boolean>;
}
