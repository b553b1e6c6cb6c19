/**
 * Test helpers: a scripted `fetch` that records every request and answers from a handler,
 * and deferred promises to control ordering without timers. Not part of the build.
 */
import { BillClient, type BillClientOptions } from "../client.ts";
import type { FetchLike } from "../core/http.ts";

/** A request as the fake fetch saw it. */
export interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

export type Handler = (request: RecordedRequest) => Response | Promise<Response>;

export interface FakeFetch {
  fetch: FetchLike;
  requests: RecordedRequest[];
}

export function fakeFetch(handler: Handler): FakeFetch {
  const requests: RecordedRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    const body = init.body;
    const request: RecordedRequest = {
      url,
      method: init.method ?? "GET",
      headers: new Headers(init.headers),
      body: typeof body === "string" ? body : body ? new TextDecoder().decode(body as Uint8Array) : undefined,
      signal: init.signal ?? undefined,
    };
    requests.push(request);
    return handler(request);
  };
  return { fetch, requests };
}

/** A JSON answer with an `X-Request-Id`. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-request-id": "req-1",
      ...headers,
    },
  });
}

/** BILL's error array with one entry. */
export function billError(status: number, code: string, headers: Record<string, string> = {}): Response {
  return json(status, [errorEntry(code)], headers);
}

export function errorEntry(code: string, message = `message of ${code}`) {
  return {
    timestamp: "2026-11-29T10:15:30.123+00:00",
    code,
    severity: "ERROR",
    category: "DOWNSTREAM",
    message,
  };
}

/** A fetch that never answers, and rejects like real fetch when its signal aborts. */
export function hang(request: RecordedRequest): Promise<Response> {
  return new Promise((_resolve, reject) => {
    request.signal?.addEventListener("abort", () => {
      reject(new DOMException("This operation was aborted", "AbortError"));
    });
  });
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run. */
export async function flush(rounds = 10): Promise<void> {
  for (let index = 0; index < rounds; index++) await Promise.resolve();
}

export const BASE_URL = "http://127.0.0.1:3000/connect";
export const DEV_KEY = "dev-key-secret";
export const ORG = "00801ABCDEFGHIJKLMNO";
export const CREDENTIALS = {
  username: "ada@example.com",
  password: "pa ss/word?&",
  organizationId: ORG,
};

export function loginOk(sessionId: string, organizationId = ORG): Response {
  return json(200, { sessionId, organizationId, userId: "00601ABCDEFGHIJKLMNO", trusted: false });
}

export const SESSION_DETAILS = {
  organizationId: ORG,
  userId: "00601ABCDEFGHIJKLMNO",
  mfaStatus: "DISABLED",
  mfaBypass: false,
  trusted: false,
};

/** A client on the fake fetch whose sleeps are recorded, not waited. */
export function makeClient(handler: Handler, options: Partial<BillClientOptions> = {}) {
  const fake = fakeFetch(handler);
  const sleeps: number[] = [];
  const client = new BillClient({
    baseUrl: BASE_URL,
    devKey: DEV_KEY,
    fetch: fake.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { client, requests: fake.requests, sleeps };
}
