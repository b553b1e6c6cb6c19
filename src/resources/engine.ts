/**
 * The one engine behind every resource declaration: create (one or many, all or nothing),
 * get, update and replace, archive and restore (one or many, all or nothing), and lists with filters, sort and keyset pages. Records
 * belong to one organization; another organization's id is not found (BDC_9005), never
 * forbidden, so ids reveal nothing across tenants.
 */
import { type AuthDeps, fail, ok, type Result } from "../auth/context.ts";
import { newIdWithPrefix } from "../auth/crypto/ids.ts";
import type { ErrorItem } from "../errors.ts";
import type { RoleType } from "../stores/types/organizations.ts";
import type { ResourceRecord } from "../stores/types/resources.ts";
import type { BuildContext, Change, CheckContext, ReadContext, ResourceDeclaration } from "./declaration.ts";
import { type ListPage, type ListQuery, pageList, valuesAt } from "./list.ts";
import { checkBody, errorsOf } from "./validate.ts";

/** Who acts, in which organization. */
export interface ResourceScope {
  organizationId: string;
  userId: string;
}

const ID_PATTERN = /^[0-9A-Za-z]{20}$/;

/** Whether the session's user has one of these roles in its organization (and is not archived). */
export async function hasRole(deps: AuthDeps, scope: ResourceScope, roles: readonly RoleType[]) {
  const member = await deps.stores.memberships.findMember(scope.organizationId, scope.userId);
  return member !== undefined && !member.archived && roles.includes(member.roleType);
}

/** Whether the session's user may write this resource (BILL's role permissions). */
export const mayWrite = (deps: AuthDeps, scope: ResourceScope, declaration: ResourceDeclaration) =>
  hasRole(deps, scope, declaration.writers);

function failWith<T>(errors: readonly ErrorItem[]): Result<T> {
  return { ok: false, errors };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * A PATCH (docs/bill-v3-resources.md 1.4 rule 3): the fields present change, nested objects
 * merge field by field, null clears an optional field; arrays are replaced whole.
 */
export function mergePatch(
  data: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...data };
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete merged[name];
    else if (isPlainObject(value)) {
      // Into nothing, a nested object still drops its nulls: none is ever stored.
      const into = isPlainObject(merged[name]) ? (merged[name] as Record<string, unknown>) : {};
      merged[name] = mergePatch(into, value);
    } else merged[name] = value;
  }
  return merged;
}

/**
 * A PATCH of a record with line items (bills, invoices, credit memos, vendor credits; docs
 * 3.3): the other fields as mergePatch; the lines named by id change field by field and the
 * others stay; a line without an id the record has is BDC_9001 naming it. Lines null clear
 * like any field (the engine then refuses a record without its required lines).
 */
export function mergeLinePatch(
  stored: Record<string, unknown>,
  patch: Record<string, unknown>,
  field: string,
): { data: Record<string, unknown> } | { errors: ErrorItem[] } {
  const lines = patch[field] as { id?: string }[] | null | undefined;
  if (lines === undefined || lines === null) return { data: mergePatch(stored, patch) };
  const { [field]: _, ...rest } = patch;
  const current = stored[field] as (Record<string, unknown> & { id: string })[];
  const errors: ErrorItem[] = [];
  const changes = new Map<string, Record<string, unknown>>();
  for (const [i, line] of lines.entries()) {
    if (line.id === undefined || !current.some((l) => l.id === line.id)) {
      errors.push({ key: "INVALID_VALUE", params: { paramName0: `${field}[${i}].id` } });
    } else changes.set(line.id, line);
  }
  if (errors.length > 0) return { errors };
  const merged = current.map((line) => {
    const change = changes.get(line.id);
    return change ? mergePatch(line, change) : line;
  });
  return { data: { ...mergePatch(stored, rest), [field]: merged } };
}

