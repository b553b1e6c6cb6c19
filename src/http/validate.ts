import type { Static, TObject, TSchema } from "typebox";
import { Value } from "typebox/value";
import { ApiError, type ErrorItem } from "../errors.ts";

export interface FieldRules {
  /** v2 names that clients migrating from v2 send instead: v2 name → v3 name. */
  v2Names?: Readonly<Record<string, string>>;
  /** Text fields checked (and returned) in a canonical form, e.g. emails (auth/emails.ts). */
  canonical?: Readonly<Record<string, (value: string) => string>>;
}

const isBlank = (value: unknown) => value === undefined || value === null || value === "";

/**
 * Validates a JSON object against a TypeBox object schema the way BILL does: every required
 * field that is absent, null or empty is one BDC_1108 (in the schema's field order); only when
 * none is missing, every field of the wrong type, format or length is one BDC_9001. Optional
 * fields that are null or empty count as absent. Unknown fields are ignored.
 */
export function validateFields<S extends TObject>(
  schema: S,
  body: Record<string, unknown>,
  rules: FieldRules = {},
): Static<S> {
  const required = new Set<string>(schema.required ?? []);
  const hints = new Map<string, string>();
  for (const [v2, v3] of Object.entries(rules.v2Names ?? {})) {
    if (!isBlank(body[v2]) && isBlank(body[v3])) hints.set(v3, v2);
  }
  const missing: ErrorItem[] = [];
  const invalid: ErrorItem[] = [];
  const result: Record<string, unknown> = {};
  for (const [name, fieldSchema] of Object.entries(schema.properties as Record<string, TSchema>)) {
    const raw = body[name];
    const canonical = rules.canonical?.[name];
    const value = canonical && typeof raw === "string" ? canonical(raw) : raw;
    const hint = hints.get(name);
    if (isBlank(value)) {
      // A v2 name in place of a v3 one is never silently ignored, even for optional fields.
      if (required.has(name) || hint !== undefined) {
        const params: Record<string, string> = { paramName0: name };
        if (hint !== undefined) params.hint = `v3 uses '${name}'`;
        missing.push({ key: "MISSING_PARAMETER", params });
      }
      continue;
    }
    if (!Value.Check(fieldSchema, value))
      invalid.push({ key: "INVALID_VALUE", params: { paramName0: name } });
    else result[name] = value;
  }
  if (missing.length > 0) throw new ApiError(missing);
  if (invalid.length > 0) throw new ApiError(invalid);
  return result as Static<S>;
}
