/**
 * A list's `filters` and `sort` (spec 5.2; docs/bill-v3-resources.md section 1), parsed
 * against the fields a list allows and turned into a predicate and a comparison. Pure.
 *
 *   filters=field:op:value[,field:op:value...]   value: "quoted text", bare text, a number,
 *                                                true/false, a date or a time (BILL's 5 forms)
 *   in / nin take one quoted list:              currency:in:"USD,CAD" (also "USD","CAD")
 *   sort=field[:asc|desc][,field[:asc|desc]...]
 *
 * Each field takes the operators its list names (BILL's "Filterable fields"). Every problem is
 * 400 BDC_9001 naming `filters` or `sort` and the reason; nothing unknown is ignored. Text
 * compares exactly (case-sensitive); `sw` is "starts with".
 */
import { ApiError } from "../errors.ts";

export type FieldType = "string" | "number" | "boolean" | "date" | "datetime";

export const OPERATORS = ["eq", "ne", "lt", "lte", "gt", "gte", "in", "nin", "sw"] as const;
export type Operator = (typeof OPERATORS)[number];

/** A field a list may filter on: its type, the operators it takes, and its enum if any. */
export interface FilterField {
  type: FieldType;
  ops: readonly Operator[];
  values?: readonly string[];
}

export interface Filter {
  field: string;
  op: Operator;
  /** Comparable values: text, numbers (times as Unix ms), booleans. */
  values: (string | number | boolean)[];
}

export interface SortKey {
  field: string;
  desc: boolean;
}

type Value = string | number | boolean | null | undefined;

const MAX_QUERY = 4000;
const NAME = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// BILL's five forms: yyyy-MM-dd'T'HH:mm:ss.SSSX, …SSS, …ss, …mm, and yyyy-MM-dd; no offset is UTC.
const TIME = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const problem = (param: "filters" | "sort", reason: string) =>
  new ApiError({ key: "INVALID_LIST_QUERY", params: { paramName0: param, paramName1: reason } });

/** A client's field name, echoed only when it looks like one (never arbitrary text). */
const shown = (name: string) => (NAME.test(name) ? `'${name}'` : "a field");

/** Splits on commas outside double quotes; `\"` inside quotes is a quote. */
function splitTopLevel(text: string, param: "filters" | "sort"): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted && c === "\\" && i + 1 < text.length) {
      current += c + text[i + 1];
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === "," && !quoted) {
      parts.push(current);
      current = "";
    } else current += c;
  }
  if (quoted) throw problem(param, "A quoted value is not closed.");
  parts.push(current);
  return parts;
}

/** The epoch ms of one of BILL's time forms, or NaN. */
export function parseTime(text: string): number {
  const m = TIME.exec(text);
  if (!m) return Number.NaN;
  const [, date, hh = "00", mm = "00", ss = "00", ms = "000", zone] = m;
  let offset = zone ?? "Z";
  if (/^[+-]\d{4}$/.test(offset)) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  const iso = `${date}T${hh}:${mm}:${ss}.${ms}${offset}`;
  const value = Date.parse(iso);
  // Date.parse rolls 2026-02-31 over into March: only a real calendar date is taken.
  if (Number.isNaN(value) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
    return Number.NaN;
  }
  return value;
}

function unquote(raw: string): { text: string; quoted: boolean } {
  const quoted = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"');
  return { text: quoted ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw, quoted };
}

// Any value may be quoted (docs/bill-v3-resources.md 1.5 rule 8): quotes never change its type.
function parseValue(bare: string, field: string, spec: FilterField): string | number | boolean {
  const bad = () => problem("filters", `${shown(field)} takes a ${spec.type} value.`);
  switch (spec.type) {
    case "string":
      if (spec.values && !spec.values.includes(bare)) {
        throw problem("filters", `${shown(field)} is one of ${spec.values.join(", ")}.`);
      }
      return bare;
    case "number": {
      if (!/^-?\d+(\.\d+)?$/.test(bare)) throw bad();
      return Number(bare);
    }
    case "boolean":
      if (bare !== "true" && bare !== "false") throw bad();
      return bare === "true";
    case "date":
      if (!DATE.test(bare) || Number.isNaN(parseTime(bare))) throw bad();
      return bare;
    case "datetime": {
      const ms = parseTime(bare);
      if (Number.isNaN(ms)) throw bad();
      return ms;
    }
  }
}

