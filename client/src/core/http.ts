/**
 * One HTTP exchange: fetch, read and parse the body, with a timeout and the caller's abort
 * signal. No retries, no auth, no error mapping: the layers above decide those.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from "../errors.ts";

/** The subset of `fetch` the client needs; pass any compatible implementation. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** One request as it goes on the wire. */
export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** One answer: status, headers and the body, parsed as JSON when it says it is JSON. */
export interface WireResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * Sends one request and reads the whole answer. Throws `APIConnectionTimeoutError` after
 * `timeoutMs`, `APIUserAbortError` when `signal` fires, `APIConnectionError` for anything
 * else that prevents an answer. Never throws because of an HTTP status.
 */
export async function sendOnce(fetchImpl: FetchLike, request: WireRequest): Promise<WireResponse> {
  if (request.signal?.aborted) throw new APIUserAbortError();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  const onUserAbort = () => controller.abort();
  request.signal?.addEventListener("abort", onUserAbort, { once: true });
  try {
    const response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      // Any Uint8Array is a valid body at run time; TS 5.9 types only ArrayBuffer-backed ones.
      body: request.body as BodyInit | undefined,
      signal: controller.signal,
    });
    // The timer also covers reading the body: a server may send headers and then stall.
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: parseBody(response, text) };
  } catch (error) {
    if (timedOut) throw new APIConnectionTimeoutError(`Request timed out after ${request.timeoutMs} ms.`);
    if (request.signal?.aborted) throw new APIUserAbortError();
    throw new APIConnectionError(`Connection error: ${describe(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener("abort", onUserAbort);
  }
}

function parseBody(response: Response, text: string): unknown {
  const contentType = response.headers.get("content-type") ?? "";
  if (text.length === 0 || !/[/+]json\b/i.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
