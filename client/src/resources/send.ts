/**
 * What the provisioning resources need from a client: a way to send one authenticated call.
 * `BillClient` sends with `devKey` + `sessionId`; `BillPartnerClient` with `appKey` +
 * `sessionId` (and `organizationId` for one organization's users and roles), so one resource
 * class serves both.
 */
import type { ApiRequest, RequestOptions } from "../core/api-core.ts";

export type Send = <T>(request: ApiRequest) => Promise<T>;

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
