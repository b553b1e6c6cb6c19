/**
 * `operator.organizations`, `operator.users`, `operator.devKeys`, `operator.partners`: the
 * accounts an operator provisions (as `billet org|user|devkey|partner`, which print the same).
 */
import type { RequestOptions } from "../core/api-core.ts";
import { path } from "../core/path.ts";
import type {
  OperatorCreatedDevKey,
  OperatorCreatedPartner,
  OperatorCreatedSyncToken,
  OperatorCreatedUser,
  OperatorDeactivatedDevKey,
  OperatorDevKey,
  OperatorEmailChange,
  OperatorMembershipChange,
  OperatorMfaFailures,
  OperatorMfaFailuresCleared,
  OperatorOrganization,
  OperatorOrganizationLock,
  OperatorPartner,
  OperatorPasswordSet,
  OperatorResults,
  OperatorRevokedSyncToken,
  OperatorSyncToken,
  OperatorUser,
} from "../operator-types.ts";
import type { Send } from "./send.ts";

const results = async <T>(answer: Promise<OperatorResults<T>>): Promise<T[]> => (await answer).results;

/** @example const organization = await operator.organizations.create({ name: "Acme" }); */
export class OperatorOrganizations {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  list(options?: RequestOptions): Promise<OperatorOrganization[]> {
    return results(this.#send({ method: "GET", path: "/organizations", options }));
  }

  create(input: { name: string }, options?: RequestOptions): Promise<OperatorOrganization> {
    return this.#send({ method: "POST", path: "/organizations", body: input, options });
  }

  /** Locks it: its sessions end at once, logins answer `BDC_1107`. */
  lock(id: string, options?: RequestOptions): Promise<OperatorOrganizationLock> {
    return this.#send({ method: "POST", path: path`/organizations/${id}/lock`, options });
  }

  unlock(id: string, options?: RequestOptions): Promise<OperatorOrganizationLock> {
    return this.#send({ method: "POST", path: path`/organizations/${id}/unlock`, options });
  }
}

/** @example const members = await operator.users.list(organizationId); */
export class OperatorUsers {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /** The users of an organization (pending ones included), in the order they joined. */
  list(organizationId: string, options?: RequestOptions): Promise<OperatorUser[]> {
    return results(
      this.#send({ method: "GET", path: path`/organizations/${organizationId}/users`, options }),
    );
  }

  /** Adds a user; an existing email joins the organization at once (audited). */
  create(
    input: {
      organizationId: string;
      email: string;
      password?: string;
      role?: string;
      firstName?: string;
      lastName?: string;
    },
    options?: RequestOptions,
  ): Promise<OperatorCreatedUser> {
    return this.#send({ method: "POST", path: "/users", body: input, options });
  }

  archive(
    userId: string,
    organizationId: string,
    options?: RequestOptions,
  ): Promise<OperatorMembershipChange> {
    const body = { organizationId };
    return this.#send({ method: "POST", path: path`/users/${userId}/archive`, body, options });
  }

  restore(
    userId: string,
    organizationId: string,
    options?: RequestOptions,
  ): Promise<OperatorMembershipChange> {
    const body = { organizationId };
    return this.#send({ method: "POST", path: path`/users/${userId}/restore`, body, options });
  }

  setPassword(userId: string, password: string, options?: RequestOptions): Promise<OperatorPasswordSet> {
    const body = { password };
    return this.#send({ method: "POST", path: path`/users/${userId}/password`, body, options });
  }

  /**
   * Changes a user's login e-mail: the new address confirms it (a token in the outbox), or,
   * with `force: true`, at once (audited).
   * @example await operator.users.setEmail(userId, { email: "new@example.com", force: true });
   */
  setEmail(
    userId: string,
    input: { email: string; force?: boolean },
    options?: RequestOptions,
  ): Promise<OperatorEmailChange> {
    return this.#send({ method: "POST", path: path`/users/${userId}/email`, body: input, options });
  }

  /** The user's wrong MFA tokens in the current 24-hour window. */
  mfaFailures(userId: string, options?: RequestOptions): Promise<OperatorMfaFailures> {
    return this.#send({ method: "GET", path: path`/users/${userId}/mfa-failures`, options });
  }

  /** Forgets them: the user can be challenged again at once. @example await operator.users.clearMfaFailures(userId); */
  clearMfaFailures(userId: string, options?: RequestOptions): Promise<OperatorMfaFailuresCleared> {
    return this.#send({ method: "DELETE", path: path`/users/${userId}/mfa-failures`, options });
  }
}

/** @example const { id, key } = await operator.devKeys.create({ name: "ci" }); */
export class OperatorDevKeys {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /** Ids, names and state; never a key (only its hash is stored). */
  list(options?: RequestOptions): Promise<OperatorDevKey[]> {
    return results(this.#send({ method: "GET", path: "/devkeys", options }));
  }

  /** Creates a developer key; the answer is the only place the key is ever shown. */
  create(
    input: { name: string; key?: string; mfaBypass?: boolean },
    options?: RequestOptions,
  ): Promise<OperatorCreatedDevKey> {
    return this.#send({ method: "POST", path: "/devkeys", body: input, options });
  }

  /** By id (`0dk…`), never by key: its sessions end at once. */
  deactivate(id: string, options?: RequestOptions): Promise<OperatorDeactivatedDevKey> {
    return this.#send({ method: "POST", path: path`/devkeys/${id}/deactivate`, options });
  }
}

/** AP & AR sync tokens. @example const { token } = await operator.syncTokens.create({ organizationId, name: "ERP" }); */
export class OperatorSyncTokens {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /** Every token, or one organization's, oldest first; never a value (only its hash is stored). */
  list(filter: { organizationId?: string } = {}, options?: RequestOptions): Promise<OperatorSyncToken[]> {
    return results(this.#send({ method: "GET", path: "/sync-tokens", query: filter, options }));
  }

  /** Creates a token; the answer is the only place its value (`token`) is ever shown. */
  create(
    input: { organizationId: string; name: string; userId?: string; token?: string },
    options?: RequestOptions,
  ): Promise<OperatorCreatedSyncToken> {
    return this.#send({ method: "POST", path: "/sync-tokens", body: input, options });
  }

  /** By id (`0sy…`): its sessions end at once. */
  revoke(id: string, options?: RequestOptions): Promise<OperatorRevokedSyncToken> {
    return this.#send({ method: "POST", path: path`/sync-tokens/${id}/revoke`, options });
  }
}

/** Partners: created with an appKey, a devKey and a first partner user, all shown once. */
export class OperatorPartners {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  list(options?: RequestOptions): Promise<OperatorPartner[]> {
    return results(this.#send({ method: "GET", path: "/partners", options }));
  }

  /** @example const { appKey, username, password } = await operator.partners.create({ name: "Acme" }); */
  create(
    input: { name: string; username?: string; password?: string },
    options?: RequestOptions,
  ): Promise<OperatorCreatedPartner> {
    return this.#send({ method: "POST", path: "/partners", body: input, options });
  }
}
