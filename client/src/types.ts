/**
 * Wire types of BILL's v3 authentication and session API.
 *
 * This file is the single source of these shapes: the client uses them directly and the
 * server checks its TypeBox schemas against them at compile time (see src/routes/schemas.ts),
 * so the two cannot drift apart.
 */

/** One substituted value of an error, e.g. `{ name: "paramName0", value: "username" }`. */
export interface BillErrorParam {
  name: string;
  value: string;
}

/**
 * One entry of BILL's error array. `params`, when present, is BILL's array of name/value
 * pairs; it is absent when the error has none. `errorParams(entry)` reads it as a record.
 */
export interface BillErrorEntry {
  timestamp: string;
  code: string;
  severity: string;
  category: string;
  message: string;
  params?: BillErrorParam[];
}

/** Every error response body is an array of one or more entries. */
export type BillErrorBody = BillErrorEntry[];

/** `POST /v3/login` request body (the devKey is added by the client). */
export interface LoginRequest {
  username: string;
  password: string;
  organizationId: string;
  devKey: string;
  rememberMeId?: string;
  device?: string;
}

/**
 * `POST /v3/login` of a BILL Accountant Console user: a Console API token in place of the
 * password, into a client organization.
 */
export interface ConsoleLoginRequest {
  username: string;
  consoleApiToken: string;
  organizationId: string;
  devKey: string;
}

/** One entry of `GET /v3/login/organizations`. */
export interface LoginOrganization {
  id: string;
  name: string;
  /** The console organization it is reached through, when it is a console's client. */
  consoleOrganization?: { id: string; name: string };
}

/** `POST /v3/login` response. */
export interface LoginResponse {
  sessionId: string;
  organizationId: string;
  userId: string;
  trusted: boolean;
}

export type MfaStatus = "DISABLED" | "SETUP" | "CHALLENGE" | "COMPLETE";

/** `GET /v3/login/session` response. */
export interface SessionDetails {
  organizationId: string;
  userId: string;
  mfaStatus: MfaStatus;
  mfaBypass: boolean;
  trusted: boolean;
}

/** `POST /v3/logout` response: an empty object. */
export type LogoutResponse = Record<string, never>;

/** How an MFA token reaches the phone. */
export type MfaPhoneType = "TEXT" | "VOICE";

/** `POST /v3/mfa/setup` request: the phone to verify (E.164, e.g. `+15551234567`). */
export interface MfaSetupRequest {
  phone: string;
  type: MfaPhoneType;
  /** Only `true` is accepted (there is no backup phone). */
  primary?: boolean;
}

/** `POST /v3/mfa/setup` response. */
export interface MfaSetupResponse {
  setupId: string;
}

/** `POST /v3/mfa/setup/validate` (alias `POST /v3/mfa/validate`) request. */
export interface MfaSetupValidateRequest {
  setupId: string;
  type: MfaPhoneType;
  /** The 6 digits delivered to the phone. */
  token: string;
}

/** `POST /v3/mfa/setup/validate` response, as BILL gives it. */
export interface MfaSetupValidateResponse {
  status: "SUCCESS";
}

/** BILL's phone types in `GET /v3/mfa/phones`: a `TEXT` setup lists as `MOBILE`, `VOICE` as `WORK`. */
export type MfaListedPhoneType = "MOBILE" | "WORK";

/** One verified phone, as BILL lists it. */
export interface MfaPhoneEntry {
  type: MfaListedPhoneType;
  /** The number's last four digits, e.g. `"0123"`. */
  last4digits: string;
  primary: boolean;
  /** billet's own, beside BILL's fields: the number masked (`+1******1234`). */
  phone: string;
}

/** `GET /v3/mfa/phones` response. */
export interface MfaPhonesResponse {
  results: MfaPhoneEntry[];
}

/** `POST /v3/mfa/challenge` request. */
export interface MfaChallengeRequest {
  /**
   * Only `false` is accepted (there is no backup phone); BILL's own collection sends it as the
   * text `"false"`, which is accepted too.
   */
  useBackup?: boolean | "true" | "false";
}

/** `POST /v3/mfa/challenge` response. */
export interface MfaChallengeResponse {
  challengeId: string;
}

/** `POST /v3/mfa/challenge/validate` request. */
export interface MfaChallengeValidateRequest {
  challengeId: string;
  /** The 6 digits delivered to the phone. */
  token: string;
  /** Device nickname; required when `rememberMe` is true. */
  device?: string;
  machineName?: string;
  /** Also return a `rememberMeId`, valid 30 days for this user and `device`. */
  rememberMe?: boolean;
}

/** `POST /v3/mfa/challenge/validate` response. */
export interface MfaChallengeValidateResponse {
  trusted: boolean;
  /** Present when `rememberMe` was true. A secret: keep it like a password. */
  rememberMeId?: string;
}

