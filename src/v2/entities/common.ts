/**
 * What the v2 entity mappings share (docs/bill-sign-in-modes.md 2.9): reading a v2 object's
 * fields with BILL's v2 errors, v2's value conventions (`isActive` "1"/"2", the empty id
 * `00000000000000000000`, times `2013-10-28T04:41:49.000+0000`, numeric codes for enums),
 * addresses, line-item classifications and list fields. Pure: JSON in, JSON out, no throw.
 */
import { parseTime } from "../../resources/query.ts";
import { countryName } from "../../resources/schema-kit.ts";
import type { V2Conversion, V2Entity, V2ListField } from "../entity.ts";

/** v2's "no record": every id field v2 answers is this when it names nothing [DP v2 examples]. */
export const NO_ID = "00000000000000000000";

/** A mapping, and how its `toV3(…, "update")` body is applied by the v2 Update route. */
export interface V2EntityMapping extends V2Entity {
  /**
   * `patch`: the body is a v3 PATCH (`updateResource`, validated with `checkBody(updateBody,
   * body, "clear")`; a null clears). `replace`: the body is a whole v3 create body applied as a
   * PUT (`replaceResource`): lines with this record's ids are kept, lines without are new, the
   * others go, as v2's Update "overwrites all line item details" [DP v2 Update a bill].
   */
  readonly updateBy: "patch" | "replace";
}

export type Failure = Extract<V2Conversion, { ok: false }>;

/** BILL's v2 error codes these mappings answer [DP v2 "Error codes list"]. */
export const V2_CODES = {
  /** "Missing parameter value for parameter: ${paramName0}." */
  MISSING: "BDC_1108",
  /** "Entity from CRUD operation: ${paramName0} does not match the entity specified in the data: ${paramName1}." */
  ENTITY_MISMATCH: "BDC_1118",
  /** "Invalid field,value: ${paramName0}, ${paramName1}." */
  INVALID_FIELD_VALUE: "BDC_1119",
  /** "Invalid field datatype: ${paramName0}." */
  INVALID_DATATYPE: "BDC_1124",
} as const;

/** (ours) A client's value is echoed only when short and plain; anything else is not shown. */
const shown = (value: unknown): string => {
  const text = typeof value === "number" || typeof value === "boolean" ? String(value) : value;
  return typeof text === "string" && /^[A-Za-z0-9 ._@+:-]{0,40}$/.test(text) ? text : "(not shown)";
};

export const missing = (field: string): Failure => ({
  ok: false,
  code: V2_CODES.MISSING,
  message: `Missing parameter value for parameter: ${field}.`,
});
export const invalidType = (field: string): Failure => ({
  ok: false,
  code: V2_CODES.INVALID_DATATYPE,
  message: `Invalid field datatype: ${field}.`,
});
export const invalidValue = (field: string, value: unknown): Failure => ({
  ok: false,
  code: V2_CODES.INVALID_FIELD_VALUE,
  message: `Invalid field,value: ${field}, ${shown(value)}.`,
});
export const entityMismatch = (expected: string, given: unknown): Failure => ({
  ok: false,
  code: V2_CODES.ENTITY_MISMATCH,
  message: `Entity from CRUD operation: ${expected} does not match the entity specified in the data: ${shown(given)}.`,
});

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const ID = /^[0-9A-Za-z]{20}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^-?\d{1,13}(\.\d{1,10})?$/;

/**
 * Reads a v2 object's fields; the first problem is kept (`problem`) and every later read
 * answers undefined, so a mapping reads all it needs and then checks `problem` once.
 * Absent, null and "" are "not given" for every field (v2 clients send all three).
 */
export class V2Reader {
  problem: Failure | undefined;

  constructor(
    private readonly obj: Readonly<Record<string, unknown>>,
    /** How fields are named in messages: `billLineItems[1].` for a line. */
    readonly at = "",
  ) {}

  private fail(problem: Failure): undefined {
    this.problem ??= problem;
    return undefined;
  }

  /** The raw value, or undefined when not given. */
  raw(name: string): unknown {
    const value = Object.hasOwn(this.obj, name) ? this.obj[name] : undefined;
    return value === null || value === "" ? undefined : value;
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  /** Text as given; a finite number is taken as its text (v2 clients send `accNumber: 1566`). */
  text(name: string, max = 4000): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
    if (typeof text !== "string") return this.fail(invalidType(this.at + name));
    if (text.length > max) return this.fail(invalidValue(this.at + name, "(too long)"));
    return text;
  }

  requiredText(name: string, max = 4000): string | undefined {
    if (!this.has(name)) return this.fail(missing(this.at + name));
    return this.text(name, max);
  }

