/**
 * `operator.oauthApps`: OAuth client-credentials apps (docs/bill-sign-in-modes.md section 4), as
 * `billet oauth-app create|list|revoke` manage them (which print the same).
 */
import type { RequestOptions } from "../core/api-core.ts";
import { path } from "../core/path.ts";
import type {
  OperatorCreatedOAuthApp,
  OperatorOAuthApp,
  OperatorResults,
  OperatorRevokedOAuthApp,
} from "../operator-types.ts";
import type { Send } from "./send.ts";

/** @example const { clientId, clientSecret } = await operator.oauthApps.create({ organizationId, userId, name: "ERP", scope: "accounting" }); */
export class OperatorOAuthApps {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /** Every app (revoked ones too, with `revokedTime`), of one organization when given; never a secret. */
  async list(
    filter: { organizationId?: string } = {},
    options?: RequestOptions,
  ): Promise<OperatorOAuthApp[]> {
    const query = filter.organizationId === undefined ? undefined : { organizationId: filter.organizationId };
    const answer: Promise<OperatorResults<OperatorOAuthApp>> = this.#send({
      method: "GET",
      path: "/oauth-apps",
      ...(query ? { query } : {}),
      options,
    });
    return (await answer).results;
  }

  /** Makes an app for an administrator of the organization; the answer is the only place its secret is shown. */
  create(
    input: { organizationId: string; userId: string; name: string; scope: "full" | "accounting" },
    options?: RequestOptions,
  ): Promise<OperatorCreatedOAuthApp> {
    return this.#send({ method: "POST", path: "/oauth-apps", body: input, options });
  }

  /** Revokes it by client id: its access tokens end at once. */
  revoke(id: string, options?: RequestOptions): Promise<OperatorRevokedOAuthApp> {
    return this.#send({ method: "POST", path: path`/oauth-apps/${id}/revoke`, options });
  }
}