/** Deep equality of stored JSON documents (key order aside). */
function sameDocument(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => sameDocument(v, b[i]));
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((k) => Object.hasOwn(b, k) && sameDocument(a[k], b[k]))
  );
}

const contextOf = (scope: ResourceScope): BuildContext => ({ userId: scope.userId, newId: newIdWithPrefix });

/**
 * The context of views and checks over `documents` (stored fields): every record of the kinds
 * the declaration `reads`, and the records its references name (for many documents, every
 * record of each referenced kind, read once rather than once per document).
 */
export async function readContext(
  stores: AuthDeps["stores"],
  organizationId: string,
  declaration: ResourceDeclaration,
  documents: readonly Record<string, unknown>[],
  now: number,
): Promise<ReadContext> {
  const kinds = new Map<string, ResourceRecord[]>();
  const found = new Map<string, ResourceRecord>();
  const references = Object.entries(declaration.references ?? {});
  const whole = new Set(declaration.reads ?? []);
  if (documents.length > 1) for (const [, kind] of references) whole.add(kind);
  for (const kind of whole) {
    const records = await stores.resources.listAll(organizationId, kind);
    kinds.set(kind, records);
    for (const record of records) found.set(`${kind}:${record.id}`, record);
  }
  for (const data of documents) {
    for (const [field, kind] of references) {
      if (whole.has(kind)) continue;
      for (const { value: id } of valuesAt(data, field)) {
        if (typeof id !== "string" || !ID_PATTERN.test(id) || found.has(`${kind}:${id}`)) continue;
        const other = await stores.resources.find(organizationId, kind, id);
        if (other) found.set(`${kind}:${id}`, other);
      }
    }
  }
  const members = declaration.readsMembers
    ? new Map((await stores.memberships.listAllMembers(organizationId)).map((m) => [m.userId, m]))
    : undefined;
  return {
    organizationId,
    now,
    member: (userId) => {
      if (!members) throw new Error(`${declaration.name} does not declare that it reads members`);
      return members.get(userId);
    },
    lookup: (kind, id) => found.get(`${kind}:${id}`),
    all: (kind) => {
      const records = kinds.get(kind);
      if (!records) throw new Error(`${declaration.name} does not declare that it reads ${kind}`);
      return records;
    },
  };
}

/** The wire objects of records, their references and reads resolved. */
export async function viewsOf(
  deps: AuthDeps,
  organizationId: string,
  declaration: ResourceDeclaration,
  records: readonly ResourceRecord[],
): Promise<Record<string, unknown>[]> {
  const data = records.map((record) => record.data);
  const context = await readContext(deps.stores, organizationId, declaration, data, deps.clock.now());
  return records.map((record) => declaration.view(record, context));
}

export const viewOf = async (deps: AuthDeps, declaration: ResourceDeclaration, record: ResourceRecord) =>
  (await viewsOf(deps, record.organizationId, declaration, [record]))[0] as Record<string, unknown>;

/** The declaration's rules across fields and records, for a new version of the fields. */
async function checkProblems(
  stores: AuthDeps["stores"],
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  data: Record<string, unknown>,
  now: number,
  id?: string,
): Promise<ErrorItem[]> {
  const problems = await referenceProblems(stores, scope.organizationId, declaration, data);
  if (!declaration.check) return problems;
  const context = await readContext(stores, scope.organizationId, declaration, [data], now);
  return [
    ...declaration.check(data, { ...context, userId: scope.userId, ...(id === undefined ? {} : { id }) }),
    ...problems,
  ];
}

/** Problems with the records a new version of the fields names (unknown, archived, another tenant's). */
async function referenceProblems(
  stores: AuthDeps["stores"],
  organizationId: string,
  declaration: ResourceDeclaration,
  data: Record<string, unknown>,
): Promise<ErrorItem[]> {
  const problems: ErrorItem[] = [];
  for (const [field, kind] of Object.entries(declaration.references ?? {})) {
    // A path through an array (a bill's line items) names each element's reference.
    for (const { path, value: id } of valuesAt(data, field)) {
      const other =
        typeof id === "string" && ID_PATTERN.test(id)
          ? await stores.resources.find(organizationId, kind, id)
          : undefined;
      if (!other || other.archived) problems.push({ key: "INVALID_VALUE", params: { paramName0: path } });
    }
  }
  return problems;
}

