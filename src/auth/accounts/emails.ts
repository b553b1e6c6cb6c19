/**
 * Email addresses, the login of an identity (spec 5.1). Two spellings that look alike are one
 * address: every email is compared, stored and looked up in one canonical form.
 */

/**
 * What the server accepts as an email address (once canonical). No control characters: they
 * belong in no address, and PostgreSQL cannot store NUL.
 */
export const EMAIL_PATTERN = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]+$/u;

export const EMAIL_MAX_LENGTH = 254;

/**
 * The canonical form of an address: Unicode NFKC (full-width `ａｎｎ＠ａｃｍｅ．ｔｅｓｔ` is
 * `ann@acme.test`, the Kelvin sign is `K`), then case folding. JavaScript has no case fold:
 * upper- then lower-casing gives full folding's `ß` → `ss` and, unlike it, also merges the
 * dotless `ı` with `i`. Merging more look-alikes is the safe side here: nobody can register
 * an address that reads like someone else's.
 */
export function canonicalEmail(raw: string): string {
  return raw.trim().normalize("NFKC").toUpperCase().toLowerCase().normalize("NFKC");
}

/** The canonical address, or undefined when it is not one the server accepts. */
export function parseEmail(raw: string): string | undefined {
  const email = canonicalEmail(raw);
  return EMAIL_PATTERN.test(email) && email.length <= EMAIL_MAX_LENGTH ? email : undefined;
}
