/** Wire types of billet's operator API (`/operator/v1`, billet only — BILL has no such API). */

export interface OperatorClock {
  time: string;
  epochMs: number;
  settable: boolean;
}

export interface OperatorFaultInput {
  /** `/v3/login`, `/connect/v3/login`, or a prefix ending in `*`. */
  path: string;
  /** `*` (default) or an HTTP method. */
  method?: string;
  /** How many matching requests it applies to (default 1). */
  times?: number;
  devKeyId?: string;
  organizationId?: string;
  /** Answer with this BDC code (and `status` where one code has two, e.g. BDC_1122). */
  error?: string;
  status?: number;
  /** Delay the request this long, then handle it normally. */
  latencyMs?: number;
  /** Close the connection without an answer. */
  drop?: true;
}

export interface OperatorFault {
  id: string;
  path: string;
  method: string;
  remaining: number;
  devKeyId?: string;
  organizationId?: string;
  action: { kind: "error"; errorKey: string } | { kind: "latency"; ms: number } | { kind: "drop" };
  createdAt: number;
}

export interface OperatorOutboxMessage {
  id: string;
  channel: "TEXT" | "VOICE" | "EMAIL";
  recipient: string;
  purpose: string;
  text: string;
  userId: string | null;
  organizationId: string | null;
  createdTime: string;
}

export interface OperatorSession {
  ref: string;
  organizationId: string;
  userId: string;
  userEmail: string;
  devKeyId: string;
  devKeyName: string;
  trusted: boolean;
  createdTime: string;
  lastActiveTime: string;
  idleDeadline: string;
  expired: boolean;
}

export interface OperatorAuditEvent {
  id: string;
  time: string;
  event: string;
  code: string | null;
  /** The account's email after a successful login; never the text of a failed one. */
  username: string | null;
  /** SHA-256 (hex) of the username of a failed login that matched no user. */
  usernameHash: string | null;
  userId: string | null;
  organizationId: string | null;
  devKeyId: string | null;
  sessionRef: string | null;
  ip: string | null;
  reason: string | null;
}

export interface OperatorRequestLogEntry {
  requestId: string;
  time: string | null;
  method: string;
  path: string;
  status: number;
  codes: string[];
  latencyMs: number;
  devKeyId: string | null;
  devKeyName: string | null;
  organizationId: string | null;
  warnings: string[];
  requestBody: unknown;
  responseBody: unknown;
}

export interface OperatorOrganization {
  id: string;
  name: string;
  locked: boolean;
  createdTime: string;
  updatedTime: string;
}

export interface OperatorDevKey {
  id: string;
  name: string;
  active: boolean;
  mfaBypass: boolean;
  createdTime: string;
  deactivatedTime: string | null;
}