/**
 * Creates records from validated bodies: every one lands, or none does. Answers their views.
 * `ids` gives the new records' ids (a seed file's stable ones); otherwise they are random.
 */
export async function createResources(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  bodies: readonly Record<string, unknown>[],
  options: { ids?: readonly string[] } = {},
): Promise<Result<Record<string, unknown>[]>> {
  const now = deps.clock.now();
  const context = contextOf(scope);
  const records: ResourceRecord[] = [];
  const problems: ErrorItem[] = [];
  for (const [index, body] of bodies.entries()) {
    const data = declaration.build(body, context);
    const found = await checkProblems(deps.stores, scope, declaration, data, now);
    // In a bulk create each problem says which item it is about.
    problems.push(...(bodies.length > 1 ? withIndex(found, index) : found));
    records.push({
      organizationId: scope.organizationId,
      kind: declaration.name,
      id: options.ids?.[index] ?? newIdWithPrefix(declaration.idPrefix),
      archived: false,
      data,
      createdAt: now,
      updatedAt: now,
    });
  }
  if (problems.length > 0) return failWith(problems);
  await deps.stores.resources.create(records);
  return ok(await viewsOf(deps, scope.organizationId, declaration, records));
}

/** Error items that name the 0-based position of a bulk item (`params.index`). */
export const withIndex = (items: readonly ErrorItem[], index: number): ErrorItem[] =>
  items.map((item) => ({ ...item, params: { ...item.params, index: String(index) } }));

/** A record of the scope's organization by id: BDC_9005 when it is not there (or not an id). */
export async function findRecord(
  stores: AuthDeps["stores"],
  organizationId: string,
  declaration: ResourceDeclaration,
  id: string,
): Promise<Result<ResourceRecord>> {
  const record = ID_PATTERN.test(id)
    ? await stores.resources.find(organizationId, declaration.name, id)
    : undefined;
  return record ? ok(record) : fail("NOT_FOUND", { paramName0: ID_PATTERN.test(id) ? id : "id" });
}

export async function getResource(
  deps: AuthDeps,
  organizationId: string,
  declaration: ResourceDeclaration,
  id: string,
): Promise<Result<Record<string, unknown>>> {
  const found = await findRecord(deps.stores, organizationId, declaration, id);
  return found.ok ? ok(await viewOf(deps, declaration, found.value)) : found;
}

type ChangeFn = (data: Record<string, unknown>, context: BuildContext) => Change;

/**
 * A new version of one record's fields (PATCH or PUT) inside a transaction: found, changed,
 * checked, and stored unless nothing changed. Problems are answered, nothing is written.
 */
async function changeInTransaction(
  deps: AuthDeps,
  stores: AuthDeps["stores"],
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  id: string,
  change: ChangeFn,
): Promise<Result<ResourceRecord>> {
  const found = await findRecord(stores, scope.organizationId, declaration, id);
  if (!found.ok) return found;
  const changed = change(found.value.data, contextOf(scope));
  if ("errors" in changed) return failWith(changed.errors);
  const data = changed.data;
  // The record after the change must still be a whole record: a PATCH that clears a field a
  // create requires (null) is that field's BDC_1108, never a record the views cannot read.
  const whole = errorsOf(checkBody(declaration.createBody, data));
  if (whole.length > 0) return failWith(whole);
  const problems = await checkProblems(stores, scope, declaration, data, deps.clock.now(), id);
  if (problems.length > 0) return failWith(problems);
  // A change that changes nothing answers the record as it is; updatedTime does not move.
  if (sameDocument(data, found.value.data)) return found;
  const record = { ...found.value, data, updatedAt: deps.clock.now() };
  await stores.resources.update(record);
  return ok(record);
}

