/**
 * Validation of a resource body the way BILL reports it (docs/bill-v3-resources.md 1.6):
 * every required field that is absent, null or "" is one BDC_1108 naming its dotted path
 * (`address.line1`, `billLineItems[1].amount`); only when none is missing, every value of the
 * wrong type, format, length or enum is one BDC_9001 naming its path. Nested objects and
 * arrays of objects are checked field by field; unknown fields are ignored (auth 1).
 */
import type { TObject, TSchema } from "typebox";
import { Value } from "typebox/value";
import type { ErrorItem } from "../errors.ts";

export interface Checked {
  value: Record<string, unknown>;
  missing: ErrorItem[];
  invalid: ErrorItem[];
}

/** `absent`: an optional null or "" is left out (create). `clear`: an optional null is kept as null (PATCH clears it). */
export type NullRule = "absent" | "clear";

const isObjectSchema = (schema: TSchema): schema is TObject =>
  (schema as { type?: unknown }).type === "object" && typeof (schema as TObject).properties === "object";

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function walk(schema: TObject, body: Record<string, unknown>, path: string, nulls: NullRule, out: Checked) {
  const required = new Set<string>(schema.required ?? []);
  const result: Record<string, unknown> = {};
  for (const [name, fieldSchema] of Object.entries(schema.properties as Record<string, TSchema>)) {
    const at = path === "" ? name : `${path}.${name}`;
    const value = body[name];
    if (value === undefined || value === null || value === "") {
      if (required.has(name)) out.missing.push({ key: "MISSING_PARAMETER", params: { paramName0: at } });
      else if (value === null && nulls === "clear") result[name] = null;
      continue;
    }
    if (isObjectSchema(fieldSchema)) {
      if (!isPlainObject(value)) out.invalid.push({ key: "INVALID_VALUE", params: { paramName0: at } });
      else result[name] = walk(fieldSchema, value, at, nulls, out);
      continue;
    }
    const items = (fieldSchema as { items?: TSchema }).items;
    if ((fieldSchema as { type?: unknown }).type === "array" && items && isObjectSchema(items)) {
      if (!Array.isArray(value) || !Value.Check({ ...fieldSchema, items: {} } as TSchema, value)) {
        out.invalid.push({ key: "INVALID_VALUE", params: { paramName0: at } });
        continue;
      }
      result[name] = value.map((item, i) =>
        isPlainObject(item)
          ? walk(items, item, `${at}[${i}]`, "absent", out)
          : out.invalid.push({ key: "INVALID_VALUE", params: { paramName0: `${at}[${i}]` } }) && null,
      );
      continue;
    }
    if (!Value.Check(fieldSchema, value))
      out.invalid.push({ key: "INVALID_VALUE", params: { paramName0: at } });
    else result[name] = value;
  }
  return result;
}

/** Checks one body; the caller decides how to report (one body, or one of a bulk). */
export function checkBody(
  schema: TObject,
  body: Record<string, unknown>,
  nulls: NullRule = "absent",
): Checked {
  const out: Checked = { value: {}, missing: [], invalid: [] };
  out.value = walk(schema, body, "", nulls, out);
  return out;
}

/** The errors of a checked body, BILL's way: the missing ones, or else the invalid ones. */
export const errorsOf = (checked: Checked): ErrorItem[] =>
  checked.missing.length > 0 ? checked.missing : checked.invalid;
