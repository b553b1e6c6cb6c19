/**
 * `client.vendors`: the vendor records (create, bulk, list, get, update, archive, restore),
 * plus a vendor's bank account and its payments configuration.
 */
import type { RequestOptions } from "../core/api-core.ts";
import { path } from "../core/path.ts";
import type {
  CreateVendorRequest,
  InternationalPaymentsConfiguration,
  InternationalPaymentsQuery,
  UpdateVendorRequest,
  Vendor,
  VendorBankAccount,
  VendorBankAccountInput,
  VendorConfiguration,
} from "../types.ts";
import { BulkRecords } from "./records.ts";
import { type CreateOptions, createHeaders, requestOptions } from "./send.ts";

/**
 * Vendors. A vendor has at most one bank account: to change it, delete it and create it
 * again (BILL's way). Account numbers are always answered masked (`xxxxx2333`).
 *
 * @example
 * await client.vendors.createBankAccount(vendorId, {
 *   nameOnAccount: "Bill Vendorson", accountNumber: "111222333", routingNumber: "074000010",
 * });
 */
export class Vendors extends BulkRecords<
  Vendor,
  CreateVendorRequest,
  UpdateVendorRequest,
  { vendors: Vendor[] }
> {
  /**
   * The vendor's bank account; `NotFoundError` when it has none.
   *
   * @example
   * const bank = await client.vendors.getBankAccount(vendorId);
   */
  getBankAccount(vendorId: string, options?: RequestOptions): Promise<VendorBankAccount> {
    return this.send({ method: "GET", path: `${this.base}${path`/${vendorId}/bank-account`}`, options });
  }

  /**
   * Adds the vendor's bank account (200); one already there is `ConflictError` (`BDC_9008`).
   *
   * @example
   * await client.vendors.createBankAccount(vendorId, bankAccount, { idempotencyKey: crypto.randomUUID() });
   */
  createBankAccount(
    vendorId: string,
    params: VendorBankAccountInput,
    options?: CreateOptions,
  ): Promise<VendorBankAccount> {
    return this.send({
      method: "POST",
      path: `${this.base}${path`/${vendorId}/bank-account`}`,
      body: params,
      headers: createHeaders(options),
      options: requestOptions(options),
    });
  }

  /**
   * Deletes the vendor's bank account (204); `NotFoundError` when it has none.
   *
   * @example
   * await client.vendors.deleteBankAccount(vendorId);
   */
  async deleteBankAccount(vendorId: string, options?: RequestOptions): Promise<void> {
    await this.send({ method: "DELETE", path: `${this.base}${path`/${vendorId}/bank-account`}`, options });
  }

  /**
   * The vendor's international payments configuration, from its country and bill currency.
   *
   * @example
   * const { internationalPayments } = await client.vendors.configuration(vendorId);
   */
  configuration(vendorId: string, options?: RequestOptions): Promise<VendorConfiguration> {
    return this.send({ method: "GET", path: `${this.base}${path`/${vendorId}/configuration`}`, options });
  }

  /**
   * What a vendor of a country, bill currency and account type needs before it is created.
   *
   * @example
   * await client.vendors.internationalPaymentsConfiguration({ country: "DK", billCurrency: "EUR", accountType: "BUSINESS" });
   */
  internationalPaymentsConfiguration(
    query: InternationalPaymentsQuery,
    options?: RequestOptions,
  ): Promise<InternationalPaymentsConfiguration> {
    return this.send({
      method: "GET",
      path: `${this.base}/configuration/international-payments`,
      query: { ...query },
      options,
    });
  }
}
