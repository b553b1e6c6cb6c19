/**
 * A list over wire objects held in memory (resources, the users of an organization): filters,
 * sort with `id` as the last key, and keyset pages before or after a position. Pure.
 */
import { comparable, compareValues, type FieldType, type Filter, matches, type SortKey } from "./query.ts";

/** A wire object's value at a dotted path (`address.country`). */
export function valueAt(item: object, path: string): unknown {
  let value: unknown = item;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * Every value at a dotted path, through arrays on the way: `billLineItems.classifications.jobId`
 * is each line's job, named by its concrete path (`billLineItems[1].classifications.jobId`).
 * Absent values are left out; an array at the end of the path is one value.
 */
export function valuesAt(item: object, path: string): { path: string; value: unknown }[] {
  let found: { path: string; value: unknown }[] = [{ path: "", value: item }];
  for (const part of path.split(".")) {
    const next: { path: string; value: unknown }[] = [];
    for (const { path: at, value } of found) {
      const elements = Array.isArray(value)
        ? value.map((element, i) => ({ path: `${at}[${i}]`, value: element }))
        : [{ path: at, value }];
      for (const element of elements) {
        if (element.value === null || typeof element.value !== "object" || Array.isArray(element.value))
          continue;
        const inner = (element.value as Record<string, unknown>)[part];
        if (inner !== undefined)
          next.push({ path: element.path === "" ? part : `${element.path}.${part}`, value: inner });
      }
    }
    found = next;
  }
  return found;
}

/** What a list knows of its fields: their types, and its order without `sort`. */
export interface ListShape {
  readonly fields: Readonly<Record<string, FieldType>>;
  readonly defaultSort: readonly SortKey[];
}

/** A list's query, parsed (query.ts) and paged (a cursor's position, list.ts). */
export interface ListQuery {
  filters: Filter[];
  sort: SortKey[];
  limit: number;
  /** Read after this position, or before it. */
  after?: Position | undefined;
  before?: Position | undefined;
}

/** Where a record stands in a sorted list: its sort values, then its id. */
export interface Position {
  values: (string | number | boolean | null)[];
  id: string;
}

export interface ListPage<T = Record<string, unknown>> {
  items: T[];
  positions: Position[];
  hasBefore: boolean;
  hasAfter: boolean;
}

/** One page of `items` (wire objects with an `id`) under the query. */
export function pageList<T extends object>(
  items: readonly T[],
  query: ListQuery,
  shape: ListShape,
): ListPage<T> {
  const sort = query.sort.length > 0 ? query.sort : shape.defaultSort;
  const typeOf = (field: string) => shape.fields[field] ?? "string";
  const rows = items
    .filter((item) =>
      query.filters.every((filter) =>
        matches(filter, comparable(valueAt(item, filter.field), typeOf(filter.field))),
      ),
    )
    .map((item) => ({
      item,
      position: {
        values: sort.map((key) => comparable(valueAt(item, key.field), typeOf(key.field)) ?? null),
        id: String(valueAt(item, "id")),
      },
    }));
  const order = (a: Position, b: Position) => {
    for (const [i, key] of sort.entries()) {
      const c = compareValues(a.values[i], b.values[i]);
      if (c !== 0) return key.desc ? -c : c;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  rows.sort((a, b) => order(a.position, b.position));
  let start = 0;
  let end = rows.length;
  if (query.after) {
    const after = query.after;
    start = rows.findIndex((row) => order(row.position, after) > 0);
    if (start < 0) start = rows.length;
    end = Math.min(rows.length, start + query.limit);
  } else if (query.before) {
    const before = query.before;
    end = rows.findIndex((row) => order(row.position, before) >= 0);
    if (end < 0) end = rows.length;
    start = Math.max(0, end - query.limit);
  } else end = Math.min(rows.length, query.limit);
  const page = rows.slice(start, end);
  return {
    items: page.map((row) => row.item),
    positions: page.map((row) => row.position),
    hasBefore: start > 0,
    hasAfter: end < rows.length,
  };
}
