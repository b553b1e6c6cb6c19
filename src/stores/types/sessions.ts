/**
 * Organization-level sessions (spec section 4): the secret id is stored only as its hash.
 */

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