/** `POST /v3/mfa/step-up` request. */
export interface MfaStepUpRequest {
  rememberMeId: string;
  device: string;
}

/** `POST /v3/mfa/step-up` response. */
export interface MfaStepUpResponse {
  trusted: boolean;
}

// ---- Organizations, users, roles (spec section 5) and partners (spec section 8) ----

/** BILL's six default roles; every organization has one role of each type. */
export type RoleType = "ADMINISTRATOR" | "ACCOUNTANT" | "APPROVER" | "PAYER" | "CLERK" | "AUDITOR";

/** A role object (`GET /v3/roles`). */
export interface Role {
  id: string;
  type: RoleType;
  name: string;
  description: string;
}

/** A user object as one organization sees it (`GET /v3/users/{userId}`). */
export interface User {
  id: string;
  archived: boolean;
  firstName: string;
  lastName: string;
  email: string;
  role: { id: string; type: RoleType };
  createdTime: string;
  updatedTime: string;
  /** Set by a partner (`POST /v3/partner/users`); absent otherwise. */
  username?: string;
  /** Set by a partner; absent otherwise. */
  externalReferenceId?: string;
  /**
   * billet's: `true` until the person accepts the organization's invitation (a person who
   * already had a login agrees to join; a new one chooses a password); absent after.
   */
  pending?: true;
}

/** A postal address. */
export interface Address {
  line1: string;
  line2?: string;
  city: string;
  stateOrProvince?: string;
  zipOrPostalCode: string;
  country: string;
}

/** An organization object; fields never set are absent. */
export interface Organization {
  id: string;
  name: string;
  archived: boolean;
  phone?: string;
  address?: Address;
  mailingAddress?: Address;
  industry?: string;
  taxId?: string;
  taxIdType?: string;
  businessCategory?: string;
  accountType?: string;
  createdTime: string;
  updatedTime: string;
}

/** One page of a list: `nextPage` absent on the last page, `prevPage` on the first. */
export interface ListResponse<T> {
  results: T[];
  nextPage?: string;
  prevPage?: string;
}

/** Query of every list endpoint. */
export interface ListParams {
  /** Page size, 1–100 (default 20). */
  max?: number;
  /** A `nextPage` or `prevPage` cursor from an earlier page. */
  page?: string;
}

/** `POST /v3/users` body. */
export interface CreateUserRequest {
  firstName: string;
  lastName?: string;
  email: string;
  /** Default: the organization's ADMINISTRATOR role. */
  roleId?: string;
  acceptTermsOfService: true;
}

/** `PATCH /v3/users/{userId}` body. */
export interface UpdateUserRequest {
  firstName?: string;
  lastName?: string;
  roleId?: string;
  /**
   * billet's: asks for a new login e-mail. It takes effect only when the new address confirms
   * it (`POST /v3/email-changes/confirm`); until then the user keeps the old one.
   */
  email?: string;
}

/** `PATCH /v3/organizations/{organizationId}` body. */
export interface UpdateOrganizationRequest {
  name?: string;
  phone?: string;
  address?: Address;
  mailingAddress?: Address;
  industry?: string;
  taxId?: string;
  taxIdType?: string;
  businessCategory?: string;
  accountType?: string;
}

/** `POST /v3/partner/login` body. */
export interface PartnerLoginRequest {
  appKey: string;
  username: string;
  password: string;
}

/** `POST /v3/partner/login` response: a partner session. */
export interface PartnerLoginResponse {
  sessionId: string;
  userId: string;
}

/** `POST /v3/partner/organizations` body. */
export interface CreateOrganizationRequest extends Omit<UpdateOrganizationRequest, "name" | "address"> {
  name: string;
  address: Address;
}

/** `POST /v3/partner/users` body. */
export interface PartnerCreateUserRequest extends CreateUserRequest {
  username?: string;
  externalReferenceId?: string;
}

/** `PATCH /v3/partner/users/{userId}` body. */
export type PartnerUpdateUserRequest = UpdateUserRequest;

/** `POST /v3/partner/login-as-user` body; the response is a `LoginResponse`. */
export interface LoginAsUserRequest {
  userId: string;
  organizationId: string;
  rememberMeId?: string;
  device?: string;
}

/** `POST /v3/invitations/accept` body (billet's, not BILL's). */
export interface AcceptInvitationRequest {
  token: string;
  password: string;
}

/** `POST /v3/invitations/accept` response. */
export interface AcceptInvitationResponse {
  userId: string;
  organizationId: string;
}

/** `POST /v3/email-changes/confirm` body (billet's, not BILL's). */
export interface ConfirmEmailChangeRequest {
  token: string;
  /** The account's current password (or, for an account without one, the one chosen now). */
  password: string;
}

/** `POST /v3/email-changes/confirm` response: the new login. */
export interface ConfirmEmailChangeResponse {
  userId: string;
  email: string;
}

