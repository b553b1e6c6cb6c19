/**
 * `BillPartnerClient`: BILL's partner level (spec section 8). A partner authenticates with
 * its `appKey` instead of a devKey, creates organizations, manages their users, and signs in
 * as one of those users to get an organization-level session bound to its devKey.
 */
import { BillClient, type BillClientOptions, type RawRequestParams, type RawResponse } from "./client.ts";
import { ApiCore, type RequestOptions } from "./core/api-core.ts";
import { defaultSleep, type Sleep } from "./core/backoff.ts";
import type { FetchLike } from "./core/http.ts";
import { AuthenticationError } from "./errors.ts";
import { PartnerOrganizations } from "./resources/partner-organizations.ts";
import { Roles } from "./resources/roles.ts";
import type { Send } from "./resources/send.ts";
import { Users } from "./resources/users.ts";
import type {
  LoginAsUserRequest,
  LoginResponse,
  LogoutResponse,
  PartnerCreateUserRequest,
  PartnerLoginRequest,
  PartnerLoginResponse,
  PartnerUpdateUserRequest,
} from "./types.ts";

/** Options of `new BillPartnerClient(...)`. */
export interface BillPartnerClientOptions {
  /** API base including `/connect`. */
  baseUrl: string;
  /** The partner's application key; sent in the login body and the `appKey` header. */
  appKey: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  maxRetries?: number;
  maxConcurrentPerOrganization?: number;
  sleep?: Sleep;
}

/** Partner users of one organization: as `client.users`, plus `username`/`externalReferenceId`, and `email` in updates. */
export type PartnerUsers = Users<PartnerCreateUserRequest, PartnerUpdateUserRequest>;

/**
 * A typed client for BILL's partner API. Partner sessions are not renewed automatically:
 * after `AuthenticationError` (`BDC_1109`) call `login` again.
 *
 * @example
 * import { BillPartnerClient } from "@billet/client";
 *
 * const partner = new BillPartnerClient({ baseUrl, appKey: process.env.BILL_APP_KEY! });
 * await partner.login({ username, password });
 * const organization = await partner.organizations.create({
 *   name: "Rice Cakes Inc",
 *   address: { line1: "987 Home St", city: "San Jose", zipOrPostalCode: "95002", country: "US" },
 * });
 * const user = await partner.users(organization.id).create({
 *   firstName: "Tomato",
 *   email: "tomato@example.com",
 *   acceptTermsOfService: true,
 * });
 * const client = await partner.userClient({ userId: user.id, organizationId: organization.id, devKey });
 */
export class BillPartnerClient {
  /** The organizations this partner created. */
  readonly organizations: PartnerOrganizations;
  readonly #core: ApiCore;
  readonly #options: BillPartnerClientOptions;
  #sessionId: string | null = null;

