/**
 * Wire types of the operator API's resource views (`/operator/v1/organizations/{id}/resources`)
 * and of its seed endpoint (`POST /operator/v1/seed`). The server proves them against its
 * schemas (src/operator/schemas.ts).
 */

/** A resource kind of an organization and how many records it holds. */
export interface OperatorResourceKind {
  /** `vendors`, `bills`, `funding-accounts/banks`, … */
  kind: string;
  label: string;
  idPrefix: string;
  /** Its BILL path: `/v3/vendors`. */
  path: string;
  count: number;
  archivedCount: number;
}

/** One record, the kind's wire object as BILL's API answers it. */
export type OperatorResourceRecord = Record<string, unknown>;

/** A page of records: pass `nextPage` or `prevPage` as `page` (with the same filters and sort). */
export interface OperatorResourcePage<T = OperatorResourceRecord> {
  results: T[];
  nextPage?: string;
  prevPage?: string;
}

/** One object a seed run created, updated or found unchanged. */
export interface OperatorSeedChange {
  kind:
    | "organization"
    | "user"
    | "membership"
    | "devKey"
    | "partner"
    | "partnerUser"
    | "resource"
    | "console"
    | "consoleOrganization"
    | "consoleUser"
    | "consoleToken"
    | "syncToken"
    | "oauthApp";
  /** The object's id; a membership's is `userId/organizationId`. */
  id: string;
  /** A resource's is `<kind> @<ref>`. */
  label: string;
  /** What an update changed, e.g. `role CLERK → APPROVER`. */
  changes?: string[];
  /** A generated developer key: this answer is the only place it is ever shown. */
  key?: string;
  sessionsEnded?: number;
}

/** What `POST /operator/v1/seed` did. */
export interface OperatorSeedReport {
  created: OperatorSeedChange[];
  updated: OperatorSeedChange[];
  unchanged: OperatorSeedChange[];
  /** Differences the seed does not apply (names of existing objects). */
  warnings: string[];
}
