/**
 * The shape of one row of the configuration table (`table.ts`): a setting, a group of them,
 * a default derived from the others; and the table flattened, in its order.
 */
import type { Parser } from "./parsers.ts";

/** A default computed from the other settings once they are read. */
export class Derived<D> {
  constructor(readonly derive: (config: Readonly<Record<string, unknown>>) => D) {}
}

export interface Setting<T, D extends T | null | undefined = T> {
  /** The environment variable. */
  readonly env: string;
  readonly parser: Parser<T>;
  /** null or undefined: none. */
  readonly default: D | Derived<D>;
  /** The README's Setting column. */
  readonly doc: string;
  /** The README's Default column, when the value alone would say too little. */
  readonly defaultDoc?: string;
  /** `billet serve`'s flag, as commander spells it: `--port <n>`, or `--no-demo` to turn a boolean off. */
  readonly flag?: string;
  /** Added to the flag's help only. */
  readonly flagNote?: string;
  /** An empty variable is refused instead of meaning "unset". */
  readonly refuseEmpty?: true;
}

/** Settings kept together in one Config property (`argon2.memoryKib`). */
export interface SettingGroup<G extends Record<string, AnySetting>> {
  readonly group: G;
}

// biome-ignore lint/suspicious/noExplicitAny: any setting, whatever its value type.
export type AnySetting = Setting<any, any>;

export const setting = <T, const D extends T | null | undefined>(entry: Setting<T, D>): Setting<T, D> =>
  entry;
export const group = <G extends Record<string, AnySetting>>(settings: G): SettingGroup<G> => ({
  group: settings,
});
export const derived = <D>(derive: (config: Readonly<Record<string, unknown>>) => D): Derived<D> =>
  new Derived(derive);

/** One setting of the table with where it lives in Config: `port`, or `argon2` then `memoryKib`. */
export interface SettingEntry {
  /** The Config key, dotted inside a group: `argon2.memoryKib`. */
  readonly name: string;
  readonly path: readonly [string] | readonly [string, string];
  readonly setting: AnySetting;
}

/** Every setting of `table`, in its order, groups flattened. */
export const entriesOf = (
  table: Record<string, AnySetting | SettingGroup<Record<string, AnySetting>>>,
): readonly SettingEntry[] =>
  Object.entries(table).flatMap(([key, entry]): SettingEntry[] =>
    "group" in entry
      ? Object.entries(entry.group).map(([field, inner]) => ({
          name: `${key}.${field}`,
          path: [key, field],
          setting: inner,
        }))
      : [{ name: key, path: [key], setting: entry }],
  );

/** The README's Default column (Markdown): the setting's own words, or its value. */
export function describeDefault(setting: AnySetting): string {
  if (setting.defaultDoc !== undefined) return setting.defaultDoc;
  const value: unknown = setting.default;
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return "none";
  return `\`${String(value)}\``;
}
