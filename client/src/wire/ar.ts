/**
 * Wire types of accounts receivable: invoices, receivable payments, credit memos and the
 * invoice actions (docs/bill-v3-resources.md section 11). Proven equal to the server's
 * schemas (src/resources/ar/).
 */

export interface InvoiceClassifications {
  accountingClassId?: string;
  departmentId?: string;
  jobId?: string;
  locationId?: string;
}

export interface InvoiceLineClassifications extends InvoiceClassifications {
  chartOfAccountId?: string;
  itemId?: string;
}

export interface InvoiceLineItemInput {
  /** A line of this invoice (PUT keeps it, PATCH changes it); ignored on create. */
  id?: string;
  /** As sent, or `quantity × price` to cents. */
  amount?: number;
  quantity?: number;
  price?: number;
  description?: string;
  classifications?: InvoiceLineClassifications;
}

export interface CreateInvoiceRequest {
  customer: { id: string };
  invoiceLineItems: InvoiceLineItemInput[];
  /** Default: the invoice's id. */
  invoiceNumber?: string;
  /** `yyyy-MM-dd`; default the day of creation (UTC). */
  invoiceDate?: string;
  dueDate?: string;
  payToChartOfAccountId?: string;
  classifications?: InvoiceClassifications;
  /** Credit to apply from the customer's credit memos (oldest first). */
  creditAmount?: number;
  enableCardPayment?: boolean;
  exchangeRate?: number;
  /** billet sends no e-mail on create: `sendEmail: true` is refused; use `invoices.email`. */
  processingOptions?: { sendEmail?: false };
}

export interface UpdateInvoiceRequest {
  customer?: { id: string };
  invoiceLineItems?: InvoiceLineItemInput[];
  invoiceNumber?: string;
  invoiceDate?: string;
  dueDate?: string;
  payToChartOfAccountId?: string;
  classifications?: InvoiceClassifications;
  creditAmount?: number;
  enableCardPayment?: boolean;
  exchangeRate?: number;
  /** billet sends no e-mail on create: `sendEmail: true` is refused; use `invoices.email`. */
  processingOptions?: { sendEmail?: false };
}

export interface InvoicePayment {
  id: string;
  amount: number;
  status: "PAID";
  date: string;
}

export interface Invoice {
  id: string;
  archived: boolean;
  invoiceNumber: string;
  invoiceDate: string;
  dueDate: string;
  customerId: string;
  totalAmount: number;
  paidAmount: number;
  dueAmount: number;
  scheduledAmount: number;
  creditAmount: number;
  status: "OPEN" | "PARTIAL_PAYMENT" | "PAID" | "SCHEDULED" | "VOID" | "UNDEFINED";
  exchangeRate: number;
  enableCardPayment: boolean;
  invoiceLineItems: {
    id: string;
    amount: number;
    quantity?: number;
    price?: number;
    description?: string;
    classifications?: InvoiceLineClassifications;
  }[];
  payToChartOfAccountId?: string;
  classifications?: InvoiceClassifications;
  payments: InvoicePayment[];
  createdBy: string;
  createdTime: string;
  updatedTime: string;
}

export type ReceivablePaymentType = "CASH" | "CHECK" | "CREDIT_CARD" | "ACH" | "PAYPAL" | "OTHER";

/** `POST /v3/invoices/record-payment`; amounts as numbers or, as BILL's example, numeric strings. */
export interface RecordInvoicePaymentRequest {
  amount: number | string;
  /** Default: the first invoice's customer. */
  customerId?: string;
  invoices: { id: string; amount: number | string }[];
  paymentDate: string;
  paymentType: ReceivablePaymentType;
  description?: string;
}

export interface RecordedPayment {
  id: string;
  customerId: string;
  paymentType: ReceivablePaymentType;
  paymentDate: string;
  amount: number;
  unappliedAmount: number;
  status: "PAID";
  description?: string;
  invoices: { id: string; payments: InvoicePayment[] }[];
}

export interface ReceivablePayment {
  id: string;
  customerId: string;
  amount: number;
  unappliedAmount: number;
  paymentType: ReceivablePaymentType;
  paymentDate: string;
  description?: string;
  invoicePayments: { invoiceId: string; amount: number; paymentDate: string }[];
  status: "PAID";
  onlinePayment: boolean;
  createdBy: string;
  createdTime: string;
  updatedTime: string;
}

/** `POST /v3/invoices/{invoiceId}/email`; without `recipient.to`, the customer's e-mail. */
export interface SendInvoiceRequest {
  recipient?: { to?: string[] };
  replyTo?: { userId?: string };
}

export interface PaymentLinkRequest {
  customerId: string;
  email: string;
  returnUrl?: string;
}

export interface CreditMemoLineItemInput {
  id?: string;
  description?: string;
  amount?: number;
  price?: number;
  /** Default 1 with `price`. */
  quantity?: number;
  /** Percent of the sum of the lines above (e.g. -10); not with `price` or `amount`. */
  ratePercent?: number;
  taxable?: boolean;
  classifications?: InvoiceLineClassifications;
}

export interface CreateCreditMemoRequest {
  customerId: string;
  referenceNumber: string;
  creditDate: string;
  creditMemoLineItems: CreditMemoLineItemInput[];
  description?: string;
  payToChartOfAccountId?: string;
  payToBankAccountId?: string;
  classifications?: InvoiceClassifications;
}

export interface UpdateCreditMemoRequest {
  customerId?: string;
  referenceNumber?: string;
  creditDate?: string;
  creditMemoLineItems?: CreditMemoLineItemInput[];
  description?: string;
  payToChartOfAccountId?: string;
  payToBankAccountId?: string;
  classifications?: InvoiceClassifications;
}

export interface CreditMemo {
  id: string;
  archived: boolean;
  customerId: string;
  referenceNumber: string;
  creditDate: string;
  description?: string;
  payToChartOfAccountId?: string;
  payToBankAccountId?: string;
  amount: number;
  appliedAmount: number;
  status: "NOT_APPLIED" | "PARTIALLY_APPLIED" | "FULLY_APPLIED";
  creditMemoLineItems: {
    id: string;
    description?: string;
    price?: number;
    quantity?: number;
    amount: number;
    ratePercent?: number;
    taxable: boolean;
    classifications?: InvoiceLineClassifications;
  }[];
  classifications?: InvoiceClassifications;
  /** Where the credit went, invoice by invoice. */
  usage: { invoiceId: string; amount: number }[];
  createdBy: string;
  createdTime: string;
  updatedTime: string;
}
