import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import { initial } from "./migrations/001-initial.ts";
import type { Database } from "./schema.ts";

/** Every migration, in order. Names are permanent: add new ones, never rename. */
const MIGRATIONS: Record<string, Migration> = {
  "001-initial": initial,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Brings the schema up to date; fails loudly if a migration fails. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider, migrationTableName: "billet_migrations" });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === "Error");
  if (error || failed) {
    const cause = error instanceof Error ? error : new Error(String(error ?? "unknown"));
    throw new Error(`database migration ${failed?.migrationName ?? ""} failed: ${cause.message}`, {
      cause,
    });
  }
}