/** A new version of a record's fields (PATCH or PUT), in its own transaction. */
async function changeResource(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  id: string,
  change: ChangeFn,
): Promise<Result<Record<string, unknown>>> {
  const result = await deps.stores.transaction((stores) =>
    changeInTransaction(deps, stores, scope, declaration, id, change),
  );
  return result.ok ? ok(await viewOf(deps, declaration, result.value)) : result;
}

const patchChange =
  (declaration: ResourceDeclaration, patch: Record<string, unknown>): ChangeFn =>
  (data, context) =>
    declaration.merge ? declaration.merge(data, patch, context) : { data: mergePatch(data, patch) };

const replaceChange =
  (declaration: ResourceDeclaration, body: Record<string, unknown>): ChangeFn =>
  (data, context) =>
    declaration.replace
      ? declaration.replace(data, body, context)
      : { data: declaration.build(body, context) };

/** Thrown inside a bulk's transaction so that it rolls back; carries the problems. */
class Refused extends Error {
  readonly errors: readonly ErrorItem[];
  constructor(errors: readonly ErrorItem[]) {
    super("bulk refused");
    this.errors = errors;
  }
}

/**
 * A bulk change (update, replace, archive, restore) of `items`, all or nothing: one
 * transaction, each item applied in order (so a later item sees an earlier one's change),
 * every item's problems reported with its index (withIndex); any problem rolls back the
 * whole. Ids not found are reported first, alone (404 BDC_9005 each, ours: one answer, one
 * status); the same id twice is the repeat's BDC_9001 `id` (ours). Answers the views in order.
 */
async function bulkChange<T extends { id: string }>(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  items: readonly T[],
  apply: (stores: AuthDeps["stores"], item: T) => Promise<Result<ResourceRecord>>,
): Promise<Result<Record<string, unknown>[]>> {
  let records: ResourceRecord[];
  try {
    records = await deps.stores.transaction(async (stores) => {
      const done: ResourceRecord[] = [];
      const problems: ErrorItem[] = [];
      const seen = new Set<string>();
      for (const [index, item] of items.entries()) {
        if (seen.has(item.id)) {
          problems.push(...withIndex([{ key: "INVALID_VALUE", params: { paramName0: "id" } }], index));
          continue;
        }
        seen.add(item.id);
        const result = await apply(stores, item);
        if (result.ok) done.push(result.value);
        else problems.push(...withIndex(result.errors, index));
      }
      // One answer has one status: ids not found (404) are reported before other problems (400).
      const notFound = problems.filter((problem) => problem.key === "NOT_FOUND");
      if (problems.length > 0) throw new Refused(notFound.length > 0 ? notFound : problems);
      return done;
    });
  } catch (error) {
    if (error instanceof Refused) return failWith(error.errors);
    throw error;
  }
  return ok(await viewsOf(deps, scope.organizationId, declaration, records));
}

/** A bulk PATCH (`PATCH …/bulk`): each item's validated patch applied to the record it names. */
export function updateResources(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  items: readonly { id: string; patch: Record<string, unknown> }[],
): Promise<Result<Record<string, unknown>[]>> {
  return bulkChange(deps, scope, declaration, items, (stores, { id, patch }) =>
    changeInTransaction(deps, stores, scope, declaration, id, patchChange(declaration, patch)),
  );
}

/** A bulk PUT (`PUT …/bulk`): each item's validated create body replaces the record it names. */
export function replaceResources(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  items: readonly { id: string; body: Record<string, unknown> }[],
): Promise<Result<Record<string, unknown>[]>> {
  return bulkChange(deps, scope, declaration, items, (stores, { id, body }) =>
    changeInTransaction(deps, stores, scope, declaration, id, replaceChange(declaration, body)),
  );
}

