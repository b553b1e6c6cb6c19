/**
 * TypeBox schemas of the operator API's answers (`/operator/v1`), and the compile-time proof
 * that the client's wire types (client/src/operator-types.ts) are the same shapes. The routes
 * declare them as response schemas serialised in the object's own key order (`answer` below),
 * so that the handlers are checked against them and no byte of an answer depends on them. The
 * CLI prints the same objects (views.ts).
 */
import { type Static, type TSchema, Type } from "typebox";
import type * as Wire from "../../client/src/operator-types.ts";
import { RoleTypeSchema } from "../http/schemas/provisioning.ts";
import { same } from "../http/schemas/same.ts";
import { inObjectOrder } from "../http/schemas/wire-objects.ts";
import type { SeedReport } from "./seed/report.ts";

const Time = Type.String();
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const NullableString = Nullable(Type.String());

/** `{ "results": [...] }`, the shape of every operator list. */
export const ResultsOf = <T extends TSchema>(item: T) => Type.Object({ results: Type.Array(item) });

/** Route options: the answer's schema, written as the object's own key order (JSON.stringify). */
export const answer = <T extends TSchema>(schema: T) => ({
  schema: { response: { 200: schema } },
  serializerCompiler: inObjectOrder,
});

export const OperatorOrganization = Type.Object({
  id: Type.String(),
  name: Type.String(),
  locked: Type.Boolean(),
  mfaRequired: Type.Boolean(),
  createdTime: Time,
  updatedTime: Time,
});

export const OperatorOrganizationLock = Type.Object({
  id: Type.String(),
  locked: Type.Boolean(),
  sessionsEnded: Type.Number(),
});

/** A user as one organization sees them: the membership, its role and the login. */
export const OperatorUser = Type.Object({
  id: Type.String(),
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  role: RoleTypeSchema,
  archived: Type.Boolean(),
  pending: Type.Boolean(),
  hasPassword: Type.Boolean(),
  /** When the user joined this organization (as BILL's `createdTime` of a user). */
  createdTime: Time,
});

export const OperatorCreatedUser = Type.Object({
  id: Type.String(),
  email: Type.String(),
  organizationId: Type.String(),
  role: RoleTypeSchema,
  created: Type.Boolean(),
});

export const OperatorMembershipChange = Type.Object({
  userId: Type.String(),
  organizationId: Type.String(),
  archived: Type.Boolean(),
  sessionsEnded: Type.Number(),
});

export const OperatorPasswordSet = Type.Object({ userId: Type.String(), passwordSet: Type.Literal(true) });

export const OperatorEmailChange = Type.Object({
  userId: Type.String(),
  /** With `force`: the new login. */
  email: Type.Optional(Type.String()),
  changed: Type.Boolean(),
  /** Without `force`: whether a confirmation went to the new address. */
  confirmationSent: Type.Optional(Type.Boolean()),
});

export const OperatorMfaFailures = Type.Object({
  userId: Type.String(),
  count: Type.Number(),
  limit: Type.Number(),
  resetTime: NullableString,
});

export const OperatorMfaFailuresCleared = Type.Object({ userId: Type.String(), cleared: Type.Boolean() });

export const OperatorDevKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  active: Type.Boolean(),
  mfaBypass: Type.Boolean(),
  createdTime: Time,
  deactivatedTime: NullableString,
});

export const OperatorCreatedDevKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  key: Type.String(),
  active: Type.Boolean(),
  mfaBypass: Type.Boolean(),
});

export const OperatorDeactivatedDevKey = Type.Object({
  id: Type.String(),
  active: Type.Literal(false),
  sessionsEnded: Type.Number(),
});

export const OperatorSyncToken = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  userId: Type.String(),
  name: Type.String(),
  createdTime: Time,
  revoked: Type.Boolean(),
  revokedTime: NullableString,
});

export const OperatorCreatedSyncToken = Type.Object({
  ...OperatorSyncToken.properties,
  token: Type.String(),
});

