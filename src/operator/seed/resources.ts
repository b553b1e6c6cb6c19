/**
 * The `resources` of a seeded organization (docs/bill-v3-resources.md section 12): for each
 * resource kind, a list of create bodies, each with a local name (`ref`) that later items
 * name as `"@ref"`. Generic over SEEDABLE: every declaration with a create is a kind of the file, validated
 * by its own create body and created through the engine, in RESOURCES order (dependency order).
 *
 * A seeded record's id is derived from (organization, kind, ref), so a second run finds it
 * and leaves it as it is: the ref lives in the id, and no PATCH or PUT can lose it.
 */
import { createHash } from "node:crypto";
import type { AuthDeps, Result } from "../../auth/context.ts";
import { ERROR_CODES, type ErrorItem, formatMessage } from "../../errors.ts";
import type { ResourceDeclaration } from "../../resources/declaration.ts";
import { createResources } from "../../resources/engine.ts";
import { SEEDABLE } from "../../resources/index.ts";
import { checkBody } from "../../resources/validate.ts";
import type { Json, Reader } from "./reader.ts";
import type { SeedReport } from "./report.ts";

export interface SeedResource {
  /** The item's JSON path: `$.organizations[0].resources.bills[1]`. */
  path: string;
  declaration: ResourceDeclaration;
  /** Its local name, unique in its organization (across kinds). */
  ref: string;
  /** The create body as the file has it: `"@ref"` strings still unresolved. */
  body: Json;
}

/** A local name: letters, digits, `_`, `.`, `-`; 1–64 characters, starting with a letter or digit. */
export const SEED_REF = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A JSON path member: `.bills`, or `["funding-accounts/banks"]` for a key that is not a name. */
const member = (path: string, key: string) =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

/** The id a seeded record gets: stable for (organization, kind, ref), of the declaration's shape. */
export function seedResourceId(
  organizationId: string,
  declaration: ResourceDeclaration,
  ref: string,
): string {
  const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const digest = createHash("sha256")
    .update(`billet-seed\n${organizationId}\n${declaration.name}\n${ref}`)
    .digest();
  let tail = "";
  for (let i = 0; i < 15; i++) tail += BASE62[(digest[i] as number) % 62];
  return `${declaration.idPrefix}01${tail}`;
}

/** Deeper than any create body: a file nested deeper is refused, never a stack overflow. */
const MAX_DEPTH = 32;

/**
 * A body with its `"@ref"` strings replaced, anywhere in it (nested objects, arrays), by
 * `idOf(ref)`; `"@@…"` is the literal string `"@…"`. `visit` sees each reference with its
 * JSON path and its dotted field path (array positions left out, as `references` names fields).
 */
function resolveRefs(
  value: unknown,
  idOf: (ref: string) => string,
  visit: (ref: string | undefined, path: string, field: string) => void,
  path: string,
  field: string,
  depth = 0,
): unknown {
  if (depth > MAX_DEPTH && value !== null && typeof value === "object") {
    visit(undefined, path, field);
    return null;
  }
  if (typeof value === "string") {
    if (value.startsWith("@@")) return value.slice(1);
    if (!value.startsWith("@")) return value;
    visit(value.slice(1), path, field);
    return idOf(value.slice(1));
  }
  if (Array.isArray(value))
    return value.map((v, i) => resolveRefs(v, idOf, visit, `${path}[${i}]`, field, depth + 1));
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        resolveRefs(v, idOf, visit, member(path, k), field === "" ? k : `${field}.${k}`, depth + 1),
      ]),
    );
  }
  return value;
}

/** A stand-in id of the declaration's shape, for checking a body before its references exist. */
const placeholderId = (declaration: ResourceDeclaration) => `${declaration.idPrefix}01${"0".repeat(15)}`;

