/**
 * BILL's AP & AR records (vendors, bills, …), one port for every kind. A record's fields are
 * its resource declaration's (src/resources/); the store keeps them as one JSON document and
 * knows only who owns it, its kind, its id, whether it is archived and when it changed.
 */

export interface ResourceRecord {
  organizationId: string;
  /** The declaration's name: `vendors`, `bills`, … */
  kind: string;
  id: string;
  archived: boolean;
  /** The stored fields, as the declaration shapes them (never the computed ones). */
  data: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface ResourceStore {
  /** Inserts every record or none (a bulk create is one write). */
  create(records: readonly ResourceRecord[]): Promise<void>;
  find(organizationId: string, kind: string, id: string): Promise<ResourceRecord | undefined>;
  /** Replaces a record's fields, archived flag and updatedAt; false when it does not exist. */
  update(record: ResourceRecord): Promise<boolean>;
  /** Every record of a kind in an organization, oldest first (then by id). */
  listAll(organizationId: string, kind: string): Promise<ResourceRecord[]>;
  /**
   * Inside a transaction, holds these records' rows until it ends (a payment locks the bills it
   * draws on): another transaction locking one of them waits, then reads what this one wrote.
   * Nothing changes. Ids are locked in sorted order, so two lockers never deadlock.
   */
  lock(organizationId: string, kind: string, ids: readonly string[]): Promise<void>;
}