/** A list of BILL's AP & AR resources: `max` and `page`, and `filters` and `sort` as BILL writes them. */
export interface ResourceListParams extends ListParams {
  /** `field:op:value[,field:op:value...]`, e.g. `name:sw:"Hap",archived:eq:false`. */
  filters?: string;
  /** `field:asc|desc[,...]`, e.g. `name:asc,createdTime:desc`. */
  sort?: string;
}

/** A vendor's postal address (every field optional). */
export interface VendorAddress {
  line1?: string;
  line2?: string;
  city?: string;
  stateOrProvince?: string;
  zipOrPostalCode?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
}

/** A payment purpose of an international vendor. */
export interface PaymentPurpose {
  text?: string;
  code?: { name: string; value: string };
}

/** A vendor's bank account as sent on create. */
export interface VendorBankAccountInput {
  nameOnAccount: string;
  accountNumber: string;
  routingNumber: string;
  type?: "CHECKING" | "SAVINGS";
  ownerType?: "BUSINESS" | "PERSONAL";
  paymentCurrency?: string;
}

/** `additionalInfo` of a vendor. */
export interface VendorAdditionalInfoInput {
  taxId?: string;
  taxIdType?: "SSN" | "EIN";
  track1099?: boolean;
  leadTimeInDays?: number;
  combinePayments?: boolean;
  paymentTermId?: string;
  companyName?: string;
}

/** `autoPay` of a vendor (stored and answered; billet pays nothing by itself). */
export interface VendorAutoPayInput {
  enabled?: boolean;
  bankAccountId?: string;
  maxAmount?: number;
  daysBeforeDueDate?: number;
}

/** `POST /v3/vendors` body (and each item of `POST /v3/vendors/bulk`). */
export interface CreateVendorRequest {
  name: string;
  shortName?: string;
  accountNumber?: string;
  accountType?: "BUSINESS" | "PERSON" | "NONE";
  email?: string;
  phone?: string;
  address?: VendorAddress;
  additionalInfo?: VendorAdditionalInfoInput;
  billCurrency?: string;
  autoPay?: VendorAutoPayInput;
  paymentInformation?: {
    payeeName?: string;
    email?: string;
    paymentPurpose?: PaymentPurpose;
    bankAccount?: VendorBankAccountInput;
  };
}

/** `PATCH /v3/vendors/{vendorId}` body: any create field but the bank account. */
export interface UpdateVendorRequest {
  name?: string;
  shortName?: string;
  accountNumber?: string;
  accountType?: "BUSINESS" | "PERSON" | "NONE";
  email?: string;
  phone?: string;
  address?: VendorAddress;
  additionalInfo?: VendorAdditionalInfoInput;
  billCurrency?: string;
  autoPay?: VendorAutoPayInput;
  paymentInformation?: { payeeName?: string; email?: string; paymentPurpose?: PaymentPurpose };
}

/** A vendor (docs/bill-v3-resources.md section 2). */
export interface Vendor {
  id: string;
  archived: boolean;
  name: string;
  shortName?: string;
  accountNumber?: string;
  accountType: "BUSINESS" | "PERSON" | "NONE" | "UNDEFINED";
  email?: string;
  phone?: string;
  address?: VendorAddress & { countryName?: string };
  paymentInformation: {
    payeeName?: string;
    email?: string;
    payByType: "ACH" | "CHECK" | "UNDEFINED";
    /** The account number is masked to its last four characters. */
    bankAccount?: {
      nameOnAccount: string;
      accountNumber: string;
      routingNumber: string;
      type: "CHECKING" | "SAVINGS";
      ownerType: "BUSINESS" | "PERSONAL";
      paymentCurrency: string;
    };
    paymentPurpose?: PaymentPurpose;
  };
  additionalInfo: {
    taxId?: string;
    taxIdType?: "SSN" | "EIN";
    track1099: boolean;
    leadTimeInDays?: number;
    combinePayments: boolean;
    paymentTermId?: string;
    companyName?: string;
  };
  autoPay?: { enabled: boolean; bankAccountId?: string; maxAmount?: number; daysBeforeDueDate?: number };
  bankAccountStatus: "NO_ACCOUNT" | "NO_NET_LINKED_ACCOUNT";
  recurringPayments: boolean;
  billCurrency: string;
  balance: { amount: number; lastUpdatedDate?: string };
  networkStatus: "NOT_CONNECTED" | "PENDING" | "CONNECTED" | "CONNECTED_RPPS";
  createdTime: string;
  updatedTime: string;
}

/** A postal address as answered: as given, with the country's English name. */
export type AddressView = VendorAddress & { countryName?: string };

