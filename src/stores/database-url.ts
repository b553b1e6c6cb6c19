/**
 * What a DATABASE_URL names, read without opening anything (config.ts validates with it, and
 * it loads no driver).
 */

/** True for a `postgres://` or `postgresql://` database setting. */
export const isPostgresUrl = (databaseUrl: string): boolean => /^postgres(ql)?:\/\//i.test(databaseUrl);

/** Unquoted PostgreSQL identifiers only, so the name never needs quoting or escaping. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresTarget {
  /** The URL handed to `pg`, with `schema` turned into a `search_path` startup option. */
  connectionString: string;
  /** The schema named by `?schema=`, or undefined for the server's default search_path. */
  schema: string | undefined;
}

/**
 * The URL without its password, for messages and logs: `postgres://user@host:5432/db`.
 * Never echo a database URL any other way: it may carry a password.
 */
export function redactDatabaseUrl(databaseUrl: string): string {
  if (!isPostgresUrl(databaseUrl)) return databaseUrl;
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "***";
    url.search = "";
    return url.toString();
  } catch {
    return "postgres://…";
  }
}

/**
 * Reads billet's own `schema` query parameter: every table (and the migration bookkeeping)
 * lives in that schema, created on first start. It becomes the connection's `search_path`, so
 * the queries stay unqualified and identical to SQLite's. Other parameters go to `pg` as they are.
 */
export function parsePostgresUrl(databaseUrl: string): PostgresTarget {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    // Node's URL error carries the input (and so a password): never pass it on.
    throw new Error("DATABASE_URL is not a valid PostgreSQL URL");
  }
  const schema = url.searchParams.get("schema") ?? undefined;
  if (schema === undefined) return { connectionString: databaseUrl, schema };
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `DATABASE_URL: schema must be 1-63 lower-case letters, digits or underscores, not starting with a digit (got "${schema}")`,
    );
  }
  url.searchParams.delete("schema");
  const options = url.searchParams.get("options");
  url.searchParams.set("options", `${options ? `${options} ` : ""}-c search_path=${schema}`);
  return { connectionString: url.toString(), schema };
}
