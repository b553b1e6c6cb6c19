/** `client.organizations`: the signed-in organization (spec section 5). */
import type { RequestOptions } from "../core/api-core.ts";
import { path } from "../core/path.ts";
import type { IndustriesResponse, Organization, UpdateOrganizationRequest } from "../types.ts";
import type { Send } from "./send.ts";

/**
 * Organization endpoints. Only the session's own organization is visible; any other id is
 * `NotFoundError` (`BDC_9005`).
 *
 * @example
 * const organization = await client.organizations.get(client.organizationId!);
 */
export class Organizations {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /**
   * `GET /v3/organizations/{organizationId}` (any role).
   *
   * @example
   * const { name, address } = await client.organizations.get(organizationId);
   */
  get(organizationId: string, options?: RequestOptions): Promise<Organization> {
    return this.#send({ method: "GET", path: path`/v3/organizations/${organizationId}`, options });
  }

  /**
   * `GET /v3/organizations/industries` (any role): the values the `industry` field takes.
   *
   * @example
   * const { results } = await client.organizations.industries();
   */
  industries(options?: RequestOptions): Promise<IndustriesResponse> {
    return this.#send({ method: "GET", path: "/v3/organizations/industries", options });
  }

  /**
   * `PATCH /v3/organizations/{organizationId}` (ADMINISTRATOR): the fields given change, the
   * others stay. An address replaces the whole address.
   *
   * @example
   * await client.organizations.update(organizationId, {
   *   name: "Acme Inc",
   *   address: { line1: "1 Main St", city: "Springfield", zipOrPostalCode: "12345", country: "US" },
   * });
   */
  update(
    organizationId: string,
    params: UpdateOrganizationRequest,
    options?: RequestOptions,
  ): Promise<Organization> {
    return this.#send({
      method: "PATCH",
      path: path`/v3/organizations/${organizationId}`,
      body: params,
      options,
    });
  }
}
