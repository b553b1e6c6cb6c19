export interface IdempotencyRecord {
  keyHash: string;
  requestHash: string;
  /** Null while the first request runs. */
  status: number | null;
  body: string | null;
  /** A random value of the request that holds (or held) the claim. */
  owner: string;
  /** A pending claim older than this may be taken over (its holder died). */
  lockedUntil: number;
  createdAt: number;
  expiresAt: number;
}

export interface IdempotencyStore {
  /**
   * Inserts a pending claim, atomically. An existing row is replaced only when it has
   * expired, or when it is a pending claim past `lockedUntil` for the same request. True when
   * the caller now holds the claim.
   */
  claim(record: IdempotencyRecord, now: number): Promise<boolean>;
  find(keyHash: string): Promise<IdempotencyRecord | undefined>;
  /** Stores the response of a claim still held by `owner`. */
  complete(keyHash: string, owner: string, status: number, body: string): Promise<boolean>;
  /** Gives up a pending claim held by `owner` (its request failed), so a retry can run. */
  release(keyHash: string, owner: string): Promise<void>;
  deleteExpired(now: number): Promise<number>;
}
