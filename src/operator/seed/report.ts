/** What applying a seed file did, object by object. */

export interface SeedChange {
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
  /** The object's id; a membership's is `userId/organizationId`. A resource's label is `<kind> @<ref>`. */
  id: string;
  label: string;
  /** What an update changed, e.g. `role CLERK → APPROVER`. */
  changes?: string[];
  /** A generated developer key, sync token value or OAuth client secret: this report is the only place it is ever shown. */
  key?: string;
  sessionsEnded?: number;
}

export interface SeedReport {
  created: SeedChange[];
  updated: SeedChange[];
  unchanged: SeedChange[];
  /** Differences the seed does not apply (names of existing objects). */
  warnings: string[];
}
