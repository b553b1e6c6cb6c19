/**
 * `client.sessions`: log in, read the session, log out (spec sections 3 and 4).
 */
import type { RequestOptions } from "../core/api-core.ts";
import { PagedList } from "../core/pagination.ts";
import type { LoginCredentials } from "../core/session-state.ts";
import { AuthenticationError } from "../errors.ts";
import type {
  ListParams,
  ListResponse,
  LoginOrganization,
  LoginResponse,
  LogoutResponse,
  SessionDetails,
} from "../types.ts";
import type { Send, SessionControl } from "./send.ts";

/** Arguments of `sessions.login`: the `POST /v3/login` body without the devKey. */
export type LoginParams = LoginCredentials;

/**
 * Session endpoints. Reach it as `client.sessions`.
 *
 * @example
 * const session = await client.sessions.login({ username, password, organizationId });
 * const details = await client.sessions.details();
 * await client.sessions.logout();
 */
export class Sessions {
  readonly #send: Send;
  readonly #session: SessionControl;

  constructor(send: Send, session: SessionControl) {
    this.#send = send;
    this.#session = session;
  }

  /**
   * `POST /v3/login`. The client's devKey goes into the JSON body (never the URL). On success
   * the client uses the new session for later calls and keeps the credentials so that it
   * can log in again once when BILL answers `BDC_1109` (see the `relogin` option).
   *
   * @example
   * const { sessionId, userId, trusted } = await client.sessions.login({
   *   username: "ada@example.com",
   *   password: process.env.BILL_PASSWORD!,
   *   organizationId: "00801ABCDEFGHIJKLMNO",
   * });
   * // An Accountant Console user: a Console API token in place of the password.
   * await client.sessions.login({ username, consoleApiToken, organizationId });
   */
  login(params: LoginParams, options?: RequestOptions): Promise<LoginResponse> {
    return this.#session.login(params, options);
  }

  /**
   * `GET /v3/login/session`: the organization, user and MFA state of the current session.
   *
   * @example
   * const { mfaStatus, trusted } = await client.sessions.details();
   * if (mfaStatus === "CHALLENGE") {
   *   // step up before calling MFA-protected operations
   * }
   */
  details(options?: RequestOptions): Promise<SessionDetails> {
    return this.#send<SessionDetails>({
      method: "GET",
      path: "/v3/login/session",
      options,
    });
  }

  /**
   * `GET /v3/login/organizations`, every page: the organizations the session's user can
   * access, each with the console organization it is reached through, if any.
   *
   * @example
   * for await (const org of client.sessions.loginOrganizations()) console.log(org.id, org.consoleOrganization?.name);
   */
  loginOrganizations(params: ListParams = {}, options?: RequestOptions): PagedList<LoginOrganization> {
    return new PagedList(
      (page, pageOptions) => this.loginOrganizationsPage(page, pageOptions),
      params,
      options,
    );
  }

  /** `GET /v3/login/organizations`, one page (100 by default, as BILL's). */
  loginOrganizationsPage(
    params: ListParams = {},
    options?: RequestOptions,
  ): Promise<ListResponse<LoginOrganization>> {
    return this.#send({ method: "GET", path: "/v3/login/organizations", query: { ...params }, options });
  }

  /**
   * `POST /v3/logout` (no body). The client then forgets the session and the credentials,
   * so no later call logs in again silently. Never re-logs in: a session that is already
   * dead answers `AuthenticationError` (`BDC_1109`), and is forgotten all the same.
   *
   * @example
   * await client.sessions.logout();
   * client.sessionId; // null
   */
  async logout(options?: RequestOptions): Promise<LogoutResponse> {
    try {
      await this.#send<unknown>({
        method: "POST",
        path: "/v3/logout",
        relogin: false,
        options,
      });
      this.#session.forget();
      // BILL documents no fields; billet answers `{}`. Either way the caller gets `{}`.
      return {};
    } catch (error) {
      if (error instanceof AuthenticationError && error.code === "BDC_1109") {
        this.#session.forget();
      }
      throw error;
    }
  }
}