export const OperatorRevokedSyncToken = Type.Object({
  id: Type.String(),
  revoked: Type.Literal(true),
  sessionsEnded: Type.Number(),
});

export const OperatorPartner = Type.Object({
  id: Type.String(),
  name: Type.String(),
  devKeyId: Type.String(),
  usernames: Type.Array(Type.String()),
  createdTime: Time,
});

export const OperatorCreatedPartner = Type.Object({
  id: Type.String(),
  name: Type.String(),
  appKey: Type.String(),
  devKey: Type.String(),
  devKeyId: Type.String(),
  userId: Type.String(),
  username: Type.String(),
  password: Type.String(),
});

export const OperatorBudget = Type.Object({
  limit: Type.Number(),
  used: Type.Number(),
  remaining: Type.Number(),
  resetTime: Time,
});

export const OperatorInFlight = Type.Object({
  limit: Type.Number(),
  organizations: Type.Array(Type.Object({ organizationId: Type.String(), held: Type.Number() })),
});

export const OperatorLimits = Type.Object({
  devKeyId: Type.String(),
  devKeyName: Type.String(),
  hourlyRequests: Nullable(OperatorBudget),
  hourlyLogins: Nullable(OperatorBudget),
  inFlight: Nullable(OperatorInFlight),
});

export const OperatorSession = Type.Object({
  ref: Type.String(),
  organizationId: Type.String(),
  userId: Type.String(),
  userEmail: Type.String(),
  devKeyId: Type.String(),
  devKeyName: Type.String(),
  trusted: Type.Boolean(),
  /** How it was made: `password`, `sync-token`, `oauth`, `console` (docs/bill-sign-in-modes.md). */
  mode: Type.Union([
    Type.Literal("password"),
    Type.Literal("sync-token"),
    Type.Literal("oauth"),
    Type.Literal("console"),
  ]),
  /** The sync token, OAuth app or console token that made it. */
  credentialId: NullableString,
  createdTime: Time,
  lastActiveTime: Time,
  idleDeadline: Time,
  expired: Type.Boolean(),
});

export const OperatorSessionRevoked = Type.Object({ ref: Type.String(), revoked: Type.Literal(true) });

export const OperatorSessionsRevoked = Type.Object({ revoked: Type.Number() });

export const OperatorOutboxMessage = Type.Object({
  id: Type.String(),
  channel: Type.Union([Type.Literal("TEXT"), Type.Literal("VOICE"), Type.Literal("EMAIL")]),
  recipient: Type.String(),
  purpose: Type.String(),
  text: Type.String(),
  userId: NullableString,
  organizationId: NullableString,
  createdTime: Time,
});

export const OperatorAuditEvent = Type.Object({
  id: Type.String(),
  event: Type.String(),
  code: NullableString,
  username: NullableString,
  usernameHash: NullableString,
  userId: NullableString,
  organizationId: NullableString,
  devKeyId: NullableString,
  sessionRef: NullableString,
  ip: NullableString,
  reason: NullableString,
  mode: NullableString,
  time: Time,
});

export const OperatorRequestLogEntry = Type.Object({
  requestId: Type.String(),
  method: Type.String(),
  path: Type.String(),
  status: Type.Number(),
  codes: Type.Array(Type.String()),
  latencyMs: Type.Number(),
  organizationId: NullableString,
  warnings: Type.Array(Type.String()),
  requestBody: Type.Unknown(),
  responseBody: Type.Unknown(),
  time: NullableString,
  devKeyId: NullableString,
  devKeyName: NullableString,
});

export const OperatorClock = Type.Object({
  time: Time,
  epochMs: Type.Number(),
  settable: Type.Boolean(),
  /** Stopped at `time` until unfrozen, moved or reset (sandbox). */
  frozen: Type.Boolean(),
});

export const OperatorClockAdvanced = Type.Object({
  time: Time,
  epochMs: Type.Number(),
  settable: Type.Boolean(),
  frozen: Type.Boolean(),
  advancedByMs: Type.Number(),
});

