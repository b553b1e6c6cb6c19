/**
 * `BillClient`: the entry point. Shaped like openai-node: options in, resources as small
 * objects, one error class per status.
 */
import { ApiCore, type RequestOptions } from "./core/api-core.ts";
import { defaultSleep, type Sleep } from "./core/backoff.ts";
import type { FetchLike } from "./core/http.ts";
import { OAuthTokens } from "./core/oauth.ts";
import type { QueryParams } from "./core/path.ts";
import { BillApprovals } from "./resources/bill-approvals.ts";
import { BulkChangeRecords } from "./resources/bulk-change-records.ts";
import { Classifications } from "./resources/classifications.ts";
import { FundingAccounts } from "./resources/funding-accounts.ts";
import { Invoices, ReceivablePayments } from "./resources/invoices.ts";
import { Mfa } from "./resources/mfa.ts";
import { OAuthApps } from "./resources/oauth-apps.ts";
import { Organizations } from "./resources/organizations.ts";
import { BillRecords, Payments } from "./resources/payments.ts";
import { Records } from "./resources/records.ts";
import { Roles } from "./resources/roles.ts";
import type { Send } from "./resources/send.ts";
import { Sessions } from "./resources/sessions.ts";
import { Users } from "./resources/users.ts";
import { Vendors } from "./resources/vendors.ts";
import type {
  CreateCreditMemoRequest,
  CreateCustomerRequest,
  CreateVendorCreditRequest,
  CreditMemo,
  Customer,
  UpdateCreditMemoRequest,
  UpdateCustomerRequest,
  UpdateVendorCreditRequest,
  VendorCredit,
} from "./types.ts";

/** Options of `new BillClient(...)`. */
export interface BillClientOptions {
  /** API base including `/connect`, e.g. `https://gateway.stage.bill.com/connect`. */
  baseUrl: string;
  /** Developer key; sent in the login body and in the `devKey` header. Not needed with `clientId`. */
  devKey?: string;
  /**
   * OAuth 2.0 client credentials (BILL's recommended sign-in): the client fetches an access
   * token from `tokenUrl`, keeps it, fetches a new one before it expires and once more when a
   * call answers 401, and sends `Authorization: Bearer` instead of devKey + sessionId.
   */
  clientId?: string;
  clientSecret?: string;
  /** The token endpoint (default: `/authx/token` on the base URL's host; BILL's is on its auth host). */
  tokenUrl?: string;
  /** Seconds before its end a token is replaced (default 60). */
  tokenRefreshSeconds?: number;
  /** The client's clock, Unix ms (default `Date.now`). For tests. */
  now?: () => number;
  /** A `fetch` implementation (default: the global one). */
  fetch?: FetchLike;
  /** Per-attempt timeout in milliseconds (default 60000). */
  timeoutMs?: number;
  /** Retries for `BDC_1322` and for connection errors of GETs (default 2). */
  maxRetries?: number;
  /** Log in again once and replay a call answered `BDC_1109` (default true). */
  relogin?: boolean;
  /** Requests in flight per organization; the rest wait in FIFO order (default 3). */
  maxConcurrentPerOrganization?: number;
  /** How the client waits between retries (default: a real timer). For tests. */
  sleep?: Sleep;
}

/** Arguments of `rawRequest`. */
export interface RawRequestParams extends RequestOptions {
  method: string;
  /** Path under the base URL, e.g. `/v3/login`. Not encoded: you control it byte for byte. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  query?: QueryParams;
  /** Add the client's `devKey` and current `sessionId` headers (default false); `headers` win. */
  auth?: boolean;
}

/** The answer of `rawRequest`. */
export interface RawResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer says it is JSON (and parses), else the text. */
  body: unknown;
}

/**
 * A typed client for BILL's v3 authentication and session API, and for billet.
 *
 * @example
 * import { BillClient } from "@billet/client";
 *
 * const client = new BillClient({
 *   baseUrl: "https://gateway.stage.bill.com/connect",
 *   devKey: process.env.BILL_DEV_KEY!,
 * });
 * await client.sessions.login({ username, password, organizationId });
 * console.log(await client.sessions.details());
 */
export class BillClient {
  /** Log in, read the session, log out. */
  readonly sessions: Sessions;
  /** 2-Step Verification: phone setup, challenges, step-up with a rememberMeId. */
  readonly mfa: Mfa;
  /** The users of the session's organization. */
  readonly users: Users;
  /** The session's own organization. */
  readonly organizations: Organizations;
  /** The roles of the session's organization. */
  readonly roles: Roles;
  /** The organization's vendors (AP), their bank accounts and configuration. */
  readonly vendors: Omit<Vendors, "replace">;
  /** The organization's funding accounts: `fundingAccounts.banks`. */
  readonly fundingAccounts: FundingAccounts;
  /** The organization's bills (AP); `replace` is `PUT`, and a bulk create answers an array. */
  readonly bills: BillRecords;
  /** The organization's payments (AP): pay, cancel, void, payment options. */
  readonly payments: Payments;
  /**
   * The organization's vendor credits (AP), applied to bills through payments; bulk create,
   * PATCH, PUT and archive. Archived credits cannot be restored: BILL has no restore of them.
   */
  readonly vendorCredits: Omit<
    BulkChangeRecords<
      VendorCredit,
      CreateVendorCreditRequest,
      UpdateVendorCreditRequest,
      { vendorCredits: VendorCredit[] }
    >,
    "restore" | "restoreMany"
  >;
  /** The organization's customers (AR); there is no bulk create of customers. */
  readonly customers: Omit<Records<Customer, CreateCustomerRequest, UpdateCustomerRequest>, "replace">;
  /** The organization's invoices (AR), with `recordPayment`, `email` and `paymentLink`. */
  readonly invoices: Invoices;
  /** Payments recorded against invoices (list and get). */
  readonly receivablePayments: ReceivablePayments;
  /** The organization's credit memos (AR); every bulk call answers `{ creditMemos }`. */
  readonly creditMemos: BulkChangeRecords<
    CreditMemo,
    CreateCreditMemoRequest,
    UpdateCreditMemoRequest,
    { creditMemos: CreditMemo[] }
  >;
  /** The organization's general-ledger classifications (chart of accounts, classes, …). */
  readonly classifications: Classifications;
  /** Bill approval policies, the bills waiting for the session's user, approve and deny. */
  readonly billApprovals: BillApprovals;
  /** The organization's OAuth client-credentials apps (billet's `/v3/oauth/apps`). */
  readonly oauthApps: OAuthApps;
  readonly #core: ApiCore;

