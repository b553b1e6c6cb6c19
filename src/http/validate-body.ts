import { type Static, type TObject, type TSchema, Type } from "typebox";
import { ApiError, type ErrorItem } from "../errors.ts";
import { validateFields } from "./validate.ts";

/**
 * `validateFields` for bodies with nested objects (addresses): the top level first, with each
 * nested object only required to be an object; then each nested object's own fields, reported
 * with dotted names (`address.line1`), so that a missing `line1` is BDC_1108 for
 * `address.line1` rather than a BDC_9001 for the whole `address`.
 */
export function validateBody<S extends TObject>(
  schema: S,
  body: Record<string, unknown>,
  nested: readonly (keyof Static<S> & string)[],
): Static<S> {
  const properties = schema.properties as Record<string, TSchema>;
  const required = new Set(schema.required ?? []);
  const shallow: Record<string, TSchema> = { ...properties };
  for (const name of nested) {
    const anyObject = Type.Object({});
    shallow[name] = required.has(name) ? anyObject : Type.Optional(anyObject);
  }
  validateFields(Type.Object(shallow), body);
  for (const name of nested) {
    const value = body[name];
    const inner = properties[name] as TObject | undefined;
    if (value === undefined || value === null || inner === undefined) continue;
    try {
      validateFields(inner, value as Record<string, unknown>);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const items: ErrorItem[] = error.items.map((item) => ({
        ...item,
        params: { ...item.params, paramName0: `${name}.${item.params?.paramName0 ?? ""}` },
      }));
      throw new ApiError(items);
    }
  }
  return validateFields(schema, body);
}
