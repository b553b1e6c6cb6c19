/**
 * List paging on the wire (spec section 1): `max` (1–100, default 20) and `page`, an opaque
 * cursor, in; `{ results, nextPage?, prevPage? }` out. A cursor is base64url of a keyset
 * position, the list it belongs to and the direction to read: `r.n.<t>.<id>` reads the roles
 * after (t, id). Malformed input is 400 BDC_9001 naming `max` or `page`.
 */
import type { FastifyRequest } from "fastify";
import type { Page } from "../auth/accounts/paging.ts";
import { ApiError } from "../errors.ts";
import type { Keyset, PageRequest } from "../stores/types/paging.ts";

/** Which list a cursor belongs to, so that one list's cursor is refused by another. */
export type ListKind = "roles" | "organizations" | "sync-tokens";
const KIND_TAG: Record<ListKind, string> = { roles: "r", organizations: "o", "sync-tokens": "s" };

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const invalid = (name: string) => new ApiError({ key: "INVALID_VALUE", params: { paramName0: name } });

function encodeCursor(kind: ListKind, direction: "n" | "p", key: Keyset): string {
  return Buffer.from(`${KIND_TAG[kind]}.${direction}.${key.t}.${key.id}`, "utf8").toString("base64url");
}

function decodeCursor(kind: ListKind, cursor: string): Pick<PageRequest, "after" | "before"> {
  // Node's base64url decoder skips characters it does not know; only a canonical form is taken.
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalid("page");
  const decoded = Buffer.from(cursor, "base64url");
  if (decoded.toString("base64url") !== cursor) throw invalid("page");
  const match = /^([a-z])\.([np])\.(-?\d{1,16})\.([0-9A-Za-z]{1,64})$/.exec(decoded.toString("utf8"));
  if (!match || match[1] !== KIND_TAG[kind]) throw invalid("page");
  const key = { t: Number(match[3]), id: match[4] as string };
  if (!Number.isSafeInteger(key.t)) throw invalid("page");
  return match[2] === "n" ? { after: key } : { before: key };
}

/** The `max` and `page` of a list request. */
export function readPageRequest(request: FastifyRequest, kind: ListKind): PageRequest {
  const query = (request.query ?? {}) as Record<string, unknown>;
  let limit = DEFAULT_PAGE_SIZE;
  if (query.max !== undefined) {
    const max = query.max;
    if (typeof max !== "string" || !/^\d{1,3}$/.test(max)) throw invalid("max");
    limit = Number(max);
    if (limit < 1 || limit > MAX_PAGE_SIZE) throw invalid("max");
  }
  if (query.page === undefined) return { limit };
  if (typeof query.page !== "string") throw invalid("page");
  return { limit, ...decodeCursor(kind, query.page) };
}

/** The list body of a page: the items on the wire and the cursors of its neighbours. */
export function listBody<T, W>(
  kind: ListKind,
  page: Page<T>,
  keyOf: (item: T) => Keyset,
  toWire: (item: T) => W,
): { results: W[]; nextPage?: string; prevPage?: string } {
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  return {
    results: page.items.map(toWire),
    ...(page.hasAfter && last !== undefined ? { nextPage: encodeCursor(kind, "n", keyOf(last)) } : {}),
    ...(page.hasBefore && first !== undefined ? { prevPage: encodeCursor(kind, "p", keyOf(first)) } : {}),
  };
}
