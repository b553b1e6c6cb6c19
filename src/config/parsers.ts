/**
 * How each kind of setting is read: from its environment variable's text, as a value given
 * directly (a `billet serve` flag, a test), and as a flag's argument. Every message names what
 * it checked (the variable, the Config key or the flag) and the rule; secrets are never echoed.
 */
import { type ProtectedOperation, parseProtectedOperations } from "../auth/mfa/protected-operations.ts";
import { isPostgresUrl, parsePostgresUrl } from "../stores/database-url.ts";
import { isRedisUrl, REDIS_KEY_PREFIX } from "../stores/redis/redis-url.ts";
import { checkTrustProxy, parseTrustProxy, type TrustProxy } from "./trust-proxy.ts";

/** A value, or every reason the text or value was refused. */
export type Parsed<T> =
  | { readonly value: T; readonly problems?: undefined }
  | { readonly problems: string[] };

const refused = (problem: string): { problems: string[] } => ({ problems: [problem] });

export interface Parser<T> {
  /**
   * `text`: the value is the text itself, so a value given directly is read exactly as the
   * variable would be, and replaces the variable unread. `typed`: the variable is always read
   * (a bad one is reported even under a flag), and a value given directly is `check`ed.
   */
  readonly kind: "text" | "typed";
  /** The variable's text (never empty unless the setting refuses emptiness); `name` is the variable. */
  read(text: string, name: string): Parsed<T>;
  /** A value given directly (typed kinds; none: any value of the type); `name` is the Config key. */
  check?(value: T, name: string): string[];
  /** `billet serve`'s argument; `flag` is its long name. Without it the argument is the text. */
  fromFlag?(text: string, flag: string): Parsed<T>;
  /** The only arguments the flag takes (commander refuses the rest). */
  readonly choices?: readonly string[];
}

const textParser = (problem: (text: string, name: string) => string | undefined): Parser<string> => ({
  kind: "text",
  read: (text, name) => {
    const found = problem(text, name);
    return found === undefined ? { value: text } : refused(found);
  },
});

/** Any text. */
export const text = (): Parser<string> => textParser(() => undefined);

/** One of `values`: "must be a or b", or "must be one of a, b, c". */
export function choice<const V extends string>(values: readonly V[]): Parser<V> {
  const listed = values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(", ")}`;
  const isValue = (raw: string): raw is V => (values as readonly string[]).includes(raw);
  return {
    kind: "text",
    read: (raw, name) =>
      isValue(raw) ? { value: raw } : refused(`${name} must be ${listed} (got "${raw}")`),
    choices: values,
  };
}

/** A whole number from `min` to `max`; its flag takes any whole number and leaves the range to the configuration. */
export function wholeNumber(min: number, max: number): Parser<number> {
  const rule = (name: string, got: unknown) =>
    `${name} must be a whole number from ${min} to ${max} (got "${got}")`;
  const inRange = (value: unknown): value is number =>
    typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
  return {
    kind: "typed",
    read: (raw, name) => {
      const value = Number(raw);
      return inRange(value) ? { value } : refused(rule(name, raw));
    },
    check: (value, name) => (inRange(value) ? [] : [rule(name, value)]),
    fromFlag: (raw) =>
      /^\d+$/.test(raw) ? { value: Number(raw) } : refused("Expected a whole number (0 or more)."),
  };
}

/** A TCP port, 0 meaning any free one; its flag refuses at once what is no port at all. */
export function port(): Parser<number> {
  const [min, max] = [0, 65535];
  return {
    ...wholeNumber(min, max),
    fromFlag: (raw) =>
      /^\d+$/.test(raw) && Number(raw) <= max
        ? { value: Number(raw) }
        : refused(`Expected a whole number from ${min} to ${max} (0 = any free port).`),
  };
}

const TRUE = ["1", "true", "yes", "on"];
const FALSE = ["0", "false", "no", "off"];

/** true/false, 1/0, yes/no, on/off, in any case. */
export function boolean(): Parser<boolean> {
  return {
    kind: "typed",
    read: (raw, name) => {
      if (TRUE.includes(raw.toLowerCase())) return { value: true };
      if (FALSE.includes(raw.toLowerCase())) return { value: false };
      return refused(`${name} must be true or false (got "${raw}")`);
    },
    check: (value, name) =>
      typeof value === "boolean" ? [] : [`${name} must be true or false (got "${value}")`],
  };
}

/** An http:// or https:// URL; not echoed, as such URLs often carry an access token. */
export const httpUrl = (): Parser<string> =>
  textParser((raw, name) => {
    let ok = false;
    try {
      ok = ["http:", "https:"].includes(new URL(raw).protocol);
    } catch {}
    return ok ? undefined : `${name} must be an http:// or https:// URL`;
  });

/**
 * The operator token, a secret: the message names the rule, never the value. 32 characters at
 * the least: it is the one secret that guards every account, and it is typed by people.
 */
export const operatorToken = (): Parser<string> =>
  textParser((raw, name) =>
    /^[\x21-\x7e]{32,256}$/.test(raw) ? undefined : `${name} must be 32 to 256 printable ASCII characters`,
  );

/** An SQLite path, `:memory:`, or a PostgreSQL URL whose parts are checked without connecting. */
export const databaseUrl = (): Parser<string> =>
  textParser((raw) => {
    if (!isPostgresUrl(raw)) return undefined;
    try {
      parsePostgresUrl(raw);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  });

/** A redis:// or rediss:// URL; not echoed, as it may carry a password. */
export const redisUrl = (): Parser<string> =>
  textParser((raw, name) => (isRedisUrl(raw) ? undefined : `${name} must be a redis:// or rediss:// URL`));

/** A Redis key prefix of plain characters, so that no key ever needs escaping. */
export const redisKeyPrefix = (): Parser<string> =>
  textParser((raw, name) =>
    REDIS_KEY_PREFIX.test(raw)
      ? undefined
      : `${name} must be 1-100 letters, digits or _ : . - (got "${raw}")`,
  );

/** BILLET_TRUST_PROXY's rules (src/http/trust-proxy.ts), for the variable, a value and the flag. */
export function trustProxy(): Parser<TrustProxy> {
  const parsed = (raw: string, name: string): Parsed<TrustProxy> => {
    const result = parseTrustProxy(raw, name);
    return result.problem === undefined ? { value: result.value } : refused(result.problem);
  };
  return {
    kind: "typed",
    read: parsed,
    check: (value) => {
      const problem = checkTrustProxy(value);
      return problem === undefined ? [] : [problem];
    },
    fromFlag: parsed,
  };
}

/** `METHOD /v3/path` entries, comma-separated; every malformed entry is one problem. */
export function protectedOperations(): Parser<readonly ProtectedOperation[]> {
  return {
    kind: "typed",
    read: (raw) => {
      const { operations, problems } = parseProtectedOperations(raw);
      return problems.length > 0 ? { problems } : { value: operations };
    },
  };
}
