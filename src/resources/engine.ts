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
import type { ResourceDeclaration } from "./declaration.ts";
import { type ListPage, type ListQuery, pageList } from "./list.ts";

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

/** Creates records from validated bodies: every one lands, or none does. */
export async function createResources(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  bodies: readonly Record<string, unknown>[],
): Promise<Result<ResourceRecord[]>> {
  const now = deps.clock.now();
  const records: ResourceRecord[] = [];
  const problems: ErrorItem[] = [];
  for (const [index, body] of bodies.entries()) {
    const data = declaration.build(body);
    const found = declaration.check?.(data) ?? [];
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
  return ok(records);
}

/** Error items that name the 0-based position of a bulk item (`params.index`). */
export const withIndex = (items: readonly ErrorItem[], index: number): ErrorItem[] =>
  items.map((item) => ({ ...item, params: { ...item.params, index: String(index) } }));

export async function getResource(
  deps: AuthDeps,
  organizationId: string,
  declaration: ResourceDeclaration,
  id: string,
): Promise<Result<ResourceRecord>> {
  const record = ID_PATTERN.test(id)
    ? await deps.stores.resources.find(organizationId, declaration.name, id)
    : undefined;
  return record ? ok(record) : fail("NOT_FOUND", { paramName0: ID_PATTERN.test(id) ? id : "id" });
}

/** A PATCH: the present fields replace the stored ones. */
export async function updateResource(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  id: string,
  patch: Record<string, unknown>,
): Promise<Result<ResourceRecord>> {
  return deps.stores.transaction(async (stores) => {
    const found = await getResource({ ...deps, stores }, scope.organizationId, declaration, id);
    if (!found.ok) return found;
    const data = (declaration.merge ?? mergePatch)(found.value.data, patch);
    const problems = declaration.check?.(data) ?? [];
    if (problems.length > 0) return failWith<ResourceRecord>(problems);
    // A PATCH that changes nothing answers the record as it is; updatedTime does not move.
    if (sameDocument(data, found.value.data)) return found;
    const record = { ...found.value, data, updatedAt: deps.clock.now() };
    await stores.resources.update(record);
    return ok(record);
  });
}

/** Archive or restore; doing it twice answers the record as it is. */
export async function setResourceArchived(
  deps: AuthDeps,
  scope: ResourceScope,
  declaration: ResourceDeclaration,
  id: string,
  archived: boolean,
): Promise<Result<ResourceRecord>> {
  return deps.stores.transaction(async (stores) => {
    const found = await getResource({ ...deps, stores }, scope.organizationId, declaration, id);
    if (!found.ok || found.value.archived === archived) return found;
    const record = { ...found.value, archived, updatedAt: deps.clock.now() };
    await stores.resources.update(record);
    return ok(record);
  });
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
  return pageList(
    records.map((record) => declaration.view(record)),
    query,
    declaration,
  );
}
