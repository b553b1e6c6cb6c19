import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { parsePostgresUrl } from "../database-url.ts";
import type { Database } from "./schema.ts";

export interface PostgresSettings {
  databaseUrl: string;
  /** Connections per process. Every instance opens up to this many. */
  poolSize: number;
  /** A connection that broke while idle or in use: logged, never thrown. */
  onError?: (error: Error) => void;
}

/** How long to wait for a new connection before the request fails (BDC_1001) instead of hanging. */
const CONNECT_TIMEOUT_MS = 5000;

/** Opens a pool over PostgreSQL; nothing connects until the first query. */
export function openPostgres(settings: PostgresSettings): {
  db: Kysely<Database>;
  schema: string | undefined;
} {
  const target = parsePostgresUrl(settings.databaseUrl);
  const onError = settings.onError ?? (() => {});
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: settings.poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Notices a peer that vanished without closing the connection (a dead host, a cut network).
    keepAlive: true,
    application_name: "billet",
  });
  // A broken connection (the server restarted, the network dropped it) emits 'error' on its
  // client; with no listener that would end the process. While checked out the pool has no
  // listener on it, so every client gets ours for its whole life: the query in progress fails
  // (BDC_1001), the pool discards the client, and the next query opens a new connection.
  pool.on("connect", (client) => {
    client.on("error", onError);
  });
  // The pool re-emits the errors of idle clients, which the listener above has reported already.
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, schema: target.schema };
}
