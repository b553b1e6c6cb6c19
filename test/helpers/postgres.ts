/**
 * PostgreSQL for tests: the server named by DATABASE_URL (CI sets
 * `postgres://postgres@127.0.0.1:5432/test`), one fresh schema per suite or test, dropped
 * afterwards, so that suites running in parallel on one database never see each other's rows.
 * Without a postgres DATABASE_URL the PostgreSQL suites skip, saying why.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe } from "vitest";
import { isPostgresUrl } from "../../src/stores/database-url.ts";

const fromEnv = process.env.DATABASE_URL;

/** The PostgreSQL server of the test run, or undefined when there is none. */
export const POSTGRES_URL: string | undefined = fromEnv && isPostgresUrl(fromEnv) ? fromEnv : undefined;

export const POSTGRES_SKIP_REASON =
  "PostgreSQL suites skipped: DATABASE_URL is not a postgres:// URL (CI sets postgres://postgres@127.0.0.1:5432/test)";

let told = false;
/** Logs once per test file why the PostgreSQL suites do not run. */
export function explainPostgresSkip(): void {
  if (POSTGRES_URL || told) return;
  told = true;
  console.log(POSTGRES_SKIP_REASON);
}

/** `describe` that runs only when DATABASE_URL names a PostgreSQL server. */
export function describePostgres(name: string, body: () => void, options: { timeout?: number } = {}): void {
  explainPostgresSkip();
  describe.skipIf(!POSTGRES_URL)(`${name} [postgres]`, options, body);
}

/** The test server's URL with another host and port (a proxy in front of it). */
export function viaPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = "127.0.0.1";
  parsed.port = String(port);
  return parsed.toString();
}

/** `url` with billet's `schema` parameter set. */
export function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("schema", schema);
  return parsed.toString();
}

/** Runs one statement (or a few) on the test server, outside billet. */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  if (!POSTGRES_URL) throw new Error(POSTGRES_SKIP_REASON);
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export interface TestSchema {
  name: string;
  /** DATABASE_URL for billet: the test server with `?schema=` this schema. */
  url: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/**
 * A new schema name (`billet_t_…`); billet creates the schema on its first open. The schema
 * is not created here, so that tests also cover a fresh database's first start.
 */
export function testSchema(): TestSchema {
  if (!POSTGRES_URL) throw new Error(POSTGRES_SKIP_REASON);
  const name = `billet_t_${randomBytes(6).toString("hex")}`;
  return {
    name,
    url: withSchema(POSTGRES_URL, name),
    drop: async () => {
      await adminQuery(`drop schema if exists ${name} cascade`);
    },
  };
}