/** The values of one term: one, or for `in`/`nin` a quoted comma-separated list. */
function parseValues(raw: string, field: string, op: Operator, spec: FilterField) {
  const { text, quoted } = unquote(raw);
  if (op !== "in" && op !== "nin") return [parseValue(text, field, spec)];
  const members = quoted ? text.split(",") : [text];
  if (members.some((member) => member === ""))
    throw problem("filters", `${shown(field)} has an empty value.`);
  return members.map((member) => parseValue(member, field, spec));
}

/** Parses `filters` against the fields a list allows. */
export function parseFilters(raw: unknown, allowed: Readonly<Record<string, FilterField>>): Filter[] {
  if (raw === undefined || raw === "") return [];
  if (typeof raw !== "string") throw problem("filters", "Give filters once.");
  if (raw.length > MAX_QUERY) throw problem("filters", "Too long.");
  const filters: Filter[] = [];
  for (const part of splitTopLevel(raw, "filters")) {
    const head = /^([^:]*):([^:]*):([\s\S]*)$/.exec(part);
    const last = filters[filters.length - 1];
    if (!head || !NAME.test(head[1] ?? "")) {
      // Tolerated: `in:"USD","CAD"`, members quoted one by one.
      const member = unquote(part);
      if (last && (last.op === "in" || last.op === "nin") && member.quoted && member.text !== "") {
        last.values.push(parseValue(member.text, last.field, allowed[last.field] as FilterField));
        continue;
      }
      throw problem("filters", "Each filter is field:operator:value.");
    }
    const field = head[1] as string;
    const op = head[2] as string;
    const spec = Object.hasOwn(allowed, field) ? allowed[field] : undefined;
    if (spec === undefined) throw problem("filters", `${shown(field)} cannot be filtered on.`);
    if (!(OPERATORS as readonly string[]).includes(op)) {
      throw problem("filters", `Unknown operator${NAME.test(op) ? ` '${op}'` : ""}.`);
    }
    if (!spec.ops.includes(op as Operator))
      throw problem("filters", `${shown(field)} does not take '${op}'.`);
    filters.push({
      field,
      op: op as Operator,
      values: parseValues(head[3] as string, field, op as Operator, spec),
    });
  }
  return filters;
}

/** Parses `sort` against the fields a list may be sorted by. */
export function parseSort(raw: unknown, allowed: readonly string[]): SortKey[] {
  if (raw === undefined || raw === "") return [];
  if (typeof raw !== "string") throw problem("sort", "Give sort once.");
  if (raw.length > MAX_QUERY) throw problem("sort", "Too long.");
  const keys: SortKey[] = [];
  for (const part of raw.split(",")) {
    const [field = "", direction = "asc", ...rest] = part.trim().split(":");
    if (!allowed.includes(field)) throw problem("sort", `${shown(field)} cannot be sorted on.`);
    if (rest.length > 0 || (direction !== "asc" && direction !== "desc")) {
      throw problem("sort", "A direction is asc or desc.");
    }
    if (keys.some((k) => k.field === field)) throw problem("sort", `${shown(field)} is given twice.`);
    keys.push({ field, desc: direction === "desc" });
  }
  return keys;
}

/** A comparable form of a record's value for a field of this type (times become Unix ms). */
export function comparable(value: unknown, type: FieldType): Value {
  if (value === null || value === undefined) return null;
  if (type === "datetime") {
    const ms = typeof value === "string" ? parseTime(value.replace("+00:00", "Z")) : Number.NaN;
    return Number.isNaN(ms) ? null : ms;
  }
  if (type === "date" && typeof value === "string") return value.slice(0, 10);
  return value as Value;
}

/** Ascending order with nulls first; numbers and text each in their natural order. */
export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : 1;
  return Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0;
}

/** Whether a record's (comparable) value passes one filter. */
export function matches(filter: Filter, value: Value): boolean {
  const [first] = filter.values;
  switch (filter.op) {
    case "eq":
      return value === first;
    case "ne":
      return value !== first;
    case "in":
      return filter.values.includes(value as string);
    case "nin":
      return !filter.values.includes(value as string);
    case "sw":
      return typeof value === "string" && value.startsWith(String(first));
    default: {
      if (value === null || value === undefined) return false;
      const order = compareValues(value, first as Value);
      if (filter.op === "lt") return order < 0;
      if (filter.op === "lte") return order <= 0;
      if (filter.op === "gt") return order > 0;
      return order >= 0;
    }
  }
}
