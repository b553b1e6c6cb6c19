import type { RequestOptions } from "../core/api-core.ts";
import { PagedList } from "../core/pagination.ts";
import type { CreateOrganizationRequest, ListParams, ListResponse, Organization } from "../types.ts";
import { type CreateOptions, createHeaders, requestOptions, type Send } from "./send.ts";

/** `partner.organizations`: the organizations a partner creates (spec section 8). */
export class PartnerOrganizations {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /**
   * `POST /v3/partner/organizations`: `name` and `address` (`line1`, `city`,
   * `zipOrPostalCode`, `country`) are required. Pass `idempotencyKey` to make retries safe.
   *
   * @example
   * const organization = await partner.organizations.create(
   *   { name: "Acme", address: { line1: "1 Main St", city: "Springfield", zipOrPostalCode: "12345", country: "US" } },
   *   { idempotencyKey: "acme-signup-42" },
   * );
   */
  create(params: CreateOrganizationRequest, options?: CreateOptions): Promise<Organization> {
    return this.#send({
      method: "POST",
      path: "/v3/partner/organizations",
      body: params,
      headers: createHeaders(options),
      options: requestOptions(options),
    });
  }

  /**
   * `GET /v3/partner/organizations`, every page: only organizations this partner created.
   *
   * @example
   * for await (const organization of partner.organizations.list()) console.log(organization.name);
   */
  list(params: ListParams = {}, options?: RequestOptions): PagedList<Organization> {
    return new PagedList((page, pageOptions) => this.listPage(page, pageOptions), params, options);
  }

  /**
   * `GET /v3/partner/organizations`, one page.
   *
   * @example
   * const { results, nextPage } = await partner.organizations.listPage({ max: 10 });
   */
  listPage(params: ListParams = {}, options?: RequestOptions): Promise<ListResponse<Organization>> {
    return this.#send({ method: "GET", path: "/v3/partner/organizations", query: { ...params }, options });
  }
}
