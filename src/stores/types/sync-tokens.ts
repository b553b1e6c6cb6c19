/**
 * BILL's AP & AR sync tokens (docs/bill-sign-in-modes.md section 3): a named credential of one
 * organization that logs in as the user who made it, with limited access. The value is shown
 * once and stored only as its SHA-256.
 */
import type { PageRequest, PageRows } from "./paging.ts";

export interface SyncToken {
  /** Public reference (`0sy…`), safe to print; never the value. */
  id: string;
  organizationId: string;
  /** The user a session of this token acts as: the administrator who made it (ours). */
  userId: string;
  /** What a login sends as `username`; unique among the organization's live tokens. */
  name: string;
  /** SHA-256 of the value; the value itself is shown once and never stored. */
  valueHash: string;
  createdAt: number;
  /** When it was revoked; null while it may log in. Revoked tokens stay listed. */
  revokedAt: number | null;
}

export interface SyncTokenStore {
  /** Stores a new token; false (and nothing stored) when a live token of the organization has its name. */
  create(token: SyncToken): Promise<boolean>;
  findById(id: string): Promise<SyncToken | undefined>;
  /** The organization's live (not revoked) token of this name. */
  findLiveByName(organizationId: string, name: string): Promise<SyncToken | undefined>;
  /** One keyset page of the organization's tokens, revoked ones included, by (createdAt, id). */
  listByOrganization(organizationId: string, page: PageRequest): Promise<PageRows<SyncToken>>;
  /** Every token, or one organization's, oldest first (the operator's view). */
  list(filter: { organizationId?: string }): Promise<SyncToken[]>;
  /** Marks it revoked at `now`; false when it does not exist or is already revoked. */
  revoke(id: string, now: number): Promise<boolean>;
}
