/**
 * OAuth 2.0 client-credentials apps (docs/bill-sign-in-modes.md section 4): an organization's
 * app, made by an administrator, with a client secret stored only as its hash. Each app owns a
 * hidden developer key (`devKeyId`), never listed among the developer keys, so that its tokens
 * count toward the budgets and in-flight slots of one devKey, as sessions do.
 */

/** BILL's two scopes, "Full access" and "Accounting data access" (ours: these spellings). */
export type OAuthScope = "full" | "accounting";

export interface OAuthApp {
  /** The client id (`0oa…`), public. */
  id: string;
  organizationId: string;
  /** The administrator who made it: its tokens act as this user. */
  userId: string;
  name: string;
  scope: OAuthScope;
  /** SHA-256 of the client secret; the secret is shown once and never stored. */
  secretHash: string;
  /** The hidden developer key its tokens count toward. */
  devKeyId: string;
  createdAt: number;
  /** When it was revoked; null while it works. */
  revokedAt: number | null;
}

export interface OAuthAppFilter {
  organizationId?: string;
  /** Revoked apps too; default false. */
  includeRevoked?: boolean;
}

export interface OAuthAppStore {
  create(app: OAuthApp): Promise<void>;
  findById(id: string): Promise<OAuthApp | undefined>;
  /** Oldest first (then by id). */
  list(filter: OAuthAppFilter): Promise<OAuthApp[]>;
  /** Marks it revoked; false when it does not exist or was revoked already. */
  revoke(id: string, now: number): Promise<boolean>;
  /** Whether the organization has an app that is not revoked. */
  hasActive(organizationId: string): Promise<boolean>;
}
