/**
 * `client.oauthApps`: the organization's OAuth client-credentials apps (billet's
 * `/v3/oauth/apps`; BILL makes them in its web app). An administrator's session creates,
 * lists and revokes them; a full-access app needs an MFA-trusted session (`BDC_1361`).
 */
import type { RequestOptions } from "../core/api-core.ts";
import { PagedList } from "../core/pagination.ts";
import { path } from "../core/path.ts";
import type {
  CreatedOAuthApp,
  ListParams,
  ListResponse,
  OAuthApp,
  OAuthScope,
  RevokedOAuthApp,
} from "../types.ts";
import type { Send } from "./send.ts";

/** @example const { clientId, clientSecret } = await client.oauthApps.create({ name: "ERP sync", scope: "accounting" }); */
export class OAuthApps {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /** `POST /v3/oauth/apps`: the answer is the only place its client secret is ever shown. */
  create(input: { name: string; scope: OAuthScope }, options?: RequestOptions): Promise<CreatedOAuthApp> {
    return this.#send({ method: "POST", path: "/v3/oauth/apps", body: input, options });
  }

  /** `GET /v3/oauth/apps`, every page; never a secret. */
  list(params: ListParams = {}, options?: RequestOptions): PagedList<OAuthApp> {
    return new PagedList((page, pageOptions) => this.listPage(page, pageOptions), params, options);
  }

  /** `GET /v3/oauth/apps`, one page. */
  listPage(params: ListParams = {}, options?: RequestOptions): Promise<ListResponse<OAuthApp>> {
    return this.#send({ method: "GET", path: "/v3/oauth/apps", query: { ...params }, options });
  }

  /** `DELETE /v3/oauth/apps/{clientId}`: its access tokens end at once. */
  revoke(clientId: string, options?: RequestOptions): Promise<RevokedOAuthApp> {
    return this.#send({ method: "DELETE", path: path`/v3/oauth/apps/${clientId}`, options });
  }
}
