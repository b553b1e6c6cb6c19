/**
 * Users of one organization (spec section 5): `client.users` at the organization level, and
 * `partner.users(organizationId)` for a partner (spec section 8).
 */
import type { RequestOptions } from "../core/api-core.ts";
import { PagedList } from "../core/pagination.ts";
import { path } from "../core/path.ts";
import type {
  CreateUserRequest,
  ListResponse,
  ResourceListParams,
  UpdateUserRequest,
  User,
} from "../types.ts";
import { type CreateOptions, createHeaders, requestOptions, type Send } from "./send.ts";

/**
 * User endpoints. Reading needs any role; writing needs ADMINISTRATOR (else
 * `PermissionDeniedError`, `BDC_9004`). A user of another organization is `NotFoundError`
 * (`BDC_9005`), exactly like one that does not exist.
 *
 * @example
 * const user = await client.users.create({
 *   firstName: "Ada",
 *   email: "ada@example.com",
 *   acceptTermsOfService: true,
 * });
 * for await (const u of client.users.list()) console.log(u.email, u.role.type);
 */
export class Users<Create = CreateUserRequest, Update = UpdateUserRequest> {
  readonly #send: Send;
  readonly #base: string;

  constructor(send: Send, base = "/v3/users") {
    this.#send = send;
    this.#base = base;
  }

  /**
   * `GET /v3/users`, every page: archived users included, with `archived: true` (filter them
   * out with `filters: "archived:eq:false"`).
   *
   * @example
   * for await (const user of client.users.list({ max: 50 })) console.log(user.id);
   * const firstPage = await client.users.list({ max: 10 }).firstPage();
   */
  list(params: ResourceListParams = {}, options?: RequestOptions): PagedList<User> {
    return new PagedList((page, pageOptions) => this.listPage(page, pageOptions), params, options);
  }

  /**
   * `GET /v3/users`, one page: pass a `nextPage`/`prevPage` cursor as `page` to move.
   *
   * @example
   * const first = await client.users.listPage({ max: 20 });
   * if (first.nextPage) await client.users.listPage({ max: 20, page: first.nextPage });
   */
  listPage(params: ResourceListParams = {}, options?: RequestOptions): Promise<ListResponse<User>> {
    return this.#send({ method: "GET", path: this.#base, query: { ...params }, options });
  }

  /**
   * `GET /v3/users/{userId}`.
   *
   * @example
   * const user = await client.users.get("00601ABCDEFGHIJKLMNO");
   */
  get(userId: string, options?: RequestOptions): Promise<User> {
    return this.#send({ method: "GET", path: `${this.#base}${path`/${userId}`}`, options });
  }

  /**
   * `POST /v3/users`: the new user has no password yet and gets an invitation e-mail.
   * `roleId` defaults to the ADMINISTRATOR role. Pass `idempotencyKey` to make retries safe.
   *
   * @example
   * const user = await client.users.create(
   *   { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", roleId, acceptTermsOfService: true },
   *   { idempotencyKey: crypto.randomUUID() },
   * );
   */
  create(params: Create, options?: CreateOptions): Promise<User> {
    return this.#send({
      method: "POST",
      path: this.#base,
      body: params,
      headers: createHeaders(options),
      options: requestOptions(options),
    });
  }

  /**
   * `PATCH /v3/users/{userId}`: names and role.
   *
   * @example
   * await client.users.update(userId, { roleId: clerkRoleId });
   */
  update(userId: string, params: Update, options?: RequestOptions): Promise<User> {
    return this.#send({ method: "PATCH", path: `${this.#base}${path`/${userId}`}`, body: params, options });
  }

  /**
   * `POST /v3/users/{userId}/archive`: the user's sessions in this organization end at once.
   * An administrator cannot archive themself (`BadRequestError`, `BDC_9001`).
   *
   * @example
   * const archived = await client.users.archive(userId);
   * archived.archived; // true
   */
  archive(userId: string, options?: RequestOptions): Promise<User> {
    return this.#send({ method: "POST", path: `${this.#base}${path`/${userId}/archive`}`, options });
  }

  /**
   * `POST /v3/users/{userId}/restore`: the user may log in again.
   *
   * @example
   * await client.users.restore(userId);
   */
  restore(userId: string, options?: RequestOptions): Promise<User> {
    return this.#send({ method: "POST", path: `${this.#base}${path`/${userId}/restore`}`, options });
  }
}
