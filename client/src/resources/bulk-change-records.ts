/**
 * A resource with BILL's whole set of bulk calls (classifications, credit memos, vendor
 * credits): besides the bulk create, a bulk PATCH, a bulk PUT, and bulk archive and restore.
 * Each is all or nothing: one bad item refuses the whole call, every problem naming its item
 * (`params.index`).
 */
import type { RequestOptions } from "../core/api-core.ts";
import { BulkRecords } from "./records.ts";

export class BulkChangeRecords<T, Create, Update, Bulk> extends BulkRecords<T, Create, Update, Bulk> {
  /**
   * `PATCH …/bulk`: each item names its record by `id`; its other fields change as in `update`.
   *
   * @example
   * const { departments } = await client.classifications.departments.updateMany([
   *   { id: salesId, description: "Sales" },
   *   { id: supportId, parentId: salesId },
   * ]);
   */
  updateMany(items: (Update & { id: string })[], options?: RequestOptions): Promise<Bulk> {
    return this.send({ method: "PATCH", path: `${this.base}/bulk`, body: items, options });
  }

  /**
   * `PUT …/bulk` (resources that have it, e.g. credit memos; others answer 405): each item is
   * a whole create body with the `id` of the record it replaces.
   *
   * @example
   * await client.creditMemos.replaceMany([{ id: memoId, ...wholeMemo }]);
   */
  replaceMany(items: (Create & { id: string })[], options?: RequestOptions): Promise<Bulk> {
    return this.send({ method: "PUT", path: `${this.base}/bulk`, body: items, options });
  }

  /**
   * `POST …/bulk/archive?ids=…`: archives every record named, or none.
   *
   * @example
   * await client.classifications.jobs.archiveMany([jobA, jobB]);
   */
  archiveMany(ids: string[], options?: RequestOptions): Promise<Bulk> {
    return this.send({
      method: "POST",
      path: `${this.base}/bulk/archive`,
      query: { ids: ids.join(",") },
      options,
    });
  }

  /**
   * `POST …/bulk/restore?ids=…`: restores every record named, or none.
   *
   * @example
   * await client.classifications.jobs.restoreMany([jobA, jobB]);
   */
  restoreMany(ids: string[], options?: RequestOptions): Promise<Bulk> {
    return this.send({
      method: "POST",
      path: `${this.base}/bulk/restore`,
      query: { ids: ids.join(",") },
      options,
    });
  }
}
