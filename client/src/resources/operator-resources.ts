/**
 * `operator.resources`: an organization's AP & AR records (vendors, bills, customers, …), every
 * kind the server declares, read as the operator (no session). Each record is the kind's wire
 * object, as BILL's API answers it; name its type to read it typed.
 */
import type { RequestOptions } from "../core/api-core.ts";
import { path } from "../core/path.ts";
import type {
  OperatorResourceKind,
  OperatorResourcePage,
  OperatorResourceRecord,
  OperatorResults,
  OperatorSeedReport,
} from "../operator-types.ts";
import type { ResourceListParams } from "../types.ts";
import type { Send } from "./send.ts";

/** A kind's path: each segment encoded, its slashes kept (`funding-accounts/banks`). */
const kindPath = (kind: string) => kind.split("/").map(encodeURIComponent).join("/");

/**
 * @example
 * const kinds = await operator.resources.kinds(organizationId); // [{ kind: "vendors", count: 2, … }, …]
 * const page = await operator.resources.list<Vendor>(organizationId, "vendors", { sort: "name:asc" });
 */
export class OperatorResources {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /** Every resource kind, with how many records (and archived ones) the organization has. */
  async kinds(organizationId: string, options?: RequestOptions): Promise<OperatorResourceKind[]> {
    const answer = await this.#send<OperatorResults<OperatorResourceKind>>({
      method: "GET",
      path: path`/organizations/${organizationId}/resources`,
      options,
    });
    return answer.results;
  }

  /**
   * One page of a kind's records: BILL's `max`, `page`, `filters` and `sort` of that kind.
   *
   * @example
   * const { results, nextPage } = await operator.resources.list(orgId, "bills", { max: 20, filters: "archived:eq:false" });
   */
  list<T = OperatorResourceRecord>(
    organizationId: string,
    kind: string,
    params: ResourceListParams = {},
    options?: RequestOptions,
  ): Promise<OperatorResourcePage<T>> {
    return this.#send({
      method: "GET",
      path: `${path`/organizations/${organizationId}/resources/`}${kindPath(kind)}`,
      query: { ...params },
      options,
    });
  }

  /** One record by id (`NotFoundError` for another organization's). */
  get<T = OperatorResourceRecord>(
    organizationId: string,
    kind: string,
    id: string,
    options?: RequestOptions,
  ): Promise<T> {
    return this.#send({
      method: "GET",
      path: `${path`/organizations/${organizationId}/resources/`}${kindPath(kind)}${path`/${id}`}`,
      options,
    });
  }
}

/**
 * `operator.seed`: applies a seed file (the JSON of `billet seed --file`), idempotently. A file
 * with problems is a `BadRequestError` whose errors name each problem's JSON path; then nothing
 * is written.
 *
 * @example
 * const report = await operator.seed.apply({
 *   organizations: [{ name: "Acme", resources: { vendors: [{ ref: "acme", name: "Acme Supplies" }] } }],
 *   users: [{ email: "ann@acme.test", password: "correct horse", memberships: [{ organization: "Acme" }] }],
 * });
 */
export class OperatorSeed {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  apply(file: Record<string, unknown>, options?: RequestOptions): Promise<OperatorSeedReport> {
    return this.#send({ method: "POST", path: "/seed", body: file, options });
  }
}
