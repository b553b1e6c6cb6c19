/**
 * The `data` of `POST /api/v2/List/{Entity}.json` (docs/bill-sign-in-modes.md section 2.6):
 * `{start, max, filters: [{field, op, value}], sort: [{field, asc}], nested, showAudit}`, read
 * against the entity's mapping (`listField`) and its v3 resource's list (the fields, operators
 * and sorts it takes), into the v3 ListQuery the engine runs. Pure: every problem is BILL's v2
 * error, never an exception.
 */
import { ApiError, ERROR_CODES, type ErrorKey, formatMessage } from "../errors.ts";
import type { ResourceDeclaration } from "../resources/declaration.ts";
import type { ListQuery } from "../resources/list.ts";
import { type Operator, parseFilters, parseSort } from "../resources/query.ts";
import type { V2Entity } from "./entity.ts";
import type { V2Failure } from "./envelope.ts";

/** BILL: "The default start value is 0 and default max value is 999." */
export const V2_DEFAULT_MAX = 999;
/** BILL: "You can retrieve a maximum of 999 results with one list request." */
export const V2_MAX = 999;
/** (ours) The furthest a list may start: beyond any organization a sandbox holds. */
export const V2_MAX_START = 1_000_000;
/** (ours) At most this many filters and sort keys. */
const MAX_TERMS = 20;

/** v2's operators (BILL's `op`) as the v3 list's. */
export const V2_OPERATORS: Readonly<Record<string, Operator>> = Object.freeze({
  "=": "eq",
  "!=": "ne",
  "<": "lt",
  "<=": "lte",
  ">": "gt",
  ">=": "gte",
  in: "in",
  nin: "nin",
  sw: "sw",
});

export interface V2ListRequest {
  /** The v3 query, its limit `start + max` (the engine pages from the first record). */
  query: ListQuery;
  start: number;
  max: number;
}

export type V2ListReading = { ok: true; value: V2ListRequest } | V2Failure;

const NAME = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;

/** A client's text in a message only when it looks like a name or a number, never as sent. */
export const shownName = (value: unknown): string =>
  typeof value === "string" && NAME.test(value) ? value : typeof value === "number" ? String(value) : "?";

export const v2Failure = (key: ErrorKey, ...params: string[]): V2Failure => {
  const definition = ERROR_CODES[key];
  const named = Object.fromEntries(params.map((value, i) => [`paramName${i}`, value]));
  return { ok: false, code: definition.code, message: formatMessage(definition.message, named) };
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** A whole number from a number or a digit string (BILL's examples send both). */
function wholeNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "string" && /^\d{1,9}$/.test(value)) return Number(value);
  return undefined;
}

/** `asc`: BILL's examples send `"true"`; `true`, 1, `"1"` and their opposites are taken too (ours). */
function ascending(value: unknown): boolean | undefined {
  if (value === undefined || value === true || value === 1 || value === "true" || value === "1") return true;
  if (value === false || value === 0 || value === "false" || value === "0") return false;
  return undefined;
}

/** A value as one quoted term of a v3 filter (`"…"`, quotes and backslashes escaped). */
const quoted = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** A v2 filter value as v3 filter text: scalars as text; `in`/`nin` also take an array or "a,b". */
function filterText(value: unknown, op: Operator): string | undefined {
  const scalar = (v: unknown) =>
    typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
  if (Array.isArray(value)) {
    if (op !== "in" && op !== "nin") return undefined;
    const members = value.map(scalar);
    // A comma inside one member would split it in two: "a,b" is the string form only.
    if (members.length === 0 || members.some((m) => m === undefined || m === "" || m.includes(","))) {
      return undefined;
    }
    return quoted(members.join(","));
  }
  const text = scalar(value);
  return text === undefined ? undefined : quoted(text);
}

