/**
 * The client's session: the current sessionId, its organization, and the credentials kept
 * for re-login. Concurrent callers that all see `BDC_1109` share one re-login here.
 */
import { BillApiError } from "../errors.ts";
import type { ConsoleLoginRequest, LoginRequest, LoginResponse } from "../types.ts";

/** What `sessions.login` was called with (the devKey comes from the client options). */
/** A password login's body, or a console user's with a Console API token; without the devKey. */
export type LoginCredentials = Omit<LoginRequest, "devKey"> | Omit<ConsoleLoginRequest, "devKey">;

export class SessionState {
  #sessionId: string | null = null;
  #organizationId: string | undefined;
  #credentials: LoginCredentials | undefined;
  #relogin: Promise<void> | undefined;

  get sessionId(): string | null {
    return this.#sessionId;
  }

  get organizationId(): string | undefined {
    return this.#organizationId;
  }

  /** Credentials of the last successful login, while re-login with them is allowed. */
  get credentials(): LoginCredentials | undefined {
    return this.#credentials;
  }

  /** Records a successful login. */
  loggedIn(result: LoginResponse, credentials: LoginCredentials): void {
    this.#sessionId = result.sessionId;
    this.#organizationId = result.organizationId;
    this.#credentials = { ...credentials };
  }

  /** Adopts a session made elsewhere; without its credentials there is no re-login. */
  use(sessionId: string | null, organizationId?: string): void {
    this.#sessionId = sessionId;
    this.#organizationId = sessionId === null ? undefined : organizationId;
    this.#credentials = undefined;
  }

  /** Forgets the session and the credentials (after logout). */
  forget(): void {
    this.use(null);
  }

  /**
   * Makes sure a fresh session replaces `staleSessionId`. When another caller already
   * replaced it nothing is sent; when a re-login is in flight the caller joins it; only
   * otherwise is `login` called. So any number of concurrent `BDC_1109`s cost one login.
   */
  async reloginAfter(
    staleSessionId: string | null,
    login: (credentials: LoginCredentials) => Promise<unknown>,
  ): Promise<void> {
    if (this.#relogin) return this.#relogin;
    if (this.#sessionId !== staleSessionId) return;
    const credentials = this.#credentials;
    if (!credentials) return;
    this.#relogin = login(credentials).then(
      () => undefined,
      (error: unknown) => {
        // Rejected credentials are dropped: retrying them on every later call would run
        // the username into BILL's lockout (10 failed logins).
        if (isCredentialRejection(error) && this.#credentials === credentials) {
          this.#credentials = undefined;
        }
        throw error;
      },
    );
    try {
      await this.#relogin;
    } finally {
      this.#relogin = undefined;
    }
  }
}

function isCredentialRejection(error: unknown): boolean {
  return error instanceof BillApiError && [400, 401, 403].includes(error.status);
}
