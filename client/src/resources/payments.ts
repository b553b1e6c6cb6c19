/**
 * Payments (`client.payments`) and the bills' record-payment (`client.bills.recordPayment`):
 * docs/bill-v3-resources.md section 9. Creating a payment needs the ADMINISTRATOR or PAYER
 * role (else `PermissionDeniedError`, `BDC_9004`) and, where the organization requires MFA,
 * a trusted session.
 */
import type { RequestOptions } from "../core/api-core.ts";
import { PagedList } from "../core/pagination.ts";
import { path } from "../core/path.ts";
import type {
  Bill,
  BulkPaymentRequest,
  CreateBillRequest,
  CreatePaymentRequest,
  ListResponse,
  Payment,
  PaymentOptions,
  RecordPaymentRequest,
  ResourceListParams,
  UpdateBillRequest,
  VoidPaymentRequest,
} from "../types.ts";
import { BulkRecords } from "./records.ts";
import { type CreateOptions, createHeaders, requestOptions, type Send } from "./send.ts";

/**
 * `client.payments`: pay bills from a verified bank account, list and read payments, cancel
 * a scheduled one, void a paid one.
 *
 * @example
 * const payment = await client.payments.create({
 *   billId, processDate: "2026-12-01", amount: 228.99,
 *   fundingAccount: { type: "BANK_ACCOUNT", id: bankAccountId },
 * });
 * await client.payments.cancel(payment.id);
 */
export class Payments {
  readonly #send: Send;
  readonly #base = "/v3/payments";

  constructor(send: Send) {
    this.#send = send;
  }

  /** Every page of the list, item by item (`for await`). */
  list(params: ResourceListParams = {}, options?: RequestOptions): PagedList<Payment> {
    return new PagedList((page, pageOptions) => this.listPage(page, pageOptions), params, options);
  }

  /** One page of the list. */
  listPage(params: ResourceListParams = {}, options?: RequestOptions): Promise<ListResponse<Payment>> {
    return this.#send({ method: "GET", path: this.#base, query: { ...params }, options });
  }

  /** One payment by id. */
  get(id: string, options?: RequestOptions): Promise<Payment> {
    return this.#send({ method: "GET", path: `${this.#base}${path`/${id}`}`, options });
  }

  /** Pays one bill (201). Pass `idempotencyKey` to make retries safe. */
  create(params: CreatePaymentRequest, options?: CreateOptions): Promise<Payment> {
    return this.#send({
      method: "POST",
      path: this.#base,
      body: params,
      headers: createHeaders(options),
      options: requestOptions(options),
    });
  }

  /** Pays up to 50 bills at once: all of them, or none (201 `{ payments }`). */
  createMany(params: BulkPaymentRequest, options?: CreateOptions): Promise<{ payments: Payment[] }> {
    return this.#send({
      method: "POST",
      path: `${this.#base}/bulk`,
      body: params,
      headers: createHeaders(options),
      options: requestOptions(options),
    });
  }

  /** Cancels a SCHEDULED payment; the bill's due amount is open again. */
  cancel(id: string, options?: RequestOptions): Promise<Payment> {
    return this.#send({ method: "POST", path: `${this.#base}${path`/${id}/cancel`}`, options });
  }

  /** Voids a PAID payment; the bill's due amount is open again. */
  void(id: string, params: VoidPaymentRequest = {}, options?: RequestOptions): Promise<Payment> {
    return this.#send({ method: "POST", path: `${this.#base}${path`/${id}/void`}`, body: params, options });
  }

  /** The bank accounts a vendor may be paid from, with process and delivery dates. */
  options(params: { vendorId: string; amount: number }, options?: RequestOptions): Promise<PaymentOptions> {
    return this.#send({
      method: "GET",
      path: `${this.#base}/options`,
      query: { vendorId: params.vendorId, amount: String(params.amount) },
      options,
    });
  }
}

/** `client.bills`: the bills' records, and recording a payment made outside BILL. */
export class BillRecords extends BulkRecords<Bill, CreateBillRequest, UpdateBillRequest, Bill[]> {
  /**
   * Records a payment made outside BILL over one or more of a vendor's bills: PAID at once.
   *
   * @example
   * await client.bills.recordPayment({ vendorId, processDate: "2026-11-20", toPrintCheck: false,
   *   payments: [{ billId, amount: 70 }] });
   */
  recordPayment(params: RecordPaymentRequest, options?: CreateOptions): Promise<Payment> {
    return this.send({
      method: "POST",
      path: `${this.base}/record-payment`,
      body: params,
      headers: createHeaders(options),
      options: requestOptions(options),
    });
  }
}
