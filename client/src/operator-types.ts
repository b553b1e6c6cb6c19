/**
 * Wire types of billet's operator API (`/operator/v1`, billet only — BILL has no such API).
 * The server proves them against its answer schemas (src/operator/schemas.ts) at compile time.
 */
import type { RoleType } from "./types.ts";
import type { OperatorSeedReport } from "./wire/operator-resources.ts";

/** `{ "results": [...] }`: every operator list. */
export interface OperatorResults<T> {
  results: T[];
}

export interface OperatorClock {
  time: string;
  epochMs: number;
  settable: boolean;
  /** Stopped at `time` until unfrozen, moved or reset. */
  frozen: boolean;
}

export interface OperatorClockAdvanced extends OperatorClock {
  advancedByMs: number;
}

export interface OperatorFaultInput {
  /** `/v3/login`, `/connect/v3/login`, or a prefix ending in `*`. */
  path: string;
  /** `*` (default) or an HTTP method. */
  method?: string;
  /** How many matching requests it applies to (default 1). */
  times?: number;
  devKeyId?: string;
  organizationId?: string;
  /** Answer with this BDC code (and `status` where one code has two, e.g. BDC_1122). */
  error?: string;
  status?: number;
  /** Delay the request this long, then handle it normally. */
  latencyMs?: number;
  /** Close the connection without an answer. */
  drop?: true;
}

export interface OperatorFault {
  id: string;
  path: string;
  method: string;
  remaining: number;
  devKeyId?: string;
  organizationId?: string;
  action: { kind: "error"; errorKey: string } | { kind: "latency"; ms: number } | { kind: "drop" };
  createdAt: number;
}

/** How many faults were cleared. */
/** A sandbox snapshot: every record of the store and the test clock, held by the server that took it. */
export interface OperatorSnapshot {
  id: string;
  createdTime: string;
  /** Records kept, all tables together. */
  records: number;
  /** How long taking it took, ms. */
  ms: number;
}

/** What a reset or a snapshot restore did. */
export interface OperatorRestored {
  /** The snapshot restored; null for a reset. */
  snapshotId: string | null;
  records: number;
  ms: number;
  clock: OperatorClock;
  /** A reset back to the seed the server started with: what applying it did (generated keys shown once). */
  seed?: OperatorSeedReport;
}

export interface OperatorCleared {
  cleared: number;
}

export interface OperatorOutboxMessage {
  id: string;
  channel: "TEXT" | "VOICE" | "EMAIL";
  recipient: string;
  purpose: string;
  text: string;
  userId: string | null;
  organizationId: string | null;
  createdTime: string;
}

export interface OperatorSession {
  ref: string;
  organizationId: string;
  userId: string;
  userEmail: string;
  devKeyId: string;
  devKeyName: string;
  trusted: boolean;
  /** How it was made: `password`, `sync-token`, `oauth` or `console`. */
  mode: "password" | "sync-token" | "oauth" | "console";
  /** The sync token, OAuth app or console token that made it; null for a password. */
  credentialId: string | null;
  createdTime: string;
  lastActiveTime: string;
  idleDeadline: string;
  expired: boolean;
}

export interface OperatorSessionRevoked {
  ref: string;
  revoked: true;
}

export interface OperatorSessionsRevoked {
  revoked: number;
}

export interface OperatorAuditEvent {
  id: string;
  time: string;
  event: string;
  code: string | null;
  /** The account's email after a successful login; never the text of a failed one. */
  username: string | null;
  /** SHA-256 (hex) of the username of a failed login that matched no user. */
  usernameHash: string | null;
  userId: string | null;
  organizationId: string | null;
  devKeyId: string | null;
  sessionRef: string | null;
  ip: string | null;
  reason: string | null;
  /** How a sign-in was made: `password`, `sync-token`, `oauth` or `console`; null otherwise. */
  mode: string | null;
}

export interface OperatorRequestLogEntry {
  requestId: string;
  time: string | null;
  method: string;
  path: string;
  status: number;
  codes: string[];
  latencyMs: number;
  devKeyId: string | null;
  devKeyName: string | null;
  organizationId: string | null;
  warnings: string[];
  requestBody: unknown;
  responseBody: unknown;
}

export interface OperatorOrganization {
  id: string;
  name: string;
  locked: boolean;
  mfaRequired: boolean;
  createdTime: string;
  updatedTime: string;
}

export interface OperatorOrganizationLock {
  id: string;
  locked: boolean;
  sessionsEnded: number;
}

/** A user as one organization sees them (`GET /operator/v1/organizations/{id}/users`). */
export interface OperatorUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: RoleType;
  archived: boolean;
  /** The person has not accepted the organization's invitation yet. */
  pending: boolean;
  hasPassword: boolean;
  /** When the user joined this organization. */
  createdTime: string;
}

export interface OperatorCreatedUser {
  id: string;
  email: string;
  organizationId: string;
  role: RoleType;
  /** False when the email already had an identity, which joined the organization at once. */
  created: boolean;
}

