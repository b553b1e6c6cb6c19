/** Keys whose values are replaced before a body is kept: the secrets the spec names, and more. */
const SECRET_KEYS = new Set(
  ["password", "sessionid", "devkey", "appkey", "token", "remembermeid", "mfaid", "key", "operatortoken"].map(
    (k) => k.toLowerCase(),
  ),
);

/** A copy of a JSON value with every secret-named field replaced, at any depth. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return "[deep]";
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redact(item, depth + 1));
  if (value === null || typeof value !== "object") {
    return typeof value === "string" && value.length > 200 ? `${value.slice(0, 200)}…` : value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>).slice(0, 50)) {
    out[key] = SECRET_KEYS.has(key.toLowerCase()) ? "[redacted]" : redact(item, depth + 1);
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

/** The last N requests, in memory: what the operator API and console show. */
export interface RequestLog {
  record(entry: RequestLogEntry): void;
  /** Newest first. */
  recent(limit: number): RequestLogEntry[];
}

export function createRequestLog(capacity: number): RequestLog {
  const entries: RequestLogEntry[] = [];
  let next = 0;
  return {
    record(entry) {
      if (capacity <= 0) return;
      if (entries.length < capacity) entries.push(entry);
      else entries[next] = entry;
      next = (next + 1) % capacity;
    },
    recent(limit) {
      const ordered =
        entries.length < capacity ? [...entries] : [...entries.slice(next), ...entries.slice(0, next)];
      return ordered.reverse().slice(0, Math.max(0, limit));
    },
  };
}
