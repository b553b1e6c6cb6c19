/**
 * The money of accounts receivable (docs/bill-v3-resources.md section 11.5): what each
 * invoice's receivable payments paid, what credit its `creditAmount` draws from the customer's
 * credit memos, and so each invoice's due, each credit memo's applied amount and each
 * customer's balance. Computed from the stored records on every view and check, never stored
 * twice, so that a payment or a credit memo changes every figure that depends on it at once.
 */
import type { ResourceRecord } from "../../stores/types/resources.ts";
import type { ReadContext } from "../declaration.ts";

/** The kinds every AR figure is computed from. */
export const AR_READS: readonly string[] = ["invoices", "receivable-payments", "credit-memos"];

/** Money in cents, rounded half away from zero (ours: BILL rounds computed amounts to cents). */
export const cents = (amount: number) => Math.sign(amount) * Math.round(Math.abs(amount) * 100);
export const fromCents = (value: number) => value / 100;
export const hasAtMostCents = (amount: number) => Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6;

export interface InvoiceLine {
  id: string;
  amount?: number;
  quantity?: number;
  price?: number;
}

/** An invoice line's amount in cents: as sent, or quantity × price to cents. */
export const invoiceLineCents = (line: Omit<InvoiceLine, "id">) =>
  line.amount !== undefined ? cents(line.amount) : cents((line.quantity ?? 0) * (line.price ?? 0));

export const invoiceTotalCents = (data: Record<string, unknown>) =>
  ((data.invoiceLineItems ?? []) as InvoiceLine[]).reduce((sum, line) => sum + invoiceLineCents(line), 0);

export interface CreditMemoLine {
  amount?: number;
  quantity?: number;
  price?: number;
  ratePercent?: number;
}

/**
 * Each credit memo line's amount in cents [DP: Credit memos guide]: a `ratePercent` line is that
 * percentage of the sum of the lines above it; a `price` line is quantity (default 1, ours) ×
 * price; else the `amount` as sent.
 */
export function creditMemoLineCents(lines: readonly CreditMemoLine[]): number[] {
  const amounts: number[] = [];
  let above = 0;
  for (const line of lines) {
    const amount =
      line.ratePercent !== undefined
        ? Math.sign(above * line.ratePercent) * Math.round(Math.abs(above * line.ratePercent) / 100)
        : line.price !== undefined
          ? cents((line.quantity ?? 1) * line.price)
          : cents(line.amount ?? 0);
    amounts.push(amount);
    above += amount;
  }
  return amounts;
}

export const creditMemoTotalCents = (data: Record<string, unknown>) =>
  creditMemoLineCents((data.creditMemoLineItems ?? []) as CreditMemoLine[]).reduce((a, b) => a + b, 0);

/** One record as the ledger reads it: a stored one, or a new version a check is about. */
export type LedgerRecord = Pick<ResourceRecord, "id" | "archived" | "data" | "createdAt">;

export interface Payment {
  id: string;
  cents: number;
  date: string;
}

export interface Ledger {
  readonly invoices: readonly LedgerRecord[];
  /** Cents paid on an invoice by receivable payments, and those payments. */
  paid(invoiceId: string): number;
  payments(invoiceId: string): readonly Payment[];
  /** Cents of credit applied to an invoice, and the cents its `creditAmount` asks for. */
  credit(invoiceId: string): number;
  requested(invoiceId: string): number;
  /** Cents an invoice still owes. */
  due(invoice: LedgerRecord): number;
  /** What a credit memo applied, invoice by invoice (cents). */
  usage(memoId: string): readonly { invoiceId: string; cents: number }[];
}

/** The records of a kind, with a new version of one of them (or a new one) in its place. */
function withVersion(
  records: readonly LedgerRecord[],
  version: LedgerRecord | undefined,
): readonly LedgerRecord[] {
  if (!version) return records;
  const at = records.findIndex((r) => r.id === version.id);
  if (at < 0) return [...records, version];
  return records.map((r, i) => (i === at ? version : r));
}

const customerOfInvoice = (invoice: LedgerRecord) =>
  ((invoice.data.customer ?? {}) as { id?: string }).id ?? "";