  /** A BILL id of that prefix; v2's empty id (`000…0`) is "not given". */
  id(name: string, prefix: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined || value === NO_ID) return undefined;
    if (typeof value !== "string") return this.fail(invalidType(this.at + name));
    if (!ID.test(value) || !value.startsWith(prefix)) return this.fail(invalidValue(this.at + name, value));
    return value;
  }

  requiredId(name: string, prefix: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined || value === NO_ID) return this.fail(missing(this.at + name));
    return this.id(name, prefix);
  }

  /** A number, or its text (`"600.00"`, as some v2 clients send amounts). */
  number(name: string): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (typeof value === "number" && Number.isFinite(value)) return value;
    if (typeof value === "string" && NUMBER.test(value)) return Number(value);
    return this.fail(invalidType(this.at + name));
  }

  requiredNumber(name: string): number | undefined {
    if (!this.has(name)) return this.fail(missing(this.at + name));
    return this.number(name);
  }

  /** true/false, or their text. */
  boolean(name: string): boolean | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (typeof value === "boolean") return value;
    if (value === "true" || value === "false") return value === "true";
    return this.fail(invalidType(this.at + name));
  }

  /** A calendar date `yyyy-MM-dd` [DP v2: "The value is in the yyyy-MM-dd format"]. */
  date(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (typeof value !== "string") return this.fail(invalidType(this.at + name));
    if (!DATE.test(value) || Number.isNaN(parseTime(value)))
      return this.fail(invalidValue(this.at + name, value));
    return value;
  }

  requiredDate(name: string): string | undefined {
    if (!this.has(name)) return this.fail(missing(this.at + name));
    return this.date(name);
  }

  /** One of v2's numeric codes (`"14"`, or 14), as the v3 value at that index of `table`. */
  code<T extends string>(name: string, table: readonly T[]): T | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const index = fromCode(value, table.length);
    if (index === undefined) {
      return typeof value === "string" || typeof value === "number"
        ? this.fail(invalidValue(this.at + name, value))
        : this.fail(invalidType(this.at + name));
    }
    return table[index];
  }

  /** `isActive`, checked ("1" active, "2" inactive); writes change it only through Delete/Undelete. */
  isActive(): void {
    const value = this.raw("isActive");
    if (value !== undefined && isActiveValue(value) === undefined) this.fail(invalidValue("isActive", value));
  }

  /** The entity named in the object, when there is one, must be the route's. */
  entity(expected: string): void {
    const value = this.raw("entity");
    if (value !== undefined && value !== expected) this.fail(entityMismatch(expected, value));
  }

  /** An array of objects, each read by its own reader (`billLineItems[i].`). */
  objects(name: string): V2Reader[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.fail(invalidType(this.at + name));
    const readers: V2Reader[] = [];
    for (const [i, item] of value.entries()) {
      if (!isPlainObject(item)) return this.fail(invalidType(`${this.at}${name}[${i}]`));
      readers.push(new V2Reader(item, `${this.at}${name}[${i}].`));
    }
    return readers;
  }

  /** Takes a nested reader's problem as this one's. */
  adopt(reader: V2Reader): void {
    if (reader.problem) this.fail(reader.problem);
  }
}

function fromCode(value: unknown, size: number): number | undefined {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string" || !/^\d{1,3}$/.test(text)) return undefined;
  const index = Number(text);
  return index < size ? index : undefined;
}

/** The answer of a conversion: the body, or the reader's first problem. */
export const conversion = (reader: V2Reader, body: Record<string, unknown>): V2Conversion =>
  reader.problem ?? { ok: true, value: body };

/** An object without its undefined fields; undefined when nothing is left. */
export function compact(fields: Record<string, unknown>): Record<string, unknown> | undefined {
  const kept = Object.entries(fields).filter(([, value]) => value !== undefined);
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
}

/**
 * The PATCH that makes a record what v2 sent (v2's Update replaces the object): each `owned`
 * dotted path that v2 did not send is null, so the v3 merge clears it. A path under an
 * object that is itself null (a whole address not sent) is left out.
 */
export function patchOf(body: Record<string, unknown>, owned: readonly string[]): Record<string, unknown> {
  const out = structuredClone(body);
  for (const path of owned) {
    const parts = path.split(".");
    const last = parts.pop() as string;
    let at: Record<string, unknown> | undefined = out;
    for (const part of parts) {
      if (at[part] === null) {
        at = undefined;
        break;
      }
      if (at[part] === undefined) at[part] = {};
      at = at[part] as Record<string, unknown>;
    }
    if (at && at[last] === undefined) at[last] = null;
  }
  return out;
}

/** An object without its undefined fields (possibly empty). */
export const defined = (fields: Record<string, unknown>): Record<string, unknown> => compact(fields) ?? {};

