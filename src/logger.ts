import pino, { type DestinationStream, type Logger } from "pino";

/** Keys whose values never reach a log line, at the top level or one object down. */
const SECRET_KEYS = [
  "password",
  "sessionId",
  "devKey",
  "appKey",
  "token",
  "rememberMeId",
  "consoleApiToken",
  "clientSecret",
  "client_secret",
  "access_token",
];
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  ...SECRET_KEYS.map((key) => `req.headers.${key.toLowerCase()}`),
  "req.headers.authorization",
];

export function createLogger(level: string, stream?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: "[redacted]" } };
  // Standard output is written asynchronously: lines that arrive while a write is pending go
  // out together in the next one, so a busy server makes one write per batch instead of one
  // blocking write per line, and a quiet one still writes each line at once. What is still
  // buffered is written synchronously when the process exits.
  return pino(options, stream ?? pino.destination({ dest: 1, sync: false }));
}
