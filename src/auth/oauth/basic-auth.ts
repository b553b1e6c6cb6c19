/**
 * HTTP Basic client authentication for the token endpoint (RFC 6749 section 2.3.1, RFC 7617):
 * `Authorization: Basic base64(urlencode(client_id) ":" urlencode(client_secret))`. The id and
 * secret are form-urlencoded before they are joined, so a colon or a non-ASCII character of
 * either survives; they are decoded here the way a form is (`+` is a space).
 */

export type BasicCredentials = { clientId: string; clientSecret: string };

/** `application/x-www-form-urlencoded` decoding of one value; undefined when malformed. */
function formDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

const hasControlCharacter = (text: string) => {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
};

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Whether the `Authorization` header names the Basic scheme (case-insensitively, RFC 7235),
 * and if so its credentials, or `"malformed"`.
 */
export function parseBasicAuthorization(header: string): BasicCredentials | "malformed" | undefined {
  const match = /^basic(?:[ ]+(.*))?$/i.exec(header.trim());
  if (!match) return undefined;
  const encoded = match[1] ?? "";
  if (encoded.length > 4096 || encoded.length % 4 !== 0 || !BASE64.test(encoded)) return "malformed";
  const bytes = Buffer.from(encoded, "base64");
  const text = bytes.toString("utf8");
  // Not UTF-8 (a replacement character appeared), or control characters (RFC 7617 section 2).
  if (!Buffer.from(text, "utf8").equals(bytes) || hasControlCharacter(text)) return "malformed";
  const colon = text.indexOf(":");
  if (colon < 0) return "malformed";
  const clientId = formDecode(text.slice(0, colon));
  const clientSecret = formDecode(text.slice(colon + 1));
  if (clientId === undefined || clientSecret === undefined) return "malformed";
  return { clientId, clientSecret };
}

/** The header a client sends (what the typed client and the tests build). */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`, "utf8").toString("base64")}`;
}
