/**
 * A bill's amount from its line items (docs/bill-v3-resources.md section 3.3), in integer
 * cents: what the bill's view answers and what an approval policy's BILL_AMOUNT rule reads.
 */

/** The fields of a stored line item that make its amount. */
export interface LineAmountFields {
  amount?: number;
  quantity?: number;
  price?: number;
}

/** Money in cents, rounded half away from zero (ours: BILL rounds computed amounts to cents). */
export const cents = (amount: number): number => Math.sign(amount) * Math.round(Math.abs(amount) * 100);
export const fromCents = (value: number): number => value / 100;

/** A line's amount: as sent, or quantity × price to cents. */
export const lineAmount = (line: LineAmountFields): number =>
  line.amount ?? fromCents(cents((line.quantity ?? 0) * (line.price ?? 0)));

/** The bill's amount in cents: the sum of its lines' amounts. */
export const totalCents = (data: { billLineItems: readonly LineAmountFields[] }): number =>
  data.billLineItems.reduce((sum, line) => sum + cents(lineAmount(line)), 0);
