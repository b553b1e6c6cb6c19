/** Small TypeBox pieces the resource declarations share. */
import { type Static, type TSchema, Type } from "typebox";
import type { ErrorItem } from "../errors.ts";

/** Text of at most `max` characters; a required one must have something besides spaces. */
export const text = (min: number, max: number) =>
  Type.String(min > 0 ? { minLength: min, maxLength: max, pattern: "\\S" } : { maxLength: max });

/** One of the given words (JSON Schema `enum`; Static keeps the literal types). */
export const oneOf = <const T extends string[]>(values: readonly [...T]) => Type.Enum<T>(values);

/** A BILL id of one prefix: the prefix and 17 more characters (`idOf("009")` for a vendor). */
export const idOf = (prefix: string) => Type.String({ pattern: `^${prefix}[0-9A-Za-z]{17}$` });

/** A calendar date as BILL writes it: `yyyy-MM-dd` (its reality checked by the declarations). */
export const DateText = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" });

/** An amount in dollars as BILL sends it (cents are checked by the declarations). */
export const Money = Type.Number({ minimum: -1e12, maximum: 1e12 });

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

/** A postal address on input (vendors, customers): every field optional on its own. */
export const AddressInput = Type.Object({
  line1: Type.Optional(text(0, 255)),
  line2: Type.Optional(text(0, 255)),
  city: Type.Optional(text(0, 100)),
  stateOrProvince: Type.Optional(text(0, 100)),
  zipOrPostalCode: Type.Optional(text(0, 20)),
  country: Type.Optional(Country),
});

/** The address on the wire: as given, with the country's name. */
export const AddressView = Type.Object({
  line1: Type.Optional(Type.String()),
  line2: Type.Optional(Type.String()),
  city: Type.Optional(Type.String()),
  stateOrProvince: Type.Optional(Type.String()),
  zipOrPostalCode: Type.Optional(Type.String()),
  country: Type.Optional(Type.String()),
  countryName: Type.Optional(Type.String()),
});

type Address = Static<typeof AddressInput>;

/** A field only when it has a value: optional fields are omitted, never null. */
export const present = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

export const addressView = (address: Address): Static<typeof AddressView> => ({
  ...address,
  ...present("countryName", address.country && countryName(address.country)),
});

/** (ours) A US address has a 5 or 5+4 digit ZIP code and a 2-letter state. */
export function addressProblems(address: Address | undefined, path: string): ErrorItem[] {
  if (address?.country !== "US") return [];
  const problems: ErrorItem[] = [];
  if (address.zipOrPostalCode !== undefined && !/^\d{5}(-\d{4})?$/.test(address.zipOrPostalCode)) {
    problems.push({ key: "INVALID_VALUE", params: { paramName0: `${path}.zipOrPostalCode` } });
  }
  if (address.stateOrProvince !== undefined && !/^[A-Z]{2}$/.test(address.stateOrProvince)) {
    problems.push({ key: "INVALID_VALUE", params: { paramName0: `${path}.stateOrProvince` } });
  }
  return problems;
}

/**
 * (ours) A bank account number on the wire: its last four characters, the rest `x`
 * (`111222333` → `xxxxx2333`), as BILL shows "only the last four digits" of bank accounts.
 */
export const maskAccountNumber = (number: string) =>
  `${"x".repeat(Math.max(0, number.length - 4))}${number.slice(-4)}`;

/** A US ABA routing number: 9 digits whose weighted sum (3, 7, 1, …) is a multiple of 10. */
export function isAbaRoutingNumber(routing: string): boolean {
  if (!/^[0-9]{9}$/.test(routing)) return false;
  const d = [...routing].map(Number);
  const sum = [0, 3, 6].reduce((s, i) => s + 3 * d[i]! + 7 * d[i + 1]! + d[i + 2]!, 0);
  return sum % 10 === 0;
}