  constructor(options: BillClientOptions) {
    if (!options.baseUrl) throw new TypeError("BillClient: baseUrl is required");
    const oauth = options.clientId !== undefined || options.clientSecret !== undefined;
    if (oauth && (!options.clientId || !options.clientSecret)) {
      throw new TypeError("BillClient: clientId and clientSecret go together");
    }
    if (!oauth && !options.devKey) throw new TypeError("BillClient: devKey is required");
    const fetchImpl = options.fetch ?? globalThis.fetch?.bind(globalThis);
    if (!fetchImpl) throw new TypeError("BillClient: no global fetch; pass options.fetch");
    const timeoutMs = options.timeoutMs ?? 60_000;
    this.#core = new ApiCore({
      baseUrl: options.baseUrl,
      devKey: options.devKey ?? "",
      ...(oauth
        ? {
            oauth: new OAuthTokens({
              tokenUrl: options.tokenUrl ?? defaultTokenUrl(options.baseUrl),
              clientId: options.clientId as string,
              clientSecret: options.clientSecret as string,
              fetch: fetchImpl,
              timeoutMs,
              now: options.now ?? Date.now,
              refreshBeforeMs: (options.tokenRefreshSeconds ?? 60) * 1000,
            }),
          }
        : {}),
      fetch: fetchImpl,
      timeoutMs,
      maxRetries: options.maxRetries ?? 2,
      relogin: options.relogin ?? true,
      maxConcurrentPerOrganization: options.maxConcurrentPerOrganization ?? 3,
      sleep: options.sleep ?? defaultSleep,
    });
    const core = this.#core;
    const send: Send = (request) => core.request(request);
    this.sessions = new Sessions(send, {
      login: (credentials, options) => core.login(credentials, options),
      forget: () => core.session.forget(),
    });
    this.mfa = new Mfa(send);
    this.users = new Users(send);
    this.organizations = new Organizations(send);
    this.roles = new Roles(send);
    this.vendors = new Vendors(send, "/v3/vendors");
    this.fundingAccounts = new FundingAccounts(send);
    this.bills = new BillRecords(send, "/v3/bills");
    this.payments = new Payments(send);
    this.vendorCredits = new BulkChangeRecords(send, "/v3/vendor-credits");
    this.customers = new Records(send, "/v3/customers");
    this.invoices = new Invoices(send);
    this.receivablePayments = new ReceivablePayments(send);
    this.creditMemos = new BulkChangeRecords(send, "/v3/credit-memos");
    this.classifications = new Classifications(send);
    this.billApprovals = new BillApprovals(send);
    this.oauthApps = new OAuthApps(send);
  }

  /**
   * The current session id, or null before login and after logout.
   *
   * @example
   * await client.sessions.login(credentials);
   * client.sessionId; // "k3J9..."
   */
  get sessionId(): string | null {
    return this.#core.session.sessionId;
  }

  /**
   * The organization of the current session, when known.
   *
   * @example
   * client.organizationId; // "00801ABCDEFGHIJKLMNO"
   */
  get organizationId(): string | undefined {
    return this.#core.session.organizationId;
  }

  /**
   * Uses a session obtained elsewhere (or clears it with `null`). Such a session cannot be
   * renewed by re-login, because the client does not know its credentials. Give its
   * organization so that the concurrency cap counts it in the right lane.
   *
   * @example
   * client.useSession(savedSessionId, "00801ABCDEFGHIJKLMNO");
   * client.useSession(null); // forget it
   */
  useSession(sessionId: string | null, organizationId?: string): void {
    this.#core.session.use(sessionId, organizationId);
  }

  /**
   * Sends exactly the request described, once: no retries, no re-login, no concurrency
   * cap, no headers of its own (unless `auth: true`), and no throwing for HTTP statuses.
   * Meant for tests of malformed input and for endpoints the client does not cover yet.
   * Connection failures, timeouts and aborts still throw.
   *
   * @example
   * const res = await client.rawRequest({
   *   method: "POST",
   *   path: "/v3/login",
   *   headers: { "Content-Type": "application/json" },
   *   body: "{not json",
   * });
   * res.status; // 400
   * res.body; // [{ code: "BDC_1122", ... }]
   */
  rawRequest(params: RawRequestParams): Promise<RawResponse> {
    // The caller's own headers win, so a test can send auth headers with one value changed.
    const headers = { ...(params.auth ? this.#core.authHeaders() : {}), ...params.headers };
    return this.#core.raw({
      method: params.method,
      path: params.path,
      query: params.query,
      headers,
      body: params.body,
      options: { signal: params.signal, timeoutMs: params.timeoutMs },
    });
  }
}

/** `/authx/token` on the host of a `…/connect` base URL (billet serves both on one listener). */
function defaultTokenUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "").replace(/\/connect$/, "")}/authx/token`;
}