export interface OperatorMembershipChange {
  userId: string;
  organizationId: string;
  archived: boolean;
  sessionsEnded: number;
}

export interface OperatorPasswordSet {
  userId: string;
  passwordSet: true;
}

export interface OperatorEmailChange {
  userId: string;
  /** With `force`: the new login. */
  email?: string;
  changed: boolean;
  /** Without `force`: whether a confirmation went to the new address. */
  confirmationSent?: boolean;
}

export interface OperatorMfaFailures {
  userId: string;
  count: number;
  limit: number;
  resetTime: string | null;
}

export interface OperatorMfaFailuresCleared {
  userId: string;
  cleared: boolean;
}

export interface OperatorDevKey {
  id: string;
  name: string;
  active: boolean;
  mfaBypass: boolean;
  createdTime: string;
  deactivatedTime: string | null;
}

/** A new developer key: the only answer that ever shows the key. */
export interface OperatorCreatedDevKey {
  id: string;
  name: string;
  key: string;
  active: boolean;
  mfaBypass: boolean;
}

export interface OperatorDeactivatedDevKey {
  id: string;
  active: false;
  sessionsEnded: number;
}

/** An AP & AR sync token, by reference; never its value (only its hash is stored). */
export interface OperatorSyncToken {
  id: string;
  organizationId: string;
  userId: string;
  name: string;
  createdTime: string;
  revoked: boolean;
  revokedTime: string | null;
}

/** A new sync token: the only answer that ever shows its value (`token`). */
export interface OperatorCreatedSyncToken extends OperatorSyncToken {
  token: string;
}

export interface OperatorRevokedSyncToken {
  id: string;
  revoked: true;
  sessionsEnded: number;
}

export interface OperatorPartner {
  id: string;
  name: string;
  devKeyId: string;
  usernames: string[];
  createdTime: string;
}

/** A new partner: the only answer that ever shows its appKey, devKey and password. */
export interface OperatorCreatedPartner {
  id: string;
  name: string;
  appKey: string;
  devKey: string;
  devKeyId: string;
  /** The first partner user (`0pu…`). */
  userId: string;
  username: string;
  password: string;
}

/** One hourly budget of a developer key. */
export interface OperatorBudget {
  limit: number;
  /** Requests counted this clock hour, refused ones included. */
  used: number;
  remaining: number;
  /** The top of the next hour. */
  resetTime: string;
}

export interface OperatorInFlight {
  limit: number;
  /** Organizations with requests in flight now. */
  organizations: { organizationId: string; held: number }[];
}

/** A developer key's budgets; a limit that is switched off is null. */
export interface OperatorLimits {
  devKeyId: string;
  devKeyName: string;
  hourlyRequests: OperatorBudget | null;
  hourlyLogins: OperatorBudget | null;
  inFlight: OperatorInFlight | null;
}
export * from "./wire/operator-resources.ts";

/** An Accountant Console (`billet console`, `operator.consoles`). */
export interface OperatorConsole {
  id: string;
  name: string;
  createdTime: string;
}

/** A console with the organizations it serves and its users. */
export interface OperatorConsoleDetails extends OperatorConsole {
  organizations: { organizationId: string; addedTime: string }[];
  users: { userId: string; email: string; addedTime: string }[];
}

export interface OperatorConsoleOrganizationAdded {
  consoleId: string;
  organizationId: string;
  /** Console users who became members of the organization (as ADMINISTRATOR). */
  membershipsAdded: number;
}

export interface OperatorConsoleOrganizationRemoved {
  consoleId: string;
  organizationId: string;
  sessionsEnded: number;
}

export interface OperatorConsoleUserAdded {
  consoleId: string;
  userId: string;
  email: string;
  created: boolean;
}

export interface OperatorConsoleUserRemoved {
  consoleId: string;
  userId: string;
  tokensRevoked: number;
  sessionsEnded: number;
}

/** A Console API token as listed: never its value. */
export interface OperatorConsoleToken {
  id: string;
  consoleId: string;
  userId: string;
  name: string;
  createdTime: string;
  revokedTime: string | null;
}

/** An OAuth client-credentials app (`/operator/v1/oauth-apps`); never its secret. */
export interface OperatorOAuthApp {
  id: string;
  clientId: string;
  organizationId: string;
  userId: string;
  name: string;
  scope: "full" | "accounting";
  createdTime: string;
  revokedTime: string | null;
}

/** A new token: `token` is shown this once. */
export interface OperatorCreatedConsoleToken extends OperatorConsoleToken {
  token: string;
}

export interface OperatorConsoleTokenRevoked {
  id: string;
  revoked: boolean;
  sessionsEnded: number;
}

/** A new app: the only answer that ever shows its client secret. */
export interface OperatorCreatedOAuthApp {
  id: string;
  clientId: string;
  clientSecret: string;
  organizationId: string;
  userId: string;
  name: string;
  scope: "full" | "accounting";
  createdTime: string;
}

export interface OperatorRevokedOAuthApp {
  id: string;
  revoked: true;
  tokensEnded: number;
}
