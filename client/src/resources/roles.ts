/** Roles of one organization (spec section 5): `client.roles`, or `partner.roles(organizationId)`. */
import type { RequestOptions } from "../core/api-core.ts";
import { PagedList } from "../core/pagination.ts";
import { path } from "../core/path.ts";
import type { ListParams, ListResponse, Role } from "../types.ts";
import type { Send } from "./send.ts";

/**
 * Role endpoints (read-only, any role). Every organization has BILL's six default roles.
 *
 * @example
 * const clerk = (await client.roles.list().toArray()).find((role) => role.type === "CLERK");
 */
export class Roles {
  readonly #send: Send;
  readonly #base: string;

  constructor(send: Send, base = "/v3/roles") {
    this.#send = send;
    this.#base = base;
  }

  /**
   * `GET /v3/roles`, every page, ADMINISTRATOR first.
   *
   * @example
   * for await (const role of client.roles.list()) console.log(role.type, role.id);
   */
  list(params: ListParams = {}, options?: RequestOptions): PagedList<Role> {
    return new PagedList((page, pageOptions) => this.listPage(page, pageOptions), params, options);
  }

  /**
   * `GET /v3/roles`, one page.
   *
   * @example
   * const { results, nextPage } = await client.roles.listPage({ max: 3 });
   */
  listPage(params: ListParams = {}, options?: RequestOptions): Promise<ListResponse<Role>> {
    return this.#send({ method: "GET", path: this.#base, query: { ...params }, options });
  }

  /**
   * `GET /v3/roles/{roleId}`.
   *
   * @example
   * const role = await client.roles.get("0po01ABCDEFGHIJKLMNO");
   */
  get(roleId: string, options?: RequestOptions): Promise<Role> {
    return this.#send({ method: "GET", path: `${this.#base}${path`/${roleId}`}`, options });
  }
}
