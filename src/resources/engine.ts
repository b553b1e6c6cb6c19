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
import type { BuildContext, Change, Lookup, ResourceDeclaration } from "./declaration.ts";
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

/** The records that `records` name through the declaration's references, by kind and id. */
async function lookupFor(
  stores: AuthDeps["stores"],
  organizationId: string,
  declaration: ResourceDeclaration,
  records: readonly ResourceRecord[],
): Promise<Lookup> {
  const found = new Map<string, ResourceRecord>();
  const references = Object.entries(declaration.references ?? {});
  if (records.length > 1) {
    // A list reads each referenced kind once rather than once per record.
    for (const kind of new Set(references.map(([, k]) => k))) {
      for (const record of await stores.resources.listAll(organizationId, kind)) {
        found.set(`${kind}:${record.id}`, record);
      }
    }
  } else {
    for (const record of records) {
      for (const [field, kind] of references) {
        const id = valueAt(record.data, field);
        if (typeof id !== "string") continue;
        const other = await stores.resources.find(organizationId, kind, id);
        if (other) found.set(`${kind}:${id}`, other);
      }
    }
  }
  return (kind, id) => found.get(`${kind}:${id}`);
}

/** The wire objects of records, their references resolved. */
async function viewsOf(
  deps: AuthDeps,
  organizationId: string,
  declaration: ResourceDeclaration,
  records: readonly ResourceRecord[],
): Promise<Record<string, unknown>[]> {
  const lookup = await lookupFor(deps.stores, organizationId, declaration, records);
  return records.map((record) => declaration.view(record, lookup));
}

const viewOf = async (deps: AuthDeps, declaration: ResourceDeclaration, record: ResourceRecord) =>
  (await viewsOf(deps, record.organizationId, declaration, [record]))[0] as Record<string, unknown>;

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

/** Creates records from validated bodies: every one lands, or none does. Answers their views. */
export async function createResources(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  bodies: readonly Record<string, unknown>[],
): Promise<Result<Record<string, unknown>[]>> {
  const now = deps.clock.now();
  const context = contextOf(scope);
  const records: ResourceRecord[] = [];
  const problems: ErrorItem[] = [];
  for (const [index, body] of bodies.entries()) {
    const data = declaration.build(body, context);
    const found = [
      ...(declaration.check?.(data) ?? []),
      ...(await referenceProblems(deps.stores, scope.organizationId, declaration, data)),
    ];
    // In a bulk create each problem says which item it is about.
    problems.push(...(bodies.length > 1 ? withIndex(found, index) : found));
    records.push({
      organizationId: scope.organizationId,
      kind: declaration.name,
      id: newIdWithPrefix(declaration.idPrefix),
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

async function findRecord(
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
    const problems = [
      ...(declaration.check?.(data) ?? []),
      ...(await referenceProblems(stores, scope.organizationId, declaration, data)),
    ];
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
