/**
 * OAuth 2.0 client credentials for `BillClient` (BILL's "Create an access token": `POST
 * /authx/token`, then `Authorization: Bearer {access_token}`). One token is kept and shared by
 * every call; it is fetched again shortly before `expires_in` runs out (the client's clock), and
 * at once when a call answers 401 with it. Concurrent calls wait for one fetch, never several.
 */
import { OAuthTokenError } from "../errors.ts";
import type { TokenResponse } from "../types.ts";
import { type FetchLike, sendOnce } from "./http.ts";

export interface OAuthSettings {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  fetch: FetchLike;
  timeoutMs: number;
  /** Unix ms now (the client's clock; injected in tests). */
  now: () => number;
  /** How long before its end a token is replaced, ms. */
  refreshBeforeMs: number;
}

/** RFC 6749 section 2.3.1: each of id and secret form-urlencoded, then Basic. */
const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");

export class OAuthTokens {
  readonly #settings: OAuthSettings;
  #current: { token: string; renewAt: number; scope: string } | undefined;
  #pending: Promise<string> | undefined;

  constructor(settings: OAuthSettings) {
    this.#settings = settings;
  }

  /** The token to send now: the kept one while it is fresh, else a new one. */
  async token(signal?: AbortSignal): Promise<string> {
    const current = this.#current;
    if (current && this.#settings.now() < current.renewAt) return current.token;
    this.#pending ??= this.#fetch(signal).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** The scope of the kept token, when there is one. */
  get scope(): string | undefined {
    return this.#current?.scope;
  }

  /** Forgets `token` (a call answered 401 with it): the next call fetches another. */
  invalidate(token: string): void {
    if (this.#current?.token === token) this.#current = undefined;
  }

  async #fetch(signal?: AbortSignal): Promise<string> {
    const { clientId, clientSecret } = this.#settings;
    const startedAt = this.#settings.now();
    const response = await sendOnce(this.#settings.fetch, {
      method: "POST",
      url: this.#settings.tokenUrl,
      headers: {
        Accept: "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: `Basic ${toBase64(`${formEncode(clientId)}:${formEncode(clientSecret)}`)}`,
      },
      body: "grant_type=client_credentials",
      timeoutMs: this.#settings.timeoutMs,
      ...(signal ? { signal } : {}),
    });
    const body = response.body as Partial<TokenResponse> & { error?: unknown; error_description?: unknown };
    if (response.status !== 200 || typeof body?.access_token !== "string") {
      throw new OAuthTokenError({
        status: response.status,
        error: typeof body?.error === "string" ? body.error : "invalid_response",
        ...(typeof body?.error_description === "string" ? { errorDescription: body.error_description } : {}),
        headers: response.headers,
      });
    }
    const lifetimeMs = (typeof body.expires_in === "number" ? body.expires_in : 0) * 1000;
    // Counted from when the request left: the token's end is no later than that.
    const renewAt =
      startedAt + Math.max(0, lifetimeMs - Math.min(this.#settings.refreshBeforeMs, lifetimeMs / 2));
    this.#current = { token: body.access_token, renewAt, scope: String(body.scope ?? "") };
    return body.access_token;
  }
}

function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