  constructor(options: BillPartnerClientOptions) {
    if (!options.baseUrl) throw new TypeError("BillPartnerClient: baseUrl is required");
    if (!options.appKey) throw new TypeError("BillPartnerClient: appKey is required");
    const fetchImpl = options.fetch ?? globalThis.fetch?.bind(globalThis);
    if (!fetchImpl) throw new TypeError("BillPartnerClient: no global fetch; pass options.fetch");
    this.#options = options;
    this.#core = new ApiCore({
      baseUrl: options.baseUrl,
      // Never sent: every partner call carries its own `appKey` header (auth: false below).
      devKey: "",
      fetch: fetchImpl,
      timeoutMs: options.timeoutMs ?? 60_000,
      maxRetries: options.maxRetries ?? 2,
      relogin: false,
      maxConcurrentPerOrganization: options.maxConcurrentPerOrganization ?? 3,
      sleep: options.sleep ?? defaultSleep,
    });
    this.organizations = new PartnerOrganizations(this.#send());
  }

  /**
   * The partner session id, or null before login and after logout.
   *
   * @example
   * await partner.login(credentials);
   * partner.sessionId; // "Zt0..."
   */
  get sessionId(): string | null {
    return this.#sessionId;
  }

  /**
   * Uses a partner session obtained elsewhere, or forgets it with `null`.
   *
   * @example
   * partner.useSession(savedPartnerSessionId);
   */
  useSession(sessionId: string | null): void {
    this.#sessionId = sessionId;
  }

  /** Sends a partner call: `appKey`, the session, and the organization it is about. */
  #send(organizationId?: string): Send {
    return (request) => {
      const headers: Record<string, string> = { ...request.headers, appKey: this.#options.appKey };
      if (this.#sessionId !== null) headers.sessionId = this.#sessionId;
      if (organizationId !== undefined) headers.organizationId = organizationId;
      return this.#core.request({
        ...request,
        auth: false,
        headers,
        organizationId: organizationId ?? request.organizationId ?? "partner",
      });
    };
  }

  /**
   * Sends exactly the request described, once, like `BillClient.rawRequest`; with
   * `auth: true` the `appKey` and current partner `sessionId` headers are added (`headers` win).
   *
   * @example
   * const res = await partner.rawRequest({ method: "GET", path: "/v3/partner/users", auth: true });
   * res.status; // 400: no organizationId header
   */
  rawRequest(params: RawRequestParams): Promise<RawResponse> {
    const auth: Record<string, string> = params.auth ? { appKey: this.#options.appKey } : {};
    if (params.auth && this.#sessionId !== null) auth.sessionId = this.#sessionId;
    return this.#core.raw({
      method: params.method,
      path: params.path,
      query: params.query,
      headers: { ...auth, ...params.headers },
      body: params.body,
      options: { signal: params.signal, timeoutMs: params.timeoutMs },
    });
  }

  /**
   * `POST /v3/partner/login`: a partner session, kept for later calls.
   *
   * @example
   * const { sessionId, userId } = await partner.login({ username: "acme-admin", password });
   */
  async login(
    credentials: Omit<PartnerLoginRequest, "appKey">,
    options?: RequestOptions,
  ): Promise<PartnerLoginResponse> {
    const result = await this.#core.request<PartnerLoginResponse>({
      method: "POST",
      path: "/v3/partner/login",
      body: { ...credentials, appKey: this.#options.appKey },
      auth: false,
      organizationId: "partner",
      options,
    });
    this.#sessionId = result.sessionId;
    return result;
  }

  /**
   * `POST /v3/logout` with `appKey` + `sessionId`: ends the partner session. The session is
   * forgotten, also when the server says it was already dead (`BDC_1109`).
   *
   * @example
   * await partner.logout();
   */
  async logout(options?: RequestOptions): Promise<LogoutResponse> {
    try {
      await this.#send()({ method: "POST", path: "/v3/logout", options });
      this.#sessionId = null;
      return {};
    } catch (error) {
      if (error instanceof AuthenticationError && error.code === "BDC_1109") this.#sessionId = null;
      throw error;
    }
  }

  /**
   * The users of one organization this partner created (`/v3/partner/users`).
   *
   * @example
   * for await (const user of partner.users(organizationId).list()) console.log(user.email);
   */
  users(organizationId: string): PartnerUsers {
    return new Users(this.#send(organizationId), "/v3/partner/users");
  }

  /**
   * The roles of one organization this partner created (`/v3/partner/roles`).
   *
   * @example
   * const roles = await partner.roles(organizationId).list().toArray();
   */
  roles(organizationId: string): Roles {
    return new Roles(this.#send(organizationId), "/v3/partner/roles");
  }

  /**
   * `POST /v3/partner/login-as-user`: an organization-level session for a user of an
   * organization this partner created, bound to the partner's devKey.
   *
   * @example
   * const { sessionId } = await partner.loginAsUser({ userId, organizationId });
   */
  loginAsUser(params: LoginAsUserRequest, options?: RequestOptions): Promise<LoginResponse> {
    return this.#send()({ method: "POST", path: "/v3/partner/login-as-user", body: params, options });
  }

  /**
   * `loginAsUser`, then a `BillClient` already on that session (with the partner's devKey),
   * for the organization-level calls. It cannot log in again by itself.
   *
   * @example
   * const client = await partner.userClient({ userId, organizationId, devKey: partnerDevKey });
   * await client.sessions.details();
   */
  async userClient(
    params: LoginAsUserRequest & { devKey: string },
    clientOptions: Partial<Omit<BillClientOptions, "devKey">> = {},
  ): Promise<BillClient> {
    const { devKey, ...login } = params;
    const session = await this.loginAsUser(login);
    const client = new BillClient({
      baseUrl: this.#options.baseUrl,
      devKey,
      ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
      ...clientOptions,
    });
    client.useSession(session.sessionId, session.organizationId);
    return client;
  }
}