/** The body of `POST /operator/v1/faults`. */
export const OperatorFaultInput = Type.Object({
  path: Type.String({ minLength: 1, maxLength: 200 }),
  method: Type.Optional(Type.String({ pattern: "^(\\*|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$" })),
  times: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  devKeyId: Type.Optional(Type.String()),
  organizationId: Type.Optional(Type.String()),
  error: Type.Optional(Type.String({ pattern: "^BDC_\\d{4}$" })),
  status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
  latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120_000 })),
  drop: Type.Optional(Type.Literal(true)),
});

export const OperatorFault = Type.Object({
  path: Type.String(),
  method: Type.String(),
  devKeyId: Type.Optional(Type.String()),
  organizationId: Type.Optional(Type.String()),
  id: Type.String(),
  action: Type.Union([
    Type.Object({ kind: Type.Literal("error"), errorKey: Type.String() }),
    Type.Object({ kind: Type.Literal("latency"), ms: Type.Number() }),
    Type.Object({ kind: Type.Literal("drop") }),
  ]),
  remaining: Type.Number(),
  createdAt: Type.Number(),
});

export const OperatorCleared = Type.Object({ cleared: Type.Number() });

/** A sandbox snapshot: every record of the store and the test clock, held by this server. */
export const OperatorSnapshot = Type.Object({
  id: Type.String(),
  createdTime: Time,
  /** Records kept, all tables together. */
  records: Type.Number(),
  /** How long taking it took. */
  ms: Type.Number(),
});

// Compile-time proof that these schemas and the client's operator wire types are the same
// shapes: a change to either side that breaks the other fails `tsc`.
same<Static<typeof OperatorOrganization>, Wire.OperatorOrganization>(true);
same<Static<typeof OperatorOrganizationLock>, Wire.OperatorOrganizationLock>(true);
same<Static<typeof OperatorUser>, Wire.OperatorUser>(true);
same<Static<typeof OperatorCreatedUser>, Wire.OperatorCreatedUser>(true);
same<Static<typeof OperatorMembershipChange>, Wire.OperatorMembershipChange>(true);
same<Static<typeof OperatorPasswordSet>, Wire.OperatorPasswordSet>(true);
same<Static<typeof OperatorEmailChange>, Wire.OperatorEmailChange>(true);
same<Static<typeof OperatorMfaFailures>, Wire.OperatorMfaFailures>(true);
same<Static<typeof OperatorMfaFailuresCleared>, Wire.OperatorMfaFailuresCleared>(true);
same<Static<typeof OperatorDevKey>, Wire.OperatorDevKey>(true);
same<Static<typeof OperatorCreatedDevKey>, Wire.OperatorCreatedDevKey>(true);
same<Static<typeof OperatorDeactivatedDevKey>, Wire.OperatorDeactivatedDevKey>(true);
same<Static<typeof OperatorSyncToken>, Wire.OperatorSyncToken>(true);
same<Static<typeof OperatorCreatedSyncToken>, Wire.OperatorCreatedSyncToken>(true);
same<Static<typeof OperatorRevokedSyncToken>, Wire.OperatorRevokedSyncToken>(true);
same<Static<typeof OperatorPartner>, Wire.OperatorPartner>(true);
same<Static<typeof OperatorCreatedPartner>, Wire.OperatorCreatedPartner>(true);
same<Static<typeof OperatorBudget>, Wire.OperatorBudget>(true);
same<Static<typeof OperatorInFlight>, Wire.OperatorInFlight>(true);
same<Static<typeof OperatorLimits>, Wire.OperatorLimits>(true);
same<Static<typeof OperatorSession>, Wire.OperatorSession>(true);
same<Static<typeof OperatorSessionRevoked>, Wire.OperatorSessionRevoked>(true);
same<Static<typeof OperatorSessionsRevoked>, Wire.OperatorSessionsRevoked>(true);
same<Static<typeof OperatorOutboxMessage>, Wire.OperatorOutboxMessage>(true);
same<Static<typeof OperatorAuditEvent>, Wire.OperatorAuditEvent>(true);
same<Static<typeof OperatorRequestLogEntry>, Wire.OperatorRequestLogEntry>(true);
same<Static<typeof OperatorClock>, Wire.OperatorClock>(true);
same<Static<typeof OperatorClockAdvanced>, Wire.OperatorClockAdvanced>(true);
same<Static<typeof OperatorFaultInput>, Wire.OperatorFaultInput>(true);
same<Static<typeof OperatorFault>, Wire.OperatorFault>(true);
same<Static<typeof OperatorCleared>, Wire.OperatorCleared>(true);
same<Static<typeof OperatorSnapshot>, Wire.OperatorSnapshot>(true);
same<Static<typeof OperatorRestored>, Wire.OperatorRestored>(true);
same<Static<ReturnType<typeof ResultsOf<typeof OperatorUser>>>, Wire.OperatorResults<Wire.OperatorUser>>(
  true,
);

