/**
 * Wire types of BILL's v3 authentication and session API.
 *
 * This file is the single source of these shapes: the client uses them directly and the
 * server checks its TypeBox schemas against them at compile time (see src/routes/schemas.ts),
 * so the two cannot drift apart.
 */

/** One entry of BILL's error array. */
export interface BillErrorEntry {
  timestamp: string;
  code: string;
  severity: string;
  category: string;
  message: string;
  params: Record<string, string>;
}

/** Every error response body is an array of one or more entries. */
export type BillErrorBody = BillErrorEntry[];

/** `POST /v3/login` request body (the devKey is added by the client). */
export interface LoginRequest {
  username: string;
  password: string;
  organizationId: string;
  devKey: string;
  rememberMeId?: string;
  device?: string;
}

/** `POST /v3/login` response. */
export interface LoginResponse {
  sessionId: string;
  organizationId: string;
  userId: string;
  trusted: boolean;
}

export type MfaStatus = "DISABLED" | "SETUP" | "CHALLENGE" | "COMPLETE";

/** `GET /v3/login/session` response. */
export interface SessionDetails {
  organizationId: string;
  userId: string;
  mfaStatus: MfaStatus;
  mfaBypass: boolean;
  trusted: boolean;
}

/** `POST /v3/logout` response: an empty object. */
export type LogoutResponse = Record<string, never>;
