/** Small TypeBox pieces the resource declarations share. */
import { type TSchema, Type } from "typebox";

/** Text of at most `max` characters; a required one must have something besides spaces. */
export const text = (min: number, max: number) =>
  Type.String(min > 0 ? { minLength: min, maxLength: max, pattern: "\\S" } : { maxLength: max });

/** One of the given words (JSON Schema `enum`; Static keeps the literal types). */
export const oneOf = <const T extends string[]>(values: readonly [...T]) => Type.Enum<T>(values);

export const EMAIL_PATTERN = "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$";
export const Email = Type.String({ maxLength: 254, pattern: EMAIL_PATTERN });

/** An ISO 4217 currency code. */
export const Currency = Type.String({ pattern: "^[A-Z]{3}$" });

/** Every property of an object schema optional (a PATCH body). */
export const partial = <T extends Record<string, TSchema>>(properties: T) =>
  Type.Object(
    Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, Type.Optional(v)])) as {
      [K in keyof T]: ReturnType<typeof Type.Optional<T[K]>>;
    },
  );

/** An ISO 3166-1 alpha-2 country code that Intl knows. */
export const Country = Type.String({ pattern: "^[A-Z]{2}$" });

const regions = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

/** The English short name of a country code (`US` → `United States`), or undefined. */
export function countryName(code: string): string | undefined {
  try {
    return regions.of(code);
  } catch {
    return undefined;
  }
}
