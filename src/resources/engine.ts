/**
 * The one engine behind every resource declaration: create (one or many, all or nothing),
 * get, update, archive and restore, and lists with filters, sort and keyset pages. Records
 * belong to one organization; another organization's id is not found (BDC_9005), never
 * forbidden, so ids reveal nothing across tenants.
 */
import { type AuthDeps, fail, ok, type Result } from "../auth/context.ts";
import { newIdWithPrefix } from "../auth/crypto/ids.ts";
import type { ErrorItem } from "../errors.ts";
import type { ResourceRecord } from "../stores/types/resources.ts";
import type { BuildContext, Change, CheckContext, ReadContext, ResourceDeclaration } from "./declaration.ts";
import { type ListPage, type ListQuery, pageList, valueAt } from "./list.ts";
import { checkBody, errorsOf } from "./validate.ts";

/** Who acts, in which organization. */
export interface ResourceScope {
  organizationId: string;
  userId: string;
}

const ID_PATTERN = /^[0-9A-Za-z]{20}$/;

/** Whether the session's user may write this resource (BILL's role permissions). */
export async function mayWrite(deps: AuthDeps, scope: ResourceScope, declaration: ResourceDeclaration) {
  const member = await deps.stores.memberships.findMember(scope.organizationId, scope.userId);
  return member !== undefined && !member.archived && declaration.writers.includes(member.roleType);
}

function failWith<T>(errors: ErrorItem[]): Result<T> {
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
    else if (isPlainObject(value) && isPlainObject(merged[name])) {
      merged[name] = mergePatch(merged[name] as Record<string, unknown>, value);
    } else merged[name] = value;
  }
  return merged;
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
      const id = valueAt(data, field);
      if (whole.has(kind) || typeof id !== "string" || !ID_PATTERN.test(id)) continue;
      const other = await stores.resources.find(organizationId, kind, id);
      if (other) found.set(`${kind}:${id}`, other);
    }
  }
  return {
    organizationId,
    now,
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
    const id = valueAt(data, field);
    if (id === undefined) continue;
    const other =
      typeof id === "string" && ID_PATTERN.test(id)
        ? await stores.resources.find(organizationId, kind, id)
        : undefined;
    if (!other || other.archived) problems.push({ key: "INVALID_VALUE", params: { paramName0: field } });
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

/** A new version of a record's fields (PATCH or PUT), checked, stored unless nothing changed. */
async function changeResource(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  id: string,
  change: (data: Record<string, unknown>, context: BuildContext) => Change,
): Promise<Result<Record<string, unknown>>> {
  const result = await deps.stores.transaction(async (stores): Promise<Result<ResourceRecord>> => {
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
  });
  return result.ok ? ok(await viewOf(deps, declaration, result.value)) : result;
}

/** A PATCH: the present fields replace the stored ones (the declaration's merge, or mergePatch). */
export function updateResource(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  id: string,
  patch: Record<string, unknown>,
): Promise<Result<Record<string, unknown>>> {
  return changeResource(deps, scope, declaration, id, (data, context) =>
    declaration.merge ? declaration.merge(data, patch, context) : { data: mergePatch(data, patch) },
  );
}

/** A PUT: the record's fields from a whole create body (the declaration's replace). */
export function replaceResource(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  id: string,
  body: Record<string, unknown>,
): Promise<Result<Record<string, unknown>>> {
  return changeResource(deps, scope, declaration, id, (data, context) =>
    declaration.replace
      ? declaration.replace(data, body, context)
      : { data: declaration.build(body, context) },
  );
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

/** Archive or restore; doing it twice answers the record as it is. */
export async function setResourceArchived(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  id: string,
  archived: boolean,
): Promise<Result<Record<string, unknown>>> {
  const result = await deps.stores.transaction(async (stores): Promise<Result<ResourceRecord>> => {
    const found = await findRecord(stores, scope.organizationId, declaration, id);
    if (!found.ok || found.value.archived === archived) return found;
    const record = { ...found.value, archived, updatedAt: deps.clock.now() };
    await stores.resources.update(record);
    return ok(record);
  });
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
