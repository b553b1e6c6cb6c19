/** Keys whose values are replaced before a body is kept: the secrets the spec names, and more. */
const SECRET_KEYS = new Set(
  [
    "password",
    "sessionid",
    "devkey",
    "appkey",
    "token",
    "remembermeid",
    "mfaid",
    "key",
    "operatortoken",
    "client_secret",
    "access_token",
    "clientsecret",
    "consoleapitoken",
  ].map((k) => k.toLowerCase()),
);

/**
 * In what a client sent, a username is typed text: a failed login's may be a password typed
 * into the wrong field, so request bodies never show one (answers show only stored names).
 */
const TYPED_SECRET_KEYS = new Set([...SECRET_KEYS, "username"]);

/** A copy of a JSON value with every secret-named field replaced, at any depth. */
export function redact(value: unknown, depth = 0, secrets: ReadonlySet<string> = SECRET_KEYS): unknown {
  if (depth > 8) return "[deep]";
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redact(item, depth + 1, secrets));
  if (value === null || typeof value !== "object") {
    return typeof value === "string" && value.length > 200 ? `${value.slice(0, 200)}…` : value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>).slice(0, 50)) {
    out[key] = secrets.has(key.toLowerCase()) ? "[redacted]" : redact(item, depth + 1, secrets);
  }
  return out;
}

export interface RequestLogEntry {
  requestId: string;
  at: number;
  method: string;
  /** Without the query string, which may carry secrets. */
  path: string;
  status: number;
  codes: string[];
  latencyMs: number;
  devKeyId: string | null;
  organizationId: string | null;
  warnings: string[];
  requestBody: unknown;
  responseBody: unknown;
}

/**
 * What a request leaves behind when it ends: the answer's raw payload, not yet parsed. Parsing
 * and redacting every answer of every request, to keep the last thousand, cost a few percent of
 * each request; they now happen only when an operator reads the log.
 */
export interface RawRequestLogEntry extends Omit<RequestLogEntry, "codes" | "requestBody" | "responseBody"> {
  /** The parsed request body as the route got it (redacted when read). */
  requestBody: unknown;
  /** The response payload as sent (JSON text), or undefined when it was not text. */
  responsePayload: string | undefined;
}

/** The BDC codes of an answer: BILL's v3 error array, or v2's error envelope. */
function codesOf(body: unknown): string[] {
  if (Array.isArray(body)) return body.map((entry: { code?: unknown }) => String(entry.code));
  const v2 = body as { response_status?: unknown; response_data?: { error_code?: unknown } } | undefined;
  if (v2?.response_status === 1 && typeof v2.response_data?.error_code === "string") {
    return [v2.response_data.error_code];
  }
  return [];
}

/** The entry as the operator API shows it: response parsed, BDC codes listed, secrets redacted. */
export function materialize(raw: RawRequestLogEntry): RequestLogEntry {
  const { responsePayload, requestBody, ...rest } = raw;
  let body: unknown;
  if (responsePayload !== undefined) {
    try {
      body = JSON.parse(responsePayload);
    } catch {
      body = undefined;
    }
  }
  return {
    ...rest,
    codes: codesOf(body),
    requestBody: redact(requestBody, 0, TYPED_SECRET_KEYS),
    responseBody: redact(body),
  };
}

/** The last N requests, in memory: what the operator API and console show. */
export interface RequestLog {
  record(entry: RawRequestLogEntry): void;
  /** Newest first. */
  recent(limit: number): RequestLogEntry[];
  /** Forgets every entry (a sandbox reset or restore). */
  clear(): void;
}

type Slot = RawRequestLogEntry | RequestLogEntry;

export function createRequestLog(capacity: number): RequestLog {
  const entries: Slot[] = [];
  let next = 0;
  // Read entries stay materialized, so that reading the log again costs nothing more.
  const read = (index: number): RequestLogEntry => {
    const slot = entries[index] as Slot;
    if ("codes" in slot) return slot;
    const entry = materialize(slot);
    entries[index] = entry;
    return entry;
  };
  return {
    record(entry) {
      if (capacity <= 0) return;
      if (entries.length < capacity) entries.push(entry);
      else entries[next] = entry;
      next = (next + 1) % capacity;
    },
    clear() {
      entries.length = 0;
      next = 0;
    },
    recent(limit) {
      const count = Math.min(Math.max(0, limit), entries.length);
      const out: RequestLogEntry[] = [];
      // Newest first: the slot before `next`, going back.
      const newest = entries.length < capacity ? entries.length - 1 : (next - 1 + capacity) % capacity;
      for (let i = 0; i < count; i++) {
        out.push(read((newest - i + entries.length) % entries.length));
      }
      return out;
    },
  };
}