/** A resource kind of an organization (`GET …/organizations/{id}/resources`): how many records it has. */
export const OperatorResourceKind = Type.Object({
  kind: Type.String(),
  label: Type.String(),
  idPrefix: Type.String(),
  /** Its BILL path: `/v3/vendors`. */
  path: Type.String(),
  count: Type.Number(),
  archivedCount: Type.Number(),
});

/** One record as BILL's API answers it: the kind's wire object (src/resources/). */
export const OperatorResourceRecord = Type.Record(Type.String(), Type.Unknown());

/** A page of a kind's records, as BILL's lists: `results`, `nextPage`, `prevPage`. */
export const OperatorResourcePage = Type.Object({
  results: Type.Array(OperatorResourceRecord),
  nextPage: Type.Optional(Type.String()),
  prevPage: Type.Optional(Type.String()),
});

same<Static<typeof OperatorResourceKind>, Wire.OperatorResourceKind>(true);
same<Static<typeof OperatorResourceRecord>, Wire.OperatorResourceRecord>(true);
same<Static<typeof OperatorResourcePage>, Wire.OperatorResourcePage>(true);

/** One object a seed run created, updated or found unchanged (src/operator/seed/report.ts). */
export const OperatorSeedChange = Type.Object({
  kind: Type.Union([
    Type.Literal("organization"),
    Type.Literal("user"),
    Type.Literal("membership"),
    Type.Literal("devKey"),
    Type.Literal("partner"),
    Type.Literal("partnerUser"),
    Type.Literal("resource"),
    Type.Literal("console"),
    Type.Literal("consoleOrganization"),
    Type.Literal("consoleUser"),
    Type.Literal("consoleToken"),
    Type.Literal("syncToken"),
    Type.Literal("oauthApp"),
  ]),
  id: Type.String(),
  label: Type.String(),
  changes: Type.Optional(Type.Array(Type.String())),
  key: Type.Optional(Type.String()),
  sessionsEnded: Type.Optional(Type.Number()),
});

/** The answer of `POST /operator/v1/seed`: what the run did, object by object. */
export const OperatorSeedReport = Type.Object({
  created: Type.Array(OperatorSeedChange),
  updated: Type.Array(OperatorSeedChange),
  unchanged: Type.Array(OperatorSeedChange),
  warnings: Type.Array(Type.String()),
});

same<Static<typeof OperatorSeedChange>, Wire.OperatorSeedChange>(true);
/** What a reset or a restore did. */
export const OperatorRestored = Type.Object({
  /** The snapshot restored; null for a reset. */
  snapshotId: Type.Union([Type.String(), Type.Null()]),
  records: Type.Number(),
  ms: Type.Number(),
  clock: OperatorClock,
  /** A reset back to the seed the server started with: what applying it did. */
  seed: Type.Optional(OperatorSeedReport),
});

same<Static<typeof OperatorSeedReport>, Wire.OperatorSeedReport>(true);
same<Static<typeof OperatorSeedReport>, SeedReport>(true);
