/**
 * Configuration: parsed once at startup into a frozen object. This is the only file that
 * reads the environment. Every key is written once, in the table of `config/table.ts`
 * (variable, flag, default, parser and range, doc); the Config type, the defaults and the
 * reading below all come from it, and the README's configuration table is generated from it.
 */
import type { Parser } from "./config/parsers.ts";
import { type AnySetting, Derived, type Setting, type SettingGroup } from "./config/setting.ts";
import { SETTING_ENTRIES, type SETTINGS } from "./config/table.ts";
import { isPostgresUrl } from "./stores/database-url.ts";

/** The parser's type, and the default's where it is none (null, undefined). */
type ValueOf<S> =
  S extends Setting<infer T, infer D>
    ? T | (D extends T ? never : D)
    : S extends SettingGroup<infer G>
      ? { readonly [K in keyof G]: ValueOf<G[K]> }
      : never;

export type Config = { readonly [K in keyof typeof SETTINGS]: ValueOf<(typeof SETTINGS)[K]> };

type Overrides = { [K in keyof Config]?: Config[K] | undefined };

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

/**
 * The address of the separate operator listener, or undefined when the operator API and the
 * console share the public listener (neither BILLET_OPERATOR_HOST nor BILLET_OPERATOR_PORT is
 * set). Whichever of the two is unset is the public listener's: HOST, or PORT.
 */
export function operatorListener(
  config: Pick<Config, "host" | "port" | "operatorHost" | "operatorPort">,
): { host: string; port: number } | undefined {
  if (config.operatorHost === null && config.operatorPort === null) return undefined;
  return { host: config.operatorHost ?? config.host, port: config.operatorPort ?? config.port };
}

interface Rule {
  /** The settings it compares: it is skipped when one of them was refused already. */
  readonly reads: readonly (keyof Config)[];
  readonly check: (config: Config) => string | undefined;
}

/** The rules between settings, checked once every setting has its value. */
const RULES: readonly Rule[] = [
  {
    reads: ["host", "port", "operatorHost", "operatorPort"],
    check: (config) => {
      const operator = operatorListener(config);
      return operator && operator.port !== 0 && operator.host === config.host && operator.port === config.port
        ? `BILLET_OPERATOR_HOST and BILLET_OPERATOR_PORT name the public listener's own address (${config.host}:${config.port}): give the operator listener another port, or unset both to serve the operator API on the public listener`
        : undefined;
    },
  },
  {
    reads: ["redisUrl", "databaseUrl"],
    check: (config) =>
      config.redisUrl !== null && !isPostgresUrl(config.databaseUrl)
        ? "REDIS_URL needs a PostgreSQL DATABASE_URL: Redis shares state between instances, and a SQLite file serves one process (unset REDIS_URL, or use postgres://)"
        : undefined,
  },
  {
    reads: ["headersTimeoutMs", "receiveTimeoutMs"],
    // Node measures both from the request's first byte: the whole request includes its headers.
    check: (config) =>
      config.headersTimeoutMs > config.receiveTimeoutMs
        ? `BILLET_HEADERS_TIMEOUT_MS must not be longer than BILLET_RECEIVE_TIMEOUT_MS, which includes the headers (got ${config.headersTimeoutMs} and ${config.receiveTimeoutMs})`
        : undefined,
  },
];

const UNSET = Symbol("unset");
type Read = unknown | typeof UNSET;

function take(parsed: ReturnType<Parser<unknown>["read"]>, problems: string[]): Read {
  if (parsed.problems !== undefined) {
    problems.push(...parsed.problems);
    return UNSET;
  }
  return parsed.value;
}

/** One setting's value from the environment and the value given directly, or UNSET for its default. */
function readSetting(
  setting: AnySetting,
  name: string,
  env: NodeJS.ProcessEnv,
  given: unknown,
  problems: string[],
): Read {
  const { parser } = setting;
  // A text given directly replaces its variable unread; a number, boolean or list in the
  // environment is checked even under a flag.
  let value: Read = UNSET;
  const raw = env[setting.env];
  if (
    (given === undefined || parser.kind === "typed") &&
    raw !== undefined &&
    (raw !== "" || setting.refuseEmpty)
  ) {
    value = take(parser.read(raw, setting.env), problems);
  }
  if (given === undefined) return value;
  // A setting that defaults to none can be set to none.
  if (given === null && setting.default === null) return null;
  if (parser.kind === "text") return take(parser.read(given as string, setting.env), problems);
  problems.push(...(parser.check?.(given, name) ?? []));
  return given;
}

const frozenCopy = <T>(value: T): T => {
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as T;
  if (typeof value === "object" && value !== null) {
    return Object.freeze(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, frozenCopy(v)]))) as T;
  }
  return value;
};

/**
 * Builds the configuration from the environment, then `overrides` (command-line flags, tests),
 * each read by its setting's parser. Fails listing every problem at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Overrides = {}): Config {
  const problems: string[] = [];
  const refused = new Set<string>();
  const given = overrides as Readonly<Record<string, unknown>>;
  const values = SETTING_ENTRIES.map(({ name, path: [key, field], setting }) => {
    const direct =
      field === undefined ? given[key] : (given[key] as Record<string, unknown> | undefined)?.[field];
    const before = problems.length;
    const value = readSetting(setting, name, env, direct, problems);
    if (problems.length > before) refused.add(key);
    return value;
  });

  const config: Record<string, unknown> = {};
  const place = ([key, field]: readonly [string, string?], value: unknown) => {
    if (field === undefined) config[key] = value;
    else config[key] = { ...(config[key] as object | undefined), [field]: value };
  };
  // Fixed defaults first, then those derived from the other settings.
  SETTING_ENTRIES.forEach(({ path, setting }, index) => {
    if (values[index] !== UNSET) place(path, values[index]);
    else if (!(setting.default instanceof Derived)) place(path, setting.default);
  });
  SETTING_ENTRIES.forEach(({ path, setting }, index) => {
    if (values[index] === UNSET && setting.default instanceof Derived)
      place(path, setting.default.derive(config));
  });

  for (const rule of RULES) {
    if (rule.reads.some((key) => refused.has(key))) continue;
    const problem = rule.check(config as Config);
    if (problem !== undefined) problems.push(problem);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return frozenCopy(config as Config);
}

/** The configuration of an empty environment. */
export const DEFAULT_CONFIG: Config = loadConfig({});
