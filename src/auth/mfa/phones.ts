/** MFA phone numbers: E.164 only, and masked whenever they are shown back. */

/** `+`, a country code that does not start with 0, 8 to 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{7,14}$/;

export const isE164 = (phone: string): boolean => E164_PATTERN.test(phone);

/**
 * `+15551231234` → `+1******1234`: the first digit (enough to tell countries apart on a
 * screen) and the last four (enough for a person to recognise their phone), nothing else.
 */
export function maskPhone(phone: string): string {
  const digits = phone.slice(1);
  if (digits.length <= 5) return `+${"*".repeat(digits.length)}`;
  return `+${digits[0]}${"*".repeat(digits.length - 5)}${digits.slice(-4)}`;
}
