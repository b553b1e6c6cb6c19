/**
 * Developer keys: stored only as their SHA-256, shown once.
 */

export interface DevKey {
  id: string;
  name: string;
  /** SHA-256 of the key; the key itself is shown once and never stored. */
  keyHash: string;
  active: boolean;
  mfaBypass: boolean;
  createdAt: number;
  deactivatedAt: number | null;
}

export interface DevKeyStore {
  create(devKey: DevKey): Promise<void>;
  findById(id: string): Promise<DevKey | undefined>;
  findByKeyHash(keyHash: string): Promise<DevKey | undefined>;
  list(): Promise<DevKey[]>;
  count(): Promise<number>;
  deactivate(id: string, now: number): Promise<boolean>;
}
