/**
 * `client.invoices`: BILL's invoices (AR) with their actions, and `client.receivablePayments`,
 * the payments recorded against them (list and get only).
 */
import type { RequestOptions } from "../core/api-core.ts";
import { PagedList } from "../core/pagination.ts";
import { path } from "../core/path.ts";
import type {
  CreateInvoiceRequest,
  Invoice,
  ListResponse,
  PaymentLinkRequest,
  ReceivablePayment,
  RecordedPayment,
  RecordInvoicePaymentRequest,
  ResourceListParams,
  SendInvoiceRequest,
  UpdateInvoiceRequest,
} from "../types.ts";
import { Records } from "./records.ts";
import { type CreateOptions, createHeaders, requestOptions, type Send } from "./send.ts";

export class Invoices extends Records<Invoice, CreateInvoiceRequest, UpdateInvoiceRequest> {
  constructor(send: Send) {
    super(send, "/v3/invoices");
  }

  /**
   * Records a payment received outside BILL and applies it to the customer's invoices, all or
   * nothing (200). Pass `idempotencyKey` to make retries safe.
   *
   * @example
   * await client.invoices.recordPayment({ amount: 100, customerId, paymentDate: "2026-12-20",
   *   paymentType: "CHECK", invoices: [{ id: invoiceId, amount: 100 }] });
   */
  recordPayment(params: RecordInvoicePaymentRequest, options?: CreateOptions): Promise<RecordedPayment> {
    return this.send({
      method: "POST",
      path: `${this.base}/record-payment`,
      body: params,
      headers: createHeaders(options),
      options: requestOptions(options),
    });
  }

  /**
   * E-mails the invoice (to the customer's e-mail unless `recipient.to` says otherwise).
   *
   * @example
   * await client.invoices.email(invoiceId, { recipient: { to: ["ap@customer.example"] } });
   */
  email(
    id: string,
    params: SendInvoiceRequest = {},
    options?: RequestOptions,
  ): Promise<Record<string, never>> {
    return this.send({ method: "POST", path: `${this.base}${path`/${id}/email`}`, body: params, options });
  }

  /**
   * The invoice's payment link (billet's is inert: it takes no money).
   *
   * @example
   * const { paymentLink } = await client.invoices.paymentLink(invoiceId, { customerId, email });
   */
  paymentLink(
    id: string,
    params: PaymentLinkRequest,
    options?: RequestOptions,
  ): Promise<{ paymentLink: string }> {
    return this.send({
      method: "POST",
      path: `${this.base}${path`/${id}/payment-link`}`,
      body: params,
      options,
    });
  }
}

/** Receivable payments: made by `invoices.recordPayment`, read here. */
export class ReceivablePayments {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /**
   * Every page of the list, item by item.
   *
   * @example
   * for await (const p of client.receivablePayments.list({ filters: `customerId:eq:${id}` })) console.log(p.amount);
   */
  list(params: ResourceListParams = {}, options?: RequestOptions): PagedList<ReceivablePayment> {
    return new PagedList((page, pageOptions) => this.listPage(page, pageOptions), params, options);
  }

  listPage(
    params: ResourceListParams = {},
    options?: RequestOptions,
  ): Promise<ListResponse<ReceivablePayment>> {
    return this.#send({ method: "GET", path: "/v3/receivable-payments", query: { ...params }, options });
  }

  get(id: string, options?: RequestOptions): Promise<ReceivablePayment> {
    return this.#send({ method: "GET", path: `/v3/receivable-payments${path`/${id}`}`, options });
  }
}
