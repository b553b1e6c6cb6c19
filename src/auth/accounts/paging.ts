import type { Keyset, PageRequest, PageRows } from "../../stores/types/paging.ts";

/** One page of a list, with whether rows exist before and after it. */
export interface Page<T> {
  items: T[];
  hasBefore: boolean;
  hasAfter: boolean;
}

/**
 * Turns a store's page into both neighbours. Rows of these lists are never deleted (users are
 * archived, roles fixed, organizations kept), so a page read after a position has rows before
 * it, and one read before a position has rows after it; only the direction read needs `more`.
 */
export function toPage<T>(request: PageRequest, read: PageRows<T>): Page<T> {
  if (request.before) return { items: read.rows, hasBefore: read.more, hasAfter: true };
  return { items: read.rows, hasBefore: request.after !== undefined, hasAfter: read.more };
}

const compare = (a: Keyset, b: Keyset): number => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The same keyset paging over a list held in memory (a handful of rows, such as roles). */
export function pageInMemory<T>(
  items: readonly T[],
  keyOf: (item: T) => Keyset,
  request: PageRequest,
): PageRows<T> {
  const sorted = [...items].sort((a, b) => compare(keyOf(a), keyOf(b)));
  const { after, before, limit } = request;
  if (before) {
    const earlier = sorted.filter((item) => compare(keyOf(item), before) < 0);
    return { rows: earlier.slice(Math.max(0, earlier.length - limit)), more: earlier.length > limit };
  }
  const later = after ? sorted.filter((item) => compare(keyOf(item), after) > 0) : sorted;
  return { rows: later.slice(0, limit), more: later.length > limit };
}