/**
 * The AR ledger of an organization, from every invoice, receivable payment and credit memo
 * (`AR_READS`); `version` stands for a record a check is about, in place of its stored version.
 *
 * (ours) Credit: each invoice's `creditAmount` draws from its customer's credit memos oldest
 * first, invoices in order of creation; a credit memo that does not cover what is asked leaves
 * the rest unapplied (and the checks refuse the write that would cause it).
 */
export function arLedger(
  context: ReadContext,
  version?: { kind: "invoices" | "receivable-payments" | "credit-memos"; record: LedgerRecord },
): Ledger {
  if (version) return computeLedger(context, version);
  // A list's views share one context: its ledger is computed once, not once per record.
  let ledger = LEDGERS.get(context);
  if (!ledger) {
    ledger = computeLedger(context);
    LEDGERS.set(context, ledger);
  }
  return ledger;
}

const LEDGERS = new WeakMap<ReadContext, Ledger>();

function computeLedger(context: ReadContext, version?: { kind: string; record: LedgerRecord }): Ledger {
  const of = (kind: string) =>
    withVersion(context.all(kind), version?.kind === kind ? version.record : undefined);
  const invoices = of("invoices");
  const paid = new Map<string, number>();
  const payments = new Map<string, Payment[]>();
  for (const payment of of("receivable-payments")) {
    const data = payment.data as {
      paymentDate: string;
      invoicePayments?: { invoiceId: string; amount: number }[];
    };
    for (const applied of data.invoicePayments ?? []) {
      const amount = cents(applied.amount);
      paid.set(applied.invoiceId, (paid.get(applied.invoiceId) ?? 0) + amount);
      const list = payments.get(applied.invoiceId) ?? [];
      list.push({ id: payment.id, cents: amount, date: data.paymentDate });
      payments.set(applied.invoiceId, list);
    }
  }
  // What is left of each customer's credit memos, oldest first.
  const memos = new Map<string, { id: string; left: number }[]>();
  for (const memo of of("credit-memos")) {
    const customerId = String(memo.data.customerId ?? "");
    const list = memos.get(customerId) ?? [];
    list.push({ id: memo.id, left: Math.max(0, creditMemoTotalCents(memo.data)) });
    memos.set(customerId, list);
  }
  const credit = new Map<string, number>();
  const requested = new Map<string, number>();
  const usage = new Map<string, { invoiceId: string; cents: number }[]>();
  for (const invoice of invoices) {
    let wanted = cents(Number(invoice.data.creditAmount ?? 0));
    requested.set(invoice.id, wanted);
    let got = 0;
    for (const memo of memos.get(customerOfInvoice(invoice)) ?? []) {
      if (wanted === 0) break;
      const take = Math.min(wanted, memo.left);
      if (take === 0) continue;
      memo.left -= take;
      wanted -= take;
      got += take;
      const list = usage.get(memo.id) ?? [];
      list.push({ invoiceId: invoice.id, cents: take });
      usage.set(memo.id, list);
    }
    credit.set(invoice.id, got);
  }
  const paidOf = (id: string) => paid.get(id) ?? 0;
  const creditOf = (id: string) => credit.get(id) ?? 0;
  return {
    invoices,
    paid: paidOf,
    payments: (id) => payments.get(id) ?? [],
    credit: creditOf,
    requested: (id) => requested.get(id) ?? 0,
    due: (invoice) =>
      Math.max(0, invoiceTotalCents(invoice.data) - paidOf(invoice.id) - creditOf(invoice.id)),
    usage: (id) => usage.get(id) ?? [],
  };
}

/** Invoices of the ledger whose `creditAmount` is not wholly covered by credit memos. */
export const uncoveredInvoices = (ledger: Ledger) =>
  ledger.invoices.filter((invoice) => ledger.credit(invoice.id) < ledger.requested(invoice.id));

/** The cents a customer's unarchived invoices still owe (ours: the customer's `balance`). */
export const customerBalance = (ledger: Ledger, customerId: string) =>
  ledger.invoices
    .filter((invoice) => !invoice.archived && customerOfInvoice(invoice) === customerId)
    .reduce((sum, invoice) => sum + ledger.due(invoice), 0);
