/**
 * A resource of BILL's AP & AR API (vendors, bills, …) is one declaration: its fields and
 * their schemas, id prefix, the fields its lists filter and sort on, who may write it, and
 * how a stored record becomes the object on the wire. The engine (engine.ts), the routes
 * (src/routes/resources.ts), the OpenAPI document and the client all read it; adding the
 * next resource is one declaration file plus its tests.
 */
import type { TObject } from "typebox";
import type { ErrorItem } from "../errors.ts";
import type { Member } from "../stores/types/memberships.ts";
import type { RoleType } from "../stores/types/organizations.ts";
import type { ResourceRecord } from "../stores/types/resources.ts";
import type { FieldType, Operator, SortKey } from "./query.ts";

/** What building a record may need: who acts, and new ids (line items). */
export interface BuildContext {
  userId: string;
  newId(prefix: string): string;
}

/** Another record a view names (a bill's vendor): found among what the engine read. */
export type Lookup = (kind: string, id: string) => ResourceRecord | undefined;

/**
 * What a view or a check may read besides the record itself, loaded by the engine before it
 * calls them: the records the declaration's `references` name, every record of the kinds in
 * its `reads` (a bill reads its payments), and the injected clock's now. Computed fields
 * (a bill's `dueAmount`, a payment's `status` on its process date) follow from these, so
 * they are never stored twice and move with the clock.
 */
export interface ReadContext {
  readonly organizationId: string;
  /** The injected clock's time (ms since the epoch). */
  readonly now: number;
  readonly lookup: Lookup;
  /** Every record of a kind in `reads` (archived included), oldest first; throws for another kind. */
  all(kind: string): readonly ResourceRecord[];
  /** A member of the organization (declarations with `readsMembers`); throws for the others. */
  member(userId: string): Member | undefined;
}

/** A check's context: what a view reads, who acts, and the record's id when it exists already. */
export interface CheckContext extends ReadContext {
  readonly userId: string;
  readonly id?: string;
}

/** A change to stored fields: the new fields, or the problems that refuse it. */
export type Change = { data: Record<string, unknown> } | { errors: ErrorItem[] };

/** The generic routes of a declaration (src/routes/resources.ts); `archive` is archive and restore. */
export type ResourceRoute = "list" | "get" | "create" | "update" | "replace" | "archive";

export interface ResourceDeclaration {
  /** The store's kind and the path under `/connect/v3/`: `vendors`. */
  readonly name: string;
  /** What one record is called in messages: `vendor`. */
  readonly label: string;
  /** BILL's 3-character id prefix (`009` for vendors); ids are prefix + `01` + 15 characters. */
  readonly idPrefix: string;
  /** The body of a create; `required` fields are BDC_1108 when absent. */
  readonly createBody: TObject;
  /** The body of a PATCH: every field optional, a present field replaces the stored one. */
  readonly updateBody: TObject;
  /** The object on the wire (the 200 of every single-record call). */
  readonly wire: TObject;
  /** The type of every wire field a list may filter or sort on. */
  readonly fields: Readonly<Record<string, FieldType>>;
  /** Fields `filters` takes (each in `fields`): the operators each takes, its enum if any. */
  readonly filters: Readonly<Record<string, { ops: readonly Operator[]; values?: readonly string[] }>>;
  /** Fields `sort` takes (each in `fields`). */
  readonly sorts: readonly string[];
  /** The order of a list without `sort` (then by id). */
  readonly defaultSort: readonly SortKey[];
  /**
   * Bulk routes; none when absent. A bulk create (`POST …/bulk`) always; with `update` a bulk
   * PATCH (`PATCH …/bulk`, an array of patches each with its `id`), with `replace` a bulk PUT
   * (`PUT …/bulk`, create bodies each with its `id`), with `archive` a bulk archive and a bulk
   * restore (`POST …/bulk/archive|restore?ids=a,b`). At most `max` items each; the answer is
   * the array, or `{ [wrap]: array }`. Every bulk is all or nothing, its problems indexed.
   */
  readonly bulk?: {
    readonly max: number;
    readonly wrap?: string;
    readonly update?: true;
    readonly replace?: true;
    readonly archive?: true;
  };
  /**
   * The generic routes served; all of them when absent. A kind that another resource's action
   * creates (receivable payments, by `POST /v3/invoices/record-payment`) serves `["list", "get"]`.
   */
  readonly routes?: readonly ResourceRoute[];
  /** `POST …/{id}/restore`; false: archiving is for good (vendor credits), no restore route. */
  readonly restore?: boolean;
  /** The create needs a trusted session where the organization requires MFA (BILL: bank accounts). */
  readonly createMfaProtected?: boolean;
  /** Roles that may create, update, archive and restore; every role may read. */
  readonly writers: readonly RoleType[];
  /** The stored fields of a new record, from a validated create body. */
  build(body: Record<string, unknown>, context: BuildContext): Record<string, unknown>;
  /** The stored fields after a validated PATCH body (defaults to mergePatch). */
  merge?(data: Record<string, unknown>, patch: Record<string, unknown>, context: BuildContext): Change;
  /** `PUT` replaces the record from a create body; absent: no PUT route. */
  replace?(data: Record<string, unknown>, body: Record<string, unknown>, context: BuildContext): Change;
  /**
   * Fields that name another record of the organization (`vendorId` → `vendors`): it must
   * exist, unarchived, else BDC_9001 naming the field. A dotted path may pass through arrays
   * (`billLineItems.classifications.jobId`): each element's is checked and named
   * (`billLineItems[1].classifications.jobId`).
   */
  readonly references?: Readonly<Record<string, string>>;
  /** Kinds whose every record the view and the check read (`payments` for a bill's amounts). */
  readonly reads?: readonly string[];
  /** The view and the check read the organization's members (a policy's approvers' names). */
  readonly readsMembers?: boolean;
  /** Rules across fields (and across records, through the context), checked on create and update. */
  check?(data: Record<string, unknown>, context: CheckContext): ErrorItem[];
  /** Rules on a PATCH body itself (a field that PATCH may not change). */
  checkPatch?(patch: Record<string, unknown>): ErrorItem[];
  /** Rules on archiving a record as it is (BILL archives only a verified bank account). */
  checkArchive?(record: ResourceRecord): ErrorItem[];
  /** The object on the wire: stored fields, id, archived, times and computed fields. */
  view(record: ResourceRecord, context: ReadContext): Record<string, unknown>;
}

export const defineResource = (declaration: ResourceDeclaration): ResourceDeclaration =>
  Object.freeze(declaration);
