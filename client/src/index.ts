/**
 * @billet/client: a typed, dependency-free client for BILL's v3 authentication and session
 * API. It speaks to BILL's gateway and to billet alike; only `baseUrl` and `devKey` differ.
 */
export {
  BillClient,
  type BillClientOptions,
  type RawRequestParams,
  type RawResponse,
} from "./client.ts";
export type { RequestOptions } from "./core/api-core.ts";
export type { Sleep } from "./core/backoff.ts";
export type { FetchLike } from "./core/http.ts";
export { PagedList, type PageFetcher } from "./core/pagination.ts";
export { path, type QueryParams } from "./core/path.ts";
export { errorFromResponse, RATE_LIMIT_CODES } from "./error-from-response.ts";
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  BillApiError,
  BillClientError,
  ConflictError,
  errorParams,
  InternalServerError,
  MethodNotAllowedError,
  NotFoundError,
  OAuthTokenError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  UnsupportedMediaTypeError,
} from "./errors.ts";
export { OperatorClient, type OperatorClientOptions } from "./operator.ts";
export type * from "./operator-types.ts";
export {
  BillPartnerClient,
  type BillPartnerClientOptions,
  type PartnerUsers,
} from "./partner-client.ts";
export { BulkChangeRecords } from "./resources/bulk-change-records.ts";
export { Classifications } from "./resources/classifications.ts";
export { BankAccounts, FundingAccounts } from "./resources/funding-accounts.ts";
export { Invoices, ReceivablePayments } from "./resources/invoices.ts";
export { Mfa, type RunChallengeOptions, type TokenSource } from "./resources/mfa.ts";
export { OAuthApps } from "./resources/oauth-apps.ts";
export {
  OperatorDevKeys,
  OperatorOrganizations,
  OperatorPartners,
  OperatorSyncTokens,
  OperatorUsers,
} from "./resources/operator-accounts.ts";
export { OperatorConsoles } from "./resources/operator-consoles.ts";
export { OperatorOAuthApps } from "./resources/operator-oauth-apps.ts";
export {
  DevKeyLimits,
  OperatorAuditLog,
  OperatorOutbox,
  OperatorRequestLog,
  OperatorSessions,
} from "./resources/operator-observe.ts";
export { OperatorResources, OperatorSeed } from "./resources/operator-resources.ts";
export {
  type ClockAdvance,
  type ClockMoveOptions,
  OperatorFaults,
  TestClock,
} from "./resources/operator-sandbox.ts";
export { Organizations } from "./resources/organizations.ts";
export { PartnerOrganizations } from "./resources/partner-organizations.ts";
export { BillRecords, Payments } from "./resources/payments.ts";
export { BulkRecords, Records } from "./resources/records.ts";
export { Roles } from "./resources/roles.ts";
export type { CreateOptions, Send, SessionControl } from "./resources/send.ts";
export { type LoginParams, Sessions } from "./resources/sessions.ts";
export { Users } from "./resources/users.ts";
export { Vendors } from "./resources/vendors.ts";
export type * from "./types.ts";