/** Archives or restores several records (`POST …/bulk/archive|restore`), all or nothing. */
export function setResourcesArchived(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  ids: readonly string[],
  archived: boolean,
): Promise<Result<Record<string, unknown>[]>> {
  return bulkChange(
    deps,
    scope,
    declaration,
    ids.map((id) => ({ id })),
    (stores, { id }) => archiveInTransaction(deps, stores, scope, declaration, id, archived),
  );
}

/** A PATCH: the present fields replace the stored ones (the declaration's merge, or mergePatch). */
export function updateResource(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  id: string,
  patch: Record<string, unknown>,
): Promise<Result<Record<string, unknown>>> {
  return changeResource(deps, scope, declaration, id, patchChange(declaration, patch));
}

/** A PUT: the record's fields from a whole create body (the declaration's replace). */
export function replaceResource(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  id: string,
  body: Record<string, unknown>,
): Promise<Result<Record<string, unknown>>> {
  return changeResource(deps, scope, declaration, id, replaceChange(declaration, body));
}

/**
 * A state change an action makes (a payment's cancel or void, a bank account's verify): the
 * new stored fields from the record as it is, or the problems that refuse it. One
 * transaction; nothing changed keeps updatedTime. Answers the record's view.
 */
export async function transitionResource(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  id: string,
  change: (record: ResourceRecord, context: CheckContext) => Change,
): Promise<Result<Record<string, unknown>>> {
  const result = await deps.stores.transaction(async (stores): Promise<Result<ResourceRecord>> => {
    const found = await findRecord(stores, scope.organizationId, declaration, id);
    if (!found.ok) return found;
    const now = deps.clock.now();
    const context = await readContext(stores, scope.organizationId, declaration, [found.value.data], now);
    const changed = change(found.value, { ...context, userId: scope.userId, id });
    if ("errors" in changed) return failWith(changed.errors);
    if (sameDocument(changed.data, found.value.data)) return found;
    const record = { ...found.value, data: changed.data, updatedAt: now };
    await stores.resources.update(record);
    return ok(record);
  });
  return result.ok ? ok(await viewOf(deps, declaration, result.value)) : result;
}

/** Archive or restore inside a transaction; doing it twice answers the record as it is. */
async function archiveInTransaction(
  deps: AuthDeps,
  stores: AuthDeps["stores"],
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  id: string,
  archived: boolean,
): Promise<Result<ResourceRecord>> {
  const found = await findRecord(stores, scope.organizationId, declaration, id);
  if (!found.ok || found.value.archived === archived) return found;
  const problems = archived ? (declaration.checkArchive?.(found.value) ?? []) : [];
  if (problems.length > 0) return failWith(problems);
  const record = { ...found.value, archived, updatedAt: deps.clock.now() };
  await stores.resources.update(record);
  return ok(record);
}

/** Archive or restore; doing it twice answers the record as it is. */
export async function setResourceArchived(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  id: string,
  archived: boolean,
): Promise<Result<Record<string, unknown>>> {
  const result = await deps.stores.transaction((stores) =>
    archiveInTransaction(deps, stores, scope, declaration, id, archived),
  );
  return result.ok ? ok(await viewOf(deps, declaration, result.value)) : result;
}

/**
 * One page of a list. Filters and sort apply to the wire objects (computed fields included),
 * so every field a list names means what the client reads. (ours) The records of one kind in
 * one organization are read and ordered in process: fixtures and sandboxes hold thousands,
 * not millions.
 */
export async function listResources(
  deps: AuthDeps,
  organizationId: string,
  declaration: ResourceDeclaration,
  query: ListQuery,
): Promise<ListPage> {
  const records = await deps.stores.resources.listAll(organizationId, declaration.name);
  return pageList(await viewsOf(deps, organizationId, declaration, records), query, declaration);
}
