import { type SelectQueryBuilder, type SqlBool, sql } from "kysely";
import type { PageRequest, PageRows } from "../types/paging.ts";

/**
 * Reads one keyset page: the rows after (or before) a (t, id) position, in ascending order,
 * one more than asked for so that `more` is known without a count. A position, unlike an
 * offset, does not move when rows are added, so a reader paging through a growing list
 * neither skips nor repeats a row.
 */
export async function readPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  columns: { t: string; id: string },
  page: PageRequest,
): Promise<PageRows<O>> {
  const t = sql.ref(columns.t);
  const id = sql.ref(columns.id);
  let q = query;
  if (page.after) {
    const { t: at, id: aid } = page.after;
    q = q.where(sql<SqlBool>`(${t} > ${at} or (${t} = ${at} and ${id} > ${aid}))`);
  }
  if (page.before) {
    const { t: bt, id: bid } = page.before;
    q = q.where(sql<SqlBool>`(${t} < ${bt} or (${t} = ${bt} and ${id} < ${bid}))`);
  }
  // Reading backwards takes the rows nearest the position first, then restores the order.
  const direction = page.before ? sql`desc` : sql`asc`;
  const rows = await q
    .orderBy(sql`${t} ${direction}`)
    .orderBy(sql`${id} ${direction}`)
    .limit(page.limit + 1)
    .execute();
  const more = rows.length > page.limit;
  const kept = rows.slice(0, page.limit);
  if (page.before) kept.reverse();
  return { rows: kept, more };
}
