/** Wire types of payments and vendor credits (docs/bill-v3-resources.md section 9). */

/** Classifications of a vendor credit line (ids of the organization's accounts, classes, …). */
export interface VendorCreditLineClassifications {
  chartOfAccountId?: string;
  accountingClassId?: string;
  departmentId?: string;
  jobId?: string;
  locationId?: string;
  itemId?: string;
  employeeId?: string;
  customerId?: string;
}

/** A vendor credit line as sent; `id` names an existing line (PUT keeps it, PATCH changes it). */
export interface VendorCreditLineInput {
  id?: string;
  amount: number;
  description?: string;
  classifications?: VendorCreditLineClassifications;
}

/** `POST /v3/vendor-credits` body (and `PUT`, and each item of the bulk create). */
export interface CreateVendorCreditRequest {
  vendorId: string;
  referenceNumber: string;
  creditDate: string;
  vendorCreditLineItems: VendorCreditLineInput[];
  description?: string;
  applyToChartOfAccountId?: string;
  applyToBankAccountId?: string;
}

/** `PATCH /v3/vendor-credits/{vendorCreditId}` body: lines are named by `id`. */
export interface UpdateVendorCreditRequest {
  vendorId?: string;
  referenceNumber?: string;
  creditDate?: string;
  vendorCreditLineItems?: {
    id?: string;
    amount?: number;
    description?: string;
    classifications?: VendorCreditLineClassifications;
  }[];
  description?: string;
  applyToChartOfAccountId?: string;
  applyToBankAccountId?: string;
}

/** A vendor credit: `amount`, `appliedAmount` and `status` are computed. */
export interface VendorCredit {
  id: string;
  vendorId: string;
  referenceNumber: string;
  creditDate: string;
  description?: string;
  archived: boolean;
  applyToChartOfAccountId?: string;
  applyToBankAccountId?: string;
  amount: number;
  appliedAmount: number;
  status: "NOT_APPLIED" | "PARTIALLY_APPLIED" | "FULLY_APPLIED";
  createdTime: string;
  updatedTime: string;
  vendorCreditLineItems: {
    id: string;
    description?: string;
    amount: number;
    classifications?: VendorCreditLineClassifications;
  }[];
}

/** A payment's funding account; billet pays from verified bank accounts only. */
export interface PaymentFundingAccount {
  type: "BANK_ACCOUNT" | "CARD_ACCOUNT" | "WALLET" | "AP_CARD";
  id?: string;
}

export interface PaymentProcessingOptions {
  requestPayFaster?: boolean;
  createBill?: boolean;
  requestCheckDeliveryType?: "STANDARD" | "UPS_1DAY" | "UPS_2DAY" | "RTP_DELIVERY";
}

/** Vendor credits applied to one bill of a payment. */
export interface VendorCreditUse {
  id: string;
  amount: number;
}

/** `POST /v3/payments` body. */
export interface CreatePaymentRequest {
  vendorId?: string;
  billId: string;
  description?: string;
  processDate?: string;
  fundingAccount: PaymentFundingAccount;
  amount: number;
  processingOptions?: PaymentProcessingOptions;
  vendorCredits?: VendorCreditUse[];
}

/** One bill of a bulk or recorded payment. */
export interface BillPaymentRequest {
  billId: string;
  amount: number;
  vendorCredits?: VendorCreditUse[];
}

/** `POST /v3/payments/bulk` body: up to 50 bills, any vendors. */
export interface BulkPaymentRequest {
  vendorId?: string;
  description?: string;
  processDate?: string;
  fundingAccount: PaymentFundingAccount;
  processingOptions?: PaymentProcessingOptions;
  payments: BillPaymentRequest[];
}

/** `POST /v3/bills/record-payment` body: a payment made outside BILL. */
export interface RecordPaymentRequest {
  vendorId: string;
  processDate: string;
  toPrintCheck: boolean;
  description?: string;
  payments: BillPaymentRequest[];
}

/** `POST /v3/payments/{paymentId}/void` body (optional). */
export interface VoidPaymentRequest {
  reason?: string;
  type?: "VOID_ONLY" | "VOID_AND_REISSUE" | "VOID_AND_REISSUE_VCARD" | "VOID_AND_CREDIT";
}

/** A payment; `status` moves from SCHEDULED to PAID when its processDate arrives. */
export interface Payment {
  id: string;
  vendorId: string;
  vendorName: string;
  billId: string;
  billPayments: { id: string; billId: string; amount: number; vendorCredits?: VendorCreditUse[] }[];
  description?: string;
  processDate: string;
  amount: number;
  fundingAccount?: { type: string; id?: string };
  processingOptions?: { requestPayFaster?: boolean; createBill?: boolean; requestCheckDeliveryType?: string };
  status: "SCHEDULED" | "PAID" | "CANCELLED" | "VOID";
  singleStatus?: "SCHEDULED" | "CLEARED";
  exchangeRate: number;
  fundingAmount: number;
  onlinePayment: boolean;
  disbursementType: "ACH" | "CHECK" | "OFFLINE";
  toPrintCheck?: boolean;
  voidInfo?: {
    requestedBy: string;
    type: string;
    status: string;
    reason?: string;
    createdTime: string;
    updatedTime: string;
  }[];
  createdBy: string;
  createdTime: string;
  updatedTime: string;
}

/** `GET /v3/payments/options?vendorId&amount`. */
export interface PaymentOptions {
  amount: number;
  vendorId: string;
  fundingOptions: {
    banks: {
      available: boolean;
      deliveryDate: string;
      processDate: string;
      reason?: string;
      conditions: string[];
      id: string;
      name: string;
      fee: number;
    }[];
    cards: { id: string; name: string }[];
  };
}