/** Reads `resources` of one organization of the file; every problem has its JSON path. */
export function readSeedResources(r: Reader, organization: Json, organizationPath: string): SeedResource[] {
  if (organization.resources === undefined) return [];
  const path = `${organizationPath}.resources`;
  const kinds = SEEDABLE.map((d) => d.name);
  const resources = r.object(organization.resources, path, kinds);
  const items: SeedResource[] = [];
  // RESOURCES order, then file order: the order of creation, so a reference points backwards.
  for (const declaration of SEEDABLE) {
    const list = resources[declaration.name];
    const listPath = member(path, declaration.name);
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      r.invalid(listPath, "must be an array");
      continue;
    }
    const fields = ["ref", ...Object.keys(declaration.createBody.properties)];
    list.forEach((value, i) => {
      const itemPath = `${listPath}[${i}]`;
      const item = r.object(value, itemPath, fields);
      const ref = r.string(item, "ref", itemPath, {
        required: true,
        test: SEED_REF,
        reason: "must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit",
      });
      const { ref: _ref, ...body } = item;
      if (isObject(value)) items.push({ path: itemPath, declaration, ref: ref ?? "", body });
    });
  }
  const position = new Map<string, number>();
  items.forEach((item, i) => {
    if (item.ref === "") return;
    const first = position.get(item.ref);
    if (first !== undefined)
      r.invalid(`${item.path}.ref`, `duplicate ref (also at ${items[first]?.path}.ref)`);
    else position.set(item.ref, i);
  });
  // Each body is checked by its declaration, with stand-in ids where it names other items.
  items.forEach((item, i) => {
    const resolved = resolveRefs(
      item.body,
      (ref) => {
        const target = items[position.get(ref) ?? -1];
        return target ? placeholderId(target.declaration) : `@${ref}`;
      },
      (ref, at, field) => {
        if (ref === undefined) return r.invalid(at, `nested more than ${MAX_DEPTH} levels deep`);
        const index = position.get(ref);
        const target = items[index ?? -1];
        const expected = item.declaration.references?.[field];
        if (index === undefined || !target)
          r.invalid(
            at,
            `no item with ref "${ref}" in this organization's resources ("@@…" is a literal "@…")`,
          );
        else if (index >= i)
          r.invalid(at, `"@${ref}" is created after this item (${target.path}); name only earlier items`);
        else if (expected !== undefined && expected !== target.declaration.name)
          r.invalid(at, `"@${ref}" is a ${target.declaration.label}; ${field} names a ${expected} record`);
      },
      item.path,
      "",
    ) as Json;
    const checked = checkBody(item.declaration.createBody, resolved);
    for (const problem of [...checked.missing, ...checked.invalid]) {
      const at = problem.params?.paramName0;
      const where = at ? `${item.path}.${at}` : item.path;
      // A reference problem is already reported at this path.
      if (r.problems.some((p) => p.params?.paramName0 === where)) continue;
      if (problem.key === "MISSING_PARAMETER")
        r.problems.push({ key: "MISSING_PARAMETER", params: { paramName0: where } });
      else r.invalid(where, `invalid value for a ${item.declaration.label}'s ${at ?? "body"}`);
    }
  });
  return items;
}

/** An engine error about an item, named by the item's path (`…bills[0].vendorId`). */
const atItem = (item: SeedResource, errors: readonly ErrorItem[]): ErrorItem[] =>
  errors.map((error) => {
    const params = error.params ?? {};
    const field = params.paramName0;
    return {
      key: error.key,
      params: {
        ...params,
        paramName0: field && !field.startsWith("$") ? `${item.path}.${field}` : item.path,
        reason: formatMessage(ERROR_CODES[error.key].message, params),
      },
    };
  });

/**
 * Creates the organization's items that do not exist yet, in order, as its first active
 * ADMINISTRATOR (a record's `createdBy`); an existing one (same organization, kind and ref) is
 * left as it is. Any refusal aborts the whole seed run (its transaction).
 */
export async function applySeedResources(
  deps: AuthDeps,
  organization: { path: string; resources: readonly SeedResource[] },
  organizationId: string,
  report: SeedReport,
  must: <T>(result: Result<T>) => T,
): Promise<void> {
  const items = organization.resources;
  if (items.length === 0) return;
  const admin = (await deps.stores.memberships.listAllMembers(organizationId)).find(
    (m) => m.roleType === "ADMINISTRATOR" && !m.archived && !m.pending,
  );
  if (!admin) {
    const reason =
      "an organization with resources needs an active ADMINISTRATOR member (in the file or the store): seeded records are created by that user";
    must({
      ok: false,
      errors: [{ key: "INVALID_VALUE", params: { paramName0: `${organization.path}.resources`, reason } }],
    });
    return;
  }
  const scope = { organizationId, userId: admin.userId };
  const idOf = (ref: string) => {
    const target = items.find((item) => item.ref === ref);
    return target ? seedResourceId(organizationId, target.declaration, ref) : `@${ref}`;
  };
  for (const item of items) {
    const { declaration } = item;
    const id = seedResourceId(organizationId, declaration, item.ref);
    const label = `${declaration.name} @${item.ref}`;
    if (await deps.stores.resources.find(organizationId, declaration.name, id)) {
      report.unchanged.push({ kind: "resource", id, label });
      continue;
    }
    const body = checkBody(declaration.createBody, resolveRefs(item.body, idOf, () => {}, "", "") as Json);
    const created = await createResources(deps, scope, declaration, [body.value], { ids: [id] });
    must(created.ok ? created : { ok: false, errors: atItem(item, created.errors) });
    report.created.push({ kind: "resource", id, label });
  }
}