/** Reads a List call's parsed `data` for one entity over its v3 resource. */
export function readV2List(
  data: Readonly<Record<string, unknown>>,
  entity: V2Entity,
  declaration: ResourceDeclaration,
): V2ListReading {
  const start = data.start === undefined ? 0 : wholeNumber(data.start);
  if (start === undefined || start < 0 || start > V2_MAX_START) {
    return v2Failure("V2_INVALID_PARAMETER_VALUE", "start", shownName(data.start));
  }
  const max = data.max === undefined ? V2_DEFAULT_MAX : wholeNumber(data.max);
  if (max === undefined || max < 1 || max > V2_MAX) {
    return v2Failure("V2_INVALID_PARAMETER_VALUE", "max", shownName(data.max));
  }

  const filters = data.filters ?? [];
  if (!Array.isArray(filters) || filters.length > MAX_TERMS) {
    return v2Failure("V2_INVALID_PARAMETER_VALUE", "filters", "?");
  }
  const filterTerms: string[] = [];
  for (const filter of filters) {
    if (!isObject(filter)) return v2Failure("V2_INVALID_PARAMETER_VALUE", "filters", "?");
    const { field, op, value } = filter;
    if (typeof field !== "string" || field === "") return v2Failure("V2_MISSING_DATA", "field");
    const mapped = entity.listField(field);
    const rule =
      mapped && Object.hasOwn(declaration.filters, mapped.field)
        ? declaration.filters[mapped.field]
        : undefined;
    if (!mapped || !rule) return v2Failure("V2_INVALID_FILTER_FIELD", shownName(field));
    if (typeof op !== "string" || op === "") return v2Failure("V2_MISSING_DATA", "op");
    const v3op = Object.hasOwn(V2_OPERATORS, op) ? V2_OPERATORS[op] : undefined;
    if (!v3op || !rule.ops.includes(v3op)) {
      return v2Failure("V2_INVALID_FILTER_OPERATOR", Object.hasOwn(V2_OPERATORS, op) ? op : "?");
    }
    if (value === undefined || value === null) return v2Failure("V2_MISSING_DATA", "value");
    const converted = mapped.value ? mapped.value(value) : value;
    const text = filterText(converted, v3op);
    if (text === undefined) return v2Failure("V2_INVALID_FIELD_DATATYPE", shownName(field));
    filterTerms.push(`${mapped.field}:${v3op}:${text}`);
  }

  const sort = data.sort ?? [];
  if (!Array.isArray(sort) || sort.length > MAX_TERMS) {
    return v2Failure("V2_INVALID_PARAMETER_VALUE", "sort", "?");
  }
  const sortTerms: string[] = [];
  for (const key of sort) {
    if (!isObject(key)) return v2Failure("V2_INVALID_PARAMETER_VALUE", "sort", "?");
    const mapped = typeof key.field === "string" ? entity.listField(key.field) : undefined;
    if (!mapped || !declaration.sorts.includes(mapped.field)) {
      return v2Failure("V2_INVALID_PARAMETER_VALUE", "sort", shownName(key.field));
    }
    const asc = ascending(key.asc);
    if (asc === undefined) return v2Failure("V2_INVALID_PARAMETER_VALUE", "asc", shownName(key.asc));
    sortTerms.push(`${mapped.field}:${asc ? "asc" : "desc"}`);
  }

  // The v3 parsers check each value against its field's type and enum, and the sort for repeats.
  const allowed = Object.fromEntries(
    Object.entries(declaration.filters).map(([field, rule]) => [
      field,
      { type: declaration.fields[field] ?? "string", ...rule },
    ]),
  );
  const query: ListQuery = { filters: [], sort: [], limit: start + max };
  for (const [i, term] of filterTerms.entries()) {
    try {
      query.filters.push(...parseFilters(term, allowed));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return v2Failure("V2_INVALID_FIELD_DATATYPE", shownName((filters[i] as { field: string }).field));
    }
  }
  try {
    query.sort = parseSort(sortTerms.join(","), declaration.sorts);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    // The one thing left to refuse: a field sorted on twice.
    return v2Failure("V2_INVALID_PARAMETER_VALUE", "sort", "?");
  }
  return { ok: true, value: { query, start, max } };
}
