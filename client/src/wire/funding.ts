/**
 * Wire types of the organization's bank accounts (`/v3/funding-accounts/banks`) and of a
 * vendor's bank account and configuration (docs/bill-v3-resources.md section 8).
 */

/** `POST /v3/funding-accounts/banks` body. */
export interface CreateBankAccountRequest {
  nameOnAccount: string;
  /** 9 digits with a valid ABA checksum, e.g. `074000010`. */
  routingNumber: string;
  /** 4 to 17 digits; answered masked (`xxxxx2333`). */
  accountNumber: string;
  type: "CHECKING" | "SAVINGS";
  ownerType: "BUSINESS" | "PERSONAL";
  /** A nickname for the account. */
  bankName?: string;
  accessToAdmins?: boolean;
  chartOfAccountId?: string;
}

/** `PATCH /v3/funding-accounts/banks/{bankAccountId}` body (the account must be `VERIFIED`). */
export interface UpdateBankAccountRequest {
  nameOnAccount?: string;
  ownerType?: "BUSINESS" | "PERSONAL";
  bankName?: string;
  accessToAdmins?: boolean;
  default?: { payables?: boolean; receivables?: boolean };
  chartOfAccountId?: string;
}

/** An organization bank account; `accountNumber` is masked to its last four digits. */
export interface BankAccount {
  id: string;
  archived: boolean;
  status: "NOT_VERIFIED" | "PENDING" | "VERIFIED" | "BLOCKED" | "EXPIRED" | "INVALID";
  createdBy?: string;
  routingNumber: string;
  accountNumber: string;
  nameOnAccount: string;
  type: "CHECKING" | "SAVINGS";
  ownerType: "BUSINESS" | "PERSONAL";
  bankName?: string;
  accessToAdmins: boolean;
  default: { payables: boolean; receivables: boolean };
  chartOfAccountId?: string;
  createdTime: string;
  updatedTime: string;
}

/** `POST /v3/funding-accounts/banks/{bankAccountId}/verify` body: the test deposit, 0.01 to 0.99. */
export interface VerifyBankAccountRequest {
  depositAmount: number;
}

/** The verify answer: whether the account is now `VERIFIED`. */
export interface VerifyBankAccountResponse {
  verified: boolean;
}

/** A vendor's bank account as answered (`accountNumber` masked). */
export interface VendorBankAccount {
  nameOnAccount: string;
  accountNumber: string;
  routingNumber: string;
  type: "CHECKING" | "SAVINGS";
  ownerType: "BUSINESS" | "PERSONAL";
  paymentCurrency: string;
}

/** International payments configuration of a vendor country, currency and account type. */
export interface InternationalPaymentsConfiguration {
  paymentPurpose: {
    required: boolean;
    type?: "CODE" | "TEXT";
    codes: { name: string; value: string }[];
  };
  validations: {
    fields: { name: string; description: string; regularExpression: string; required: boolean }[];
  };
}

/** `GET /v3/vendors/{vendorId}/configuration`. */
export interface VendorConfiguration {
  internationalPayments: InternationalPaymentsConfiguration;
}

/** `GET /v3/vendors/configuration/international-payments` query: all three required. */
export interface InternationalPaymentsQuery {
  country: string;
  billCurrency: string;
  accountType: "NONE" | "BUSINESS" | "PERSON";
}
