import type {
  Counter,
  DevKey,
  Membership,
  Organization,
  OutboxMessage,
  Role,
  Session,
  User,
} from "../types.ts";

/** Everything the memory stores hold: plain maps, one per table, keyed as the SQL tables are. */
export interface MemoryState {
  organizations: Map<string, Organization>;
  roles: Map<string, Role>;
  users: Map<string, User>;
  /** Keyed by `userId organizationId`. */
  memberships: Map<string, Membership>;
  devKeys: Map<string, DevKey>;
  sessions: Map<string, Session>;
  limits: Map<string, Counter>;
  outbox: Map<string, OutboxMessage>;
}

export const emptyState = (): MemoryState => ({
  organizations: new Map(),
  roles: new Map(),
  users: new Map(),
  memberships: new Map(),
  devKeys: new Map(),
  sessions: new Map(),
  limits: new Map(),
  outbox: new Map(),
});

/** A copy deep enough to restore after a failed transaction (records are never mutated in place). */
export function copyState(state: MemoryState): MemoryState {
  return {
    organizations: new Map(state.organizations),
    roles: new Map(state.roles),
    users: new Map(state.users),
    memberships: new Map(state.memberships),
    devKeys: new Map(state.devKeys),
    sessions: new Map(state.sessions),
    limits: new Map(state.limits),
    outbox: new Map(state.outbox),
  };
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
