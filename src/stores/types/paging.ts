/**
 * Keyset pages of the lists (spec section 1): positions that do not move while rows are added.
 */

/** A position in a list ordered by (t, id): `t` a time or rank, `id` the tie-breaker. */
export interface Keyset {
  t: number;
  id: string;
}

/**
 * One page of a keyset-ordered list: the rows after `after`, or before `before` (at most one
 * of the two), at most `limit` of them. Keyset positions, unlike offsets, do not move when
 * rows are added, so paging skips and repeats nothing while the list grows.
 */
export interface PageRequest {
  limit: number;
  after?: Keyset;
  before?: Keyset;
}

/** Rows in ascending order; `more` says whether rows exist beyond them in the direction read. */
export interface PageRows<T> {
  rows: T[];
  more: boolean;
}