// --- v3 → v2 values -------------------------------------------------------------------------

/** `isActive` of a v3 `archived` [DP v2: "1: Active, 2: Inactive"]. */
export const isActiveOf = (archived: unknown): "1" | "2" => (archived === true ? "2" : "1");

/** A v3 time (`…000+00:00`) in v2's form (`…000+0000`) [DP v2 examples]. */
export function v2Time(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const ms = parseTime(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString().replace("Z", "+0000");
}

/** An id, or v2's empty id. */
export const idOrNone = (value: unknown): string =>
  typeof value === "string" && value !== "" ? value : NO_ID;

/** A text, or null (v2 answers unset texts as null [DP v2 examples]). */
export const textOrNull = (value: unknown): string | null => (typeof value === "string" ? value : null);

export const numberOrNull = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;

/** The v2 numeric code of a v3 enum value: its index in `table` as text; `fallback` for another. */
export function codeOf(value: unknown, table: readonly string[], fallback = "0"): string {
  const index = table.indexOf(String(value));
  return index < 0 ? fallback : String(index);
}

/** The nested object at `key` of a v3 object, or an empty one. */
export const nested = (v3: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> =>
  isPlainObject(v3[key]) ? (v3[key] as Record<string, unknown>) : {};

// --- enums -----------------------------------------------------------------------------------

/** Vendor and customer `accountType` [3P v2 SDK: "0" default, "1" business, "2" individual]. */
export const ACCOUNT_TYPES = ["NONE", "BUSINESS", "PERSON"] as const;

// --- addresses -------------------------------------------------------------------------------

let countries: Map<string, string> | undefined;

/** English country names (lowercase) to ISO 3166 alpha-2 codes, from Intl. */
function countryCodes(): Map<string, string> {
  if (countries) return countries;
  countries = new Map();
  const A = "A".charCodeAt(0);
  for (let i = 0; i < 26; i++) {
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(A + i, A + j);
      const name = countryName(code);
      if (name && name !== code) countries.set(name.toLowerCase(), code);
    }
  }
  for (const alias of ["usa", "u.s.a.", "united states of america", "us"]) countries.set(alias, "US");
  return countries;
}

/**
 * A v2 country (`"USA"` [DP v2 Vendor example], `"United States"` [DP v2 Bulk create vendors:
 * "set addressCountry as United States"], another English country name, or a 2-letter code)
 * as v3's ISO code; undefined when it is none of these.
 */
export function countryCodeOf(text: string): string | undefined {
  if (/^[A-Za-z]{2}$/.test(text)) {
    const code = text.toUpperCase();
    const name = countryName(code);
    return name && name !== code ? code : undefined;
  }
  return countryCodes().get(text.trim().toLowerCase());
}

/** v2's flat address fields, by their name in one entity: `address1` or `billAddress1`, … */
export interface AddressNames {
  line1: string;
  line2: string;
  line3: string;
  line4: string;
  city: string;
  state: string;
  zip: string;
  country: string;
}

export const addressNames = (prefix: "address" | "billAddress" | "shipAddress"): AddressNames => ({
  line1: `${prefix}1`,
  line2: `${prefix}2`,
  line3: `${prefix}3`,
  line4: `${prefix}4`,
  city: `${prefix}City`,
  state: `${prefix}State`,
  zip: `${prefix}Zip`,
  country: `${prefix}Country`,
});

/** A v3 address from v2's flat fields (lines 3 and 4 have no v3 field and are dropped). */
export function readAddress(reader: V2Reader, names: AddressNames): Record<string, unknown> | undefined {
  const country = reader.text(names.country, 100);
  const code = country === undefined ? undefined : countryCodeOf(country);
  if (country !== undefined && code === undefined) reader.problem ??= invalidValue(names.country, country);
  return compact({
    line1: reader.text(names.line1, 255),
    line2: reader.text(names.line2, 255),
    city: reader.text(names.city, 100),
    stateOrProvince: reader.text(names.state, 100),
    zipOrPostalCode: reader.text(names.zip, 20),
    country: code,
  });
}

/** v2's flat fields of a v3 address (its country as the English name v3 answers). */
export function writeAddress(address: unknown, names: AddressNames): Record<string, unknown> {
  const a = isPlainObject(address) ? address : {};
  return {
    [names.line1]: textOrNull(a.line1),
    [names.line2]: textOrNull(a.line2),
    [names.line3]: null,
    [names.line4]: null,
    [names.city]: textOrNull(a.city),
    [names.state]: textOrNull(a.stateOrProvince),
    [names.zip]: textOrNull(a.zipOrPostalCode),
    [names.country]: textOrNull(a.countryName ?? a.country),
  };
}

/** Every field of a v3 address, for a PATCH that replaces it whole. */
export const ADDRESS_FIELDS = ["line1", "line2", "city", "stateOrProvince", "zipOrPostalCode", "country"];

// --- line items ------------------------------------------------------------------------------

/** A line's classification: v2's field, v3's field in `classifications`, and the id prefix. */
export interface LineClassification {
  v2: string;
  v3: string;
  prefix: string;
}

export const LINE_CLASSIFICATIONS = {
  chartOfAccount: { v2: "chartOfAccountId", v3: "chartOfAccountId", prefix: "0ca" },
  actgClass: { v2: "actgClassId", v3: "accountingClassId", prefix: "cls" },
  department: { v2: "departmentId", v3: "departmentId", prefix: "0de" },
  location: { v2: "locationId", v3: "locationId", prefix: "loc" },
  item: { v2: "itemId", v3: "itemId", prefix: "0ii" },
  employee: { v2: "employeeId", v3: "employeeId", prefix: "emp" },
  job: { v2: "jobId", v3: "jobId", prefix: "job" },
  customer: { v2: "customerId", v3: "customerId", prefix: "0cu" },
} as const satisfies Record<string, LineClassification>;

/** A v3 `classifications` object from v2's flat id fields; undefined when none is given. */
export const readClassifications = (reader: V2Reader, kinds: readonly LineClassification[]) =>
  compact(Object.fromEntries(kinds.map((k) => [k.v3, reader.id(k.v2, k.prefix)])));

/** v2's flat id fields of a v3 `classifications` object (v2's empty id for each unset one). */
export function writeClassifications(
  classifications: unknown,
  kinds: readonly LineClassification[],
): Record<string, string> {
  const c = isPlainObject(classifications) ? classifications : {};
  return Object.fromEntries(kinds.map((k) => [k.v2, idOrNone(c[k.v3])]));
}

/** Cents of an amount, rounded half away from zero. */
export const cents = (amount: number) => Math.sign(amount) * Math.round(Math.abs(amount) * 100);

// --- lists -----------------------------------------------------------------------------------

/** List fields by v2 name; a name not listed (or a prototype key) is not a list field. */
export const listFields =
  (table: Readonly<Record<string, V2ListField>>) =>
  (v2Field: string): V2ListField | undefined =>
    Object.hasOwn(table, v2Field) ? table[v2Field] : undefined;

/**
 * The values a v2 list field's `value` gives are v3 `Filter` values (src/resources/query.ts):
 * text, numbers, booleans, times as Unix ms. A v2 value that cannot be read gives undefined,
 * which the List route answers as BDC_1119 naming the field (ours).
 */
export const isActiveValue = (v2: unknown): boolean | undefined =>
  v2 === "1" || v2 === 1 ? false : v2 === "2" || v2 === 2 ? true : undefined;

/** A v2 time (`…+0000`, or a date) as Unix ms. */
export function timeValue(v2: unknown): number | undefined {
  if (typeof v2 !== "string") return undefined;
  const ms = parseTime(v2);
  return Number.isNaN(ms) ? undefined : ms;
}

export const dateValue = (v2: unknown): string | undefined =>
  typeof v2 === "string" && DATE.test(v2) && !Number.isNaN(parseTime(v2)) ? v2 : undefined;

export const textValue = (v2: unknown): string | undefined =>
  typeof v2 === "string" ? v2 : typeof v2 === "number" && Number.isFinite(v2) ? String(v2) : undefined;

export const numberValue = (v2: unknown): number | undefined =>
  typeof v2 === "number" && Number.isFinite(v2)
    ? v2
    : typeof v2 === "string" && NUMBER.test(v2)
      ? Number(v2)
      : undefined;

export const booleanValue = (v2: unknown): boolean | undefined =>
  typeof v2 === "boolean" ? v2 : v2 === "true" ? true : v2 === "false" ? false : undefined;

/** A v2 id as a filter value; v2's empty id reads as no value. */
export const idValue = (v2: unknown): string | undefined =>
  typeof v2 === "string" && ID.test(v2) && v2 !== NO_ID ? v2 : undefined;

/** A v2 numeric code as the v3 enum value at that index. */
export const codeValue =
  (table: readonly string[]) =>
  (v2: unknown): string | undefined => {
    const index = fromCode(v2, table.length);
    return index === undefined ? undefined : table[index];
  };

/** The fields every v2 entity lists by: id, isActive and the two times. */
export const BASE_LIST_FIELDS: Readonly<Record<string, V2ListField>> = {
  id: { field: "id", value: idValue },
  isActive: { field: "archived", value: isActiveValue },
  createdTime: { field: "createdTime", value: timeValue },
  updatedTime: { field: "updatedTime", value: timeValue },
};
