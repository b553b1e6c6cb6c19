/**
 * `client.mfa`: BILL's 2-Step Verification (spec section 7) — set up a phone, challenge it to
 * make the session trusted, step up with a remembered device.
 */
import type { RequestOptions } from "../core/api-core.ts";
import { BillApiError } from "../errors.ts";
import type {
  MfaChallengeRequest,
  MfaChallengeResponse,
  MfaChallengeValidateRequest,
  MfaChallengeValidateResponse,
  MfaPhonesResponse,
  MfaSetupRequest,
  MfaSetupResponse,
  MfaSetupValidateRequest,
  MfaSetupValidateResponse,
  MfaStepUpRequest,
  MfaStepUpResponse,
} from "../types.ts";
import type { Send } from "./send.ts";

/**
 * Where `runChallenge` gets the token the phone received: ask a person, read a test inbox,
 * read billet's outbox. `attempt` counts from 1 (see `RunChallengeOptions.attempts`).
 */
export type TokenSource = (challengeId: string, attempt: number) => string | Promise<string>;

/** Options of `mfa.runChallenge`. */
export interface RunChallengeOptions extends RequestOptions {
  /** Ask for a rememberMeId (valid 30 days for this user and `device`). */
  rememberMe?: boolean;
  /** Device nickname; required with `rememberMe`. */
  device?: string;
  machineName?: string;
  /**
   * Tokens `getToken` may supply for the one challenge: after a wrong one (`BDC_9002`) it is
   * asked again, up to this many times in all (default 1; BILL voids a challenge after 5).
   */
  attempts?: number;
}

/**
 * MFA endpoints. Reach it as `client.mfa`. Every call needs a session (`sessions.login`).
 *
 * @example
 * const { mfaStatus } = await client.sessions.details();
 * if (mfaStatus === "CHALLENGE") {
 *   await client.mfa.runChallenge(async () => prompt("Code from your phone:"));
 * }
 */
export class Mfa {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /**
   * `POST /v3/mfa/setup`: sends a token to the phone (E.164). Changing an already verified
   * phone needs a trusted session (403 `BDC_5324` "Mfa action blocked." otherwise).
   *
   * @example
   * const { setupId } = await client.mfa.setup({ phone: "+15551234567", type: "TEXT" });
   */
  setup(params: MfaSetupRequest, options?: RequestOptions): Promise<MfaSetupResponse> {
    return this.#send({ method: "POST", path: "/v3/mfa/setup", body: params, options });
  }

  /**
   * `POST /v3/mfa/setup/validate`: the token sent by `setup` makes the phone the user's
   * verified MFA phone; answers `{ status: "SUCCESS" }`. Wrong token: `BDC_9002`; the fifth wrong one: `BDC_1358`; after 10
   * minutes or once used: `BDC_1356`.
   *
   * @example
   * await client.mfa.validateSetup({ setupId, type: "TEXT", token: "123456" });
   */
  validateSetup(
    params: MfaSetupValidateRequest,
    options?: RequestOptions,
  ): Promise<MfaSetupValidateResponse> {
    return this.#send({ method: "POST", path: "/v3/mfa/setup/validate", body: params, options });
  }

  /**
   * `GET /v3/mfa/phones`: the verified phone, as BILL lists it (`MOBILE` for a `TEXT` setup,
   * `WORK` for `VOICE`), with its last four digits; `phone`, masked, is billet's own.
   *
   * @example
   * const { results } = await client.mfa.phones();
   * results[0]?.last4digits; // "4567"
   */
  phones(options?: RequestOptions): Promise<MfaPhonesResponse> {
    return this.#send({ method: "GET", path: "/v3/mfa/phones", options });
  }

  /**
   * `POST /v3/mfa/challenge`: sends a token to the verified phone (400 `BDC_1354` without one).
   * At most 5 tokens (setups and challenges together) per user per minute: `BDC_1144`.
   *
   * @example
   * const { challengeId } = await client.mfa.challenge();
   */
  challenge(params: MfaChallengeRequest = {}, options?: RequestOptions): Promise<MfaChallengeResponse> {
    return this.#send({ method: "POST", path: "/v3/mfa/challenge", body: params, options });
  }

  /**
   * `POST /v3/mfa/challenge/validate`: a right token makes the current session trusted; with
   * `rememberMe: true` (and a `device`) the answer also carries a `rememberMeId`.
   *
   * @example
   * const { rememberMeId } = await client.mfa.validateChallenge({
   *   challengeId,
   *   token: "123456",
   *   rememberMe: true,
   *   device: "ci-runner",
   * });
   */
  validateChallenge(
    params: MfaChallengeValidateRequest,
    options?: RequestOptions,
  ): Promise<MfaChallengeValidateResponse> {
    return this.#send({ method: "POST", path: "/v3/mfa/challenge/validate", body: params, options });
  }

  /**
   * `POST /v3/mfa/step-up`: a rememberMeId (with its device name) makes the current session
   * trusted without a token. Invalid, expired or revoked: `BDC_9003`.
   *
   * @example
   * await client.mfa.stepUp({ rememberMeId, device: "ci-runner" });
   */
  stepUp(params: MfaStepUpRequest, options?: RequestOptions): Promise<MfaStepUpResponse> {
    return this.#send({ method: "POST", path: "/v3/mfa/step-up", body: params, options });
  }

  /**
   * The whole challenge flow: `challenge`, then `getToken(challengeId)`, then
   * `validateChallenge`. Resolves when the session is trusted (with a `rememberMeId` when
   * asked for one); throws the API's error otherwise.
   *
   * @example
   * // Against billet in a test: read the token from the delivery outbox.
   * const { rememberMeId } = await client.mfa.runChallenge(() => readCodeFromOutbox(), {
   *   rememberMe: true,
   *   device: "ci-runner",
   * });
   * // Later logins skip the challenge:
   * await client.sessions.login({ ...credentials, rememberMeId, device: "ci-runner" });
   */
  async runChallenge(
    getToken: TokenSource,
    options: RunChallengeOptions = {},
  ): Promise<MfaChallengeValidateResponse> {
    const { rememberMe, device, machineName, attempts = 1, ...requestOptions } = options;
    if (rememberMe && !device) throw new TypeError("runChallenge: rememberMe needs a device name");
    if (!Number.isInteger(attempts) || attempts < 1)
      throw new TypeError("runChallenge: attempts must be 1 or more");
    const { challengeId } = await this.challenge({}, requestOptions);
    for (let attempt = 1; ; attempt++) {
      const token = await getToken(challengeId, attempt);
      try {
        return await this.validateChallenge(
          {
            challengeId,
            token,
            ...(rememberMe ? { rememberMe } : {}),
            ...(device !== undefined ? { device } : {}),
            ...(machineName !== undefined ? { machineName } : {}),
          },
          requestOptions,
        );
      } catch (error) {
        if (attempt < attempts && error instanceof BillApiError && error.code === "BDC_9002") continue;
        throw error;
      }
    }
  }
}
