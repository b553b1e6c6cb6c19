/**
 * v2's `data` form field: a JSON object sent as text (docs/bill-sign-in-modes.md section 2.5),
 * and what the Crud calls read from it (`{"id": …}`, `{"obj": {…}}`). Pure.
 */
import { ERROR_CODES } from "../errors.ts";
import type { V2Entity } from "./entity.ts";
import type { V2Failure } from "./envelope.ts";
import { shownName, v2Failure } from "./list-request.ts";

export type V2Reading<T> = { ok: true; value: T } | V2Failure;

/** BILL's Crud operations (`/Crud/{operation}/{Entity}.json`) billet serves. */
export const CRUD_OPERATIONS = ["Create", "Read", "Update", "Delete", "Undelete"] as const;
export type CrudOperation = (typeof CRUD_OPERATIONS)[number];

export const isCrudOperation = (value: string): value is CrudOperation =>
  (CRUD_OPERATIONS as readonly string[]).includes(value);

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const missing = (name: string): V2Failure => ({
  ok: false,
  code: ERROR_CODES.MISSING_PARAMETER.code,
  message: `Missing parameter value for parameter: ${name}.`,
});

/** The form field `data` as a JSON object: BDC_1108 without it, BDC_1122 when not a JSON object. */
export function readV2Data(raw: unknown): V2Reading<Record<string, unknown>> {
  if (raw === undefined || raw === "") return missing("data");
  // Twice in one form (`data=…&data=…`): not one object.
  if (typeof raw !== "string") return v2Failure("V2_INVALID_PARAMETER_VALUE", "data", "?");
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!isObject(parsed)) {
    return { ok: false, code: ERROR_CODES.INVALID_JSON.code, message: ERROR_CODES.INVALID_JSON.message };
  }
  return { ok: true, value: parsed };
}

/** `data.id` of Read, Delete and Undelete (and `obj.id` of Update): BDC_1117 without one. */
export function readId(holder: Readonly<Record<string, unknown>>): V2Reading<string> {
  const id = holder.id;
  if (id === undefined || id === null || id === "") return v2Failure("V2_MISSING_DATA", "id");
  if (typeof id !== "string") return v2Failure("V2_INVALID_FIELD_DATATYPE", "id");
  return { ok: true, value: id };
}

/**
 * `data.obj` of Create and Update: an object, whose `entity`, when given, is the URL's
 * (BDC_1118 otherwise, BILL's "does not match the entity specified in the data").
 */
export function readObj(
  data: Readonly<Record<string, unknown>>,
  entity: V2Entity,
): V2Reading<Record<string, unknown>> {
  const obj = data.obj;
  if (obj === undefined || obj === null) return v2Failure("V2_MISSING_DATA", "obj");
  if (!isObject(obj)) return v2Failure("V2_INVALID_FIELD_DATATYPE", "obj");
  if (obj.entity !== undefined && obj.entity !== entity.name) {
    return v2Failure("V2_ENTITY_MISMATCH", entity.name, shownName(obj.entity));
  }
  return { ok: true, value: obj };
}
