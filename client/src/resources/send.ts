/**
 * What every resource needs from a client: a way to send one call and get its JSON answer
 * (or the error class of its status). The resources are small classes over it, and each
 * client decides how a call is sent: `BillClient` with `devKey` + `sessionId` (retries,
 * re-login, the concurrency cap of its core), `BillPartnerClient` with `appKey` + `sessionId`
 * (and `organizationId` for one organization's users and roles), `OperatorClient` with its
 * bearer token. So one resource class can serve several clients.
 */
import type { ApiRequest, RequestOptions } from "../core/api-core.ts";
import type { LoginCredentials } from "../core/session-state.ts";
import type { LoginResponse } from "../types.ts";

export type Send = <T>(request: ApiRequest) => Promise<T>;

/** What `client.sessions` needs beyond sending: the client's own session to set and forget. */
export interface SessionControl {
  /** `POST /v3/login`; the client then uses the new session and keeps the credentials. */
  login(credentials: LoginCredentials, options?: RequestOptions): Promise<LoginResponse>;
  /** Forgets the session and the credentials. */
  forget(): void;
}

/** Options of a create: the per-call options plus an idempotency key. */
export interface CreateOptions extends RequestOptions {
  /**
   * Sent as `X-Idempotent-Key`: the same key with the same body within 24 hours gets the
   * first response again instead of creating twice; with another body, `ConflictError`
   * (`BDC_9008`). With a key, a create that failed to connect is retried like a GET.
   */
  idempotencyKey?: string;
}

export const IDEMPOTENCY_HEADER = "X-Idempotent-Key";

/** The headers of a create's options. */
export function createHeaders(options: CreateOptions | undefined): Record<string, string> {
  return options?.idempotencyKey === undefined ? {} : { [IDEMPOTENCY_HEADER]: options.idempotencyKey };
}

/** The per-call options without the create-only ones. */
export function requestOptions(options: CreateOptions | undefined): RequestOptions | undefined {
  if (!options) return undefined;
  const { idempotencyKey: _key, ...rest } = options;
  return rest;
}
