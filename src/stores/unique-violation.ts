/**
 * Whether a store write failed because a unique value (a key, an e-mail) was taken meanwhile:
 * PostgreSQL's 23505, SQLite's UNIQUE/PRIMARY KEY constraint codes. A check-then-insert inside one transaction is not enough on PostgreSQL (two
 * READ COMMITTED transactions can both see the value free); its unique index is the arbiter.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/**
 * Runs `work` (a lookup and its transaction) once more when a racing writer took a unique
 * value first. The second run sees the winner's committed row (PostgreSQL reports the
 * violation only once the other transaction has committed) and answers as if it came later.
 */
export async function retryOnUniqueViolation<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return work();
  }
}
