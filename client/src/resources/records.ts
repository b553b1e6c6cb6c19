/**
 * BILL's AP & AR resources (vendors, bills, …): one class for every resource, as the server
 * declares them once (src/resources/). `client.vendors` is `Records<Vendor, …>` on `/v3/vendors`.
 */
import type { RequestOptions } from "../core/api-core.ts";
import { PagedList } from "../core/pagination.ts";
import { path } from "../core/path.ts";
import type { ListResponse, ResourceListParams } from "../types.ts";
import { type CreateOptions, createHeaders, requestOptions, type Send } from "./send.ts";

/**
 * Create, bulk create, list, get, update, archive and restore of one resource. Reading needs
 * any role; writing needs a role the resource allows (else `PermissionDeniedError`,
 * `BDC_9004`). A record of another organization is `NotFoundError` (`BDC_9005`).
 *
 * @example
 * const vendor = await client.vendors.create({ name: "Happy Music Supplies" });
 * for await (const v of client.vendors.list({ filters: 'name:sw:"Hap"', sort: "name:asc" })) {
 *   console.log(v.id, v.name);
 * }
 */
export class Records<T, Create, Update> {
  protected readonly send: Send;
  protected readonly base: string;

  constructor(send: Send, base: string) {
    this.send = send;
    this.base = base;
  }

  /**
   * Every page of the list, item by item (`for await`), or `.firstPage()` / `.pages()`.
   *
   * @example
   * for await (const vendor of client.vendors.list({ filters: "archived:eq:false" })) console.log(vendor.name);
   */
  list(params: ResourceListParams = {}, options?: RequestOptions): PagedList<T> {
    return new PagedList((page, pageOptions) => this.listPage(page, pageOptions), params, options);
  }

  /**
   * One page; pass a `nextPage`/`prevPage` cursor as `page` (with the same `filters` and `sort`).
   *
   * @example
   * const first = await client.vendors.listPage({ max: 20, sort: "createdTime:desc" });
   */
  listPage(params: ResourceListParams = {}, options?: RequestOptions): Promise<ListResponse<T>> {
    return this.send({ method: "GET", path: this.base, query: { ...params }, options });
  }

  /**
   * One record by id.
   *
   * @example
   * const vendor = await client.vendors.get("00901ABCDEFGHIJKLMNO");
   */
  get(id: string, options?: RequestOptions): Promise<T> {
    return this.send({ method: "GET", path: `${this.base}${path`/${id}`}`, options });
  }

  /**
   * Creates one record (201). Pass `idempotencyKey` to make retries safe.
   *
   * @example
   * await client.vendors.create({ name: "Acme" }, { idempotencyKey: crypto.randomUUID() });
   */
  create(params: Create, options?: CreateOptions): Promise<T> {
    return this.send({
      method: "POST",
      path: this.base,
      body: params,
      headers: createHeaders(options),
      options: requestOptions(options),
    });
  }

  /**
   * `PATCH`: the fields given change, nested objects merge field by field, `null` clears.
   *
   * @example
   * await client.vendors.update(vendorId, { email: "ap@example.com" });
   */
  update(id: string, params: Update, options?: RequestOptions): Promise<T> {
    return this.send({ method: "PATCH", path: `${this.base}${path`/${id}`}`, body: params, options });
  }

  /**
   * `PUT`: replaces the record with a whole create body. Only the resources BILL gives a PUT
   * (bills, invoices, credit memos, vendor credits) show it: `client.customers`, `vendors`,
   * classifications and bank accounts are typed without it.
   *
   * @example
   * await client.bills.replace(billId, { vendorId, dueDate, invoice, billLineItems });
   */
  replace(id: string, params: Create, options?: RequestOptions): Promise<T> {
    return this.send({ method: "PUT", path: `${this.base}${path`/${id}`}`, body: params, options });
  }

  /**
   * Archives a record; it stays readable and listed, with `archived: true`.
   *
   * @example
   * await client.vendors.archive(vendorId);
   */
  archive(id: string, options?: RequestOptions): Promise<T> {
    return this.send({ method: "POST", path: `${this.base}${path`/${id}/archive`}`, options });
  }

  /**
   * Restores an archived record.
   *
   * @example
   * await client.vendors.restore(vendorId);
   */
  restore(id: string, options?: RequestOptions): Promise<T> {
    return this.send({ method: "POST", path: `${this.base}${path`/${id}/restore`}`, options });
  }
}

/** A resource with a bulk create (`POST …/bulk`): vendors answer `{ vendors }`, bills an array. */
export class BulkRecords<T, Create, Update, Bulk> extends Records<T, Create, Update> {
  /**
   * Creates several records at once: all of them, or none (`POST …/bulk`).
   *
   * @example
   * const { vendors } = await client.vendors.createMany([{ name: "A" }, { name: "B" }]);
   */
  createMany(params: Create[], options?: CreateOptions): Promise<Bulk> {
    return this.send({
      method: "POST",
      path: `${this.base}/bulk`,
      body: params,
      headers: createHeaders(options),
      options: requestOptions(options),
    });
  }
}
