/**
 * Lists on the wire (docs/bill-v3-resources.md 1.5): `max`, `page`, `filters` and `sort` in,
 * `{ results, nextPage?, prevPage? }` out. A cursor is base64url JSON of its list (a digest of
 * the list's name, filters and sort), a direction and a keyset position; any other cursor is
 * 400 BDC_9001 naming `page`.
 */
import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { ApiError } from "../errors.ts";
import type { ListPage, ListQuery, ListShape, Position } from "../resources/list.ts";
import { type Operator, parseFilters, parseSort } from "../resources/query.ts";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./paging.ts";

const invalid = (name: string) => new ApiError({ key: "INVALID_VALUE", params: { paramName0: name } });

/** What a list request is checked against: a resource declaration, or the users list. */
export interface ListSpec extends ListShape {
  readonly name: string;
  readonly filters: Readonly<Record<string, { ops: readonly Operator[]; values?: readonly string[] }>>;
  readonly sorts: readonly string[];
}

/** A page cursor: the list it belongs to (name, filters and sort), a direction, a position. */
function encodeCursor(list: string, direction: "n" | "p", position: Position): string {
  return Buffer.from(JSON.stringify([list, direction, position.values, position.id]), "utf8").toString(
    "base64url",
  );
}

function decodeCursor(list: string, cursor: unknown): Pick<ListQuery, "after" | "before"> {
  if (typeof cursor !== "string" || !/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) throw invalid("page");
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid("page");
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw invalid("page");
  const [owner, direction, values, id] = parsed as unknown[];
  // A cursor of another list, or of this list with other filters or sort, is refused.
  if (owner !== list || (direction !== "n" && direction !== "p")) throw invalid("page");
  if (typeof id !== "string" || !/^[0-9A-Za-z]{20}$/.test(id) || !Array.isArray(values))
    throw invalid("page");
  const ok = values.every((v) => v === null || ["string", "number", "boolean"].includes(typeof v));
  if (!ok) throw invalid("page");
  const position = { values: values as Position["values"], id };
  return direction === "n" ? { after: position } : { before: position };
}

/** The `max`, `page`, `filters` and `sort` of a list request, checked against the list. */
export function readListQuery(request: FastifyRequest, spec: ListSpec) {
  const query = (request.query ?? {}) as Record<string, unknown>;
  let limit = DEFAULT_PAGE_SIZE;
  if (query.max !== undefined) {
    if (typeof query.max !== "string" || !/^\d{1,3}$/.test(query.max)) throw invalid("max");
    limit = Number(query.max);
    if (limit < 1 || limit > MAX_PAGE_SIZE) throw invalid("max");
  }
  const allowed = Object.fromEntries(
    Object.entries(spec.filters).map(([field, rule]) => [
      field,
      { type: spec.fields[field] ?? "string", ...rule },
    ]),
  );
  const filters = parseFilters(query.filters, allowed);
  const sort = parseSort(query.sort, spec.sorts);
  // The cursor names its list: which one, and the filters and sort it was read with.
  const list = createHash("sha256")
    .update(JSON.stringify([spec.name, filters, sort]))
    .digest("base64url")
    .slice(0, 16);
  const position = query.page === undefined ? {} : decodeCursor(list, query.page);
  return { list, query: { filters, sort, limit, ...position } satisfies ListQuery };
}

/** The list body of a page, with the cursors of its neighbours. */
export function listAnswer<T>(list: string, page: ListPage<T>) {
  const first = page.positions[0];
  const last = page.positions[page.positions.length - 1];
  return {
    results: page.items,
    ...(page.hasAfter && last ? { nextPage: encodeCursor(list, "n", last) } : {}),
    ...(page.hasBefore && first ? { prevPage: encodeCursor(list, "p", first) } : {}),
  };
}