/** `POST /v3/customers` body. */
export interface CreateCustomerRequest {
  name: string;
  email: string;
  invoiceCurrency?: string;
  companyName?: string;
  contact?: { firstName?: string; lastName?: string };
  accountType?: "BUSINESS" | "PERSON" | "NONE";
  phone?: string;
  fax?: string;
  description?: string;
  accountNumber?: string;
  paymentTermId?: string;
  billingAddress?: VendorAddress;
  shippingAddress?: VendorAddress;
}

/** `PATCH /v3/customers/{customerId}` body. */
export type UpdateCustomerRequest = Partial<CreateCustomerRequest>;

/** A customer (docs/bill-v3-resources.md section 4). */
export interface Customer {
  id: string;
  archived: boolean;
  name: string;
  email: string;
  invoiceCurrency: string;
  companyName?: string;
  contact?: { firstName?: string; lastName?: string };
  accountType: "BUSINESS" | "PERSON" | "NONE";
  phone?: string;
  fax?: string;
  description?: string;
  accountNumber?: string;
  paymentTermId?: string;
  billingAddress?: AddressView;
  shippingAddress?: AddressView;
  balance: { amount: number };
  createdTime: string;
  updatedTime: string;
}

/** Classifications of a bill (ids of the organization's chart of accounts, classes, …). */
export interface BillClassifications {
  chartOfAccountId?: string;
  accountingClassId?: string;
  departmentId?: string;
  locationId?: string;
  itemId?: string;
}

/** A bill line item as sent: `amount`, or `quantity` and `price` for billet to multiply. */
export interface BillLineItemInput {
  /** The id of an existing line (PUT keeps it, PATCH changes it); ignored on create. */
  id?: string;
  amount?: number;
  quantity?: number;
  price?: number;
  description?: string;
  classifications?: BillClassifications & { employeeId?: string; jobId?: string; customerId?: string };
}

/** `POST /v3/bills` body (and `PUT /v3/bills/{billId}`, and each item of the bulk create). */
export interface CreateBillRequest {
  vendorId: string;
  dueDate: string;
  invoice: { invoiceNumber: string; invoiceDate: string };
  billLineItems: BillLineItemInput[];
  description?: string;
  purchaseOrderNumber?: string;
  payFromChartOfAccountId?: string;
  classifications?: BillClassifications;
  exchangeRate?: number;
}

/** `PATCH /v3/bills/{billId}` body: lines are named by `id`. */
export interface UpdateBillRequest {
  vendorId?: string;
  dueDate?: string;
  invoice?: { invoiceNumber?: string; invoiceDate?: string };
  billLineItems?: BillLineItemInput[];
  description?: string;
  purchaseOrderNumber?: string;
  payFromChartOfAccountId?: string;
  classifications?: BillClassifications;
  exchangeRate?: number;
}

/** A bill (docs/bill-v3-resources.md section 3). */
export interface Bill {
  id: string;
  archived: boolean;
  vendorId: string;
  vendorName: string;
  amount: number;
  fundingAmount: number;
  exchangeRate: number;
  paidAmount: number;
  dueAmount: number;
  scheduledAmount: number;
  creditAmount: number;
  dueDate: string;
  invoice: { invoiceNumber: string; invoiceDate: string };
  billLineItems: {
    id: string;
    amount: number;
    quantity?: number;
    price?: number;
    description?: string;
    classifications?: BillClassifications & { employeeId?: string; jobId?: string; customerId?: string };
  }[];
  description?: string;
  purchaseOrderNumber?: string;
  payFromChartOfAccountId?: string;
  classifications?: BillClassifications;
  paymentStatus: "PAID" | "UNPAID" | "PARTIAL" | "SCHEDULED";
  approvalStatus: "UNASSIGNED" | "ASSIGNED" | "APPROVING" | "APPROVED" | "DENIED";
  approvers: { userId: string; status: string; approverOrder: number; statusChangedTime?: string }[];
  createdBy: string;
  createdTime: string;
  updatedTime: string;
}
export * from "./wire/ar.ts";
export * from "./wire/bill-approvals.ts";
export * from "./wire/classifications.ts";
export * from "./wire/funding.ts";
export * from "./wire/payments.ts";

/** BILL's OAuth scopes: Full access, Accounting data access (docs/bill-sign-in-modes.md 4). */
export type OAuthScope = "full" | "accounting";

/** An OAuth client-credentials app (`/v3/oauth/apps`); never its secret. */
export interface OAuthApp {
  id: string;
  clientId: string;
  name: string;
  scope: OAuthScope;
  organizationId: string;
  userId: string;
  createdTime: string;
}

/** The answer of creating an app: its client secret, this once. */
export interface CreatedOAuthApp extends OAuthApp {
  clientSecret: string;
}

export interface RevokedOAuthApp extends OAuthApp {
  revokedTime: string;
  tokensEnded: number;
}

/** `POST /authx/token`'s answer (RFC 6749 section 5.1). */
export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope: string;
}
