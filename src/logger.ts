import pino, { type DestinationStream, type Logger } from "pino";

/** Keys whose values never reach a log line, at the top level or one object down. */
const SECRET_KEYS = ["password", "sessionId", "devKey", "appKey", "token", "rememberMeId"];
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  ...SECRET_KEYS.map((key) => `req.headers.${key.toLowerCase()}`),
  "req.headers.authorization",
];

export function createLogger(level: string, stream?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: "[redacted]" } };
  return stream ? pino(options, stream) : pino(options);
}
