import type {
  EmailChange,
  IdempotencyRecord,
  Invitation,
  OrganizationProfile,
  Partner,
  PartnerSession,
  PartnerUser,
} from "../provisioning-types.ts";
import type {
  AuditRecord,
  Counter,
  DevKey,
  Membership,
  MfaPhone,
  MfaToken,
  Organization,
  OutboxMessage,
  RememberedDevice,
  Role,
  Session,
  User,
} from "../types.ts";

/** The organization columns beyond `Organization`: its profile and creating partner. */
export interface OrganizationExtras {
  profile: OrganizationProfile;
  partnerId: string | null;
}

/** The membership columns beyond `Membership`: the organization's own view of the person. */
export interface MemberView {
  firstName: string;
  lastName: string;
  username: string | null;
  externalReferenceId: string | null;
}

/** One taken in-flight slot, as a row of `limit_leases` (key, slot number < limit). */
export interface LeaseRow {
  key: string;
  slot: number;
  lease: string;
  expiresAt: number;
}

/** Everything the memory stores hold: plain maps, one per table, keyed as the SQL tables are. */
export interface MemoryState {
  organizations: Map<string, Organization>;
  /** Absent: no profile field or partner ever set (the columns' defaults). */
  organizationExtras: Map<string, OrganizationExtras>;
  roles: Map<string, Role>;
  users: Map<string, User>;
  /** Keyed by `userId organizationId`. */
  memberships: Map<string, Membership>;
  /** Keyed as memberships; absent: the columns' defaults (empty names, nulls). */
  memberViews: Map<string, MemberView>;
  devKeys: Map<string, DevKey>;
  sessions: Map<string, Session>;
  limits: Map<string, Counter>;
  /** Keyed by `slot:key`. */
  leases: Map<string, LeaseRow>;
  /** In insertion order, which stands for the `seq` column. */
  outbox: Map<string, OutboxMessage>;
  /** Keyed by user id. */
  mfaPhones: Map<string, MfaPhone>;
  mfaTokens: Map<string, MfaToken>;
  rememberedDevices: Map<string, RememberedDevice>;
  invitations: Map<string, Invitation>;
  emailChanges: Map<string, EmailChange>;
  partners: Map<string, Partner>;
  partnerUsers: Map<string, PartnerUser>;
  partnerSessions: Map<string, PartnerSession>;
  /** Keyed by key hash. */
  idempotency: Map<string, IdempotencyRecord>;
  audit: Map<string, AuditRecord>;
  settings: Map<string, { value: string; updatedAt: number }>;
}

const TABLES = [
  "organizations",
  "organizationExtras",
  "roles",
  "users",
  "memberships",
  "memberViews",
  "devKeys",
  "sessions",
  "limits",
  "leases",
  "outbox",
  "mfaPhones",
  "mfaTokens",
  "rememberedDevices",
  "invitations",
  "emailChanges",
  "partners",
  "partnerUsers",
  "partnerSessions",
  "idempotency",
  "audit",
  "settings",
] as const satisfies readonly (keyof MemoryState)[];

export const emptyState = (): MemoryState =>
  Object.fromEntries(TABLES.map((table) => [table, new Map()])) as unknown as MemoryState;

/** A copy deep enough to restore after a failed transaction (records are never mutated in place). */
export function copyState(state: MemoryState): MemoryState {
  return Object.fromEntries(
    TABLES.map((table) => [table, new Map(state[table] as Map<string, unknown>)]),
  ) as unknown as MemoryState;
}

export const membershipKey = (userId: string, organizationId: string): string =>
  `${userId} ${organizationId}`;

/** What a violated primary key, unique or foreign key constraint throws, as the databases do. */
export class ConstraintError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConstraintError";
  }
}

export function requireAbsent(map: Map<string, unknown>, key: string, what: string): void {
  if (map.has(key)) throw new ConstraintError(`duplicate ${what}: ${key}`);
}

export function requirePresent(map: Map<string, unknown>, key: string, what: string): void {
  if (!map.has(key)) throw new ConstraintError(`no such ${what}: ${key}`);
}

/** A unique column other than the key: throws when another record already has `value`. */
export function requireUnique<T>(
  map: Map<string, T>,
  column: (record: T) => unknown,
  value: unknown,
  what: string,
) {
  for (const record of map.values()) {
    if (column(record) === value) throw new ConstraintError(`duplicate ${what}`);
  }
}

/** Replaces a record with a changed copy; false when there is none (an UPDATE of no row). */
export function update<T>(map: Map<string, T>, key: string, change: (record: T) => T): boolean {
  const record = map.get(key);
  if (record === undefined) return false;
  map.set(key, change(record));
  return true;
}

/** Deletes the records `match` selects; returns how many (a DELETE … WHERE). */
export function deleteWhere<T>(map: Map<string, T>, match: (record: T) => boolean): number {
  let deleted = 0;
  for (const [key, record] of [...map]) {
    if (!match(record)) continue;
    map.delete(key);
    deleted += 1;
  }
  return deleted;
}

export const copy = <T>(record: T | undefined): T | undefined =>
  record === undefined ? undefined : { ...record };

/** Byte-wise order, as SQLite's default collation: by `first`, then by `second`. */
export function byKeys<T>(first: (item: T) => number | string, second: (item: T) => string) {
  return (a: T, b: T): number => {
    const x = first(a);
    const y = first(b);
    if (x !== y) return x < y ? -1 : 1;
    const p = second(a);
    const q = second(b);
    return p === q ? 0 : p < q ? -1 : 1;
  };
}
