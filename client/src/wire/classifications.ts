/**
 * Wire types of BILL's general-ledger classifications (`/v3/classifications/…`) and of
 * `GET /v3/organizations/industries`. The server proves its schemas equal to these
 * (src/resources/classifications/).
 */

/** An accounting class, department, job or location: BILL gives the four one shape. */
export interface NamedClassification {
  id: string;
  archived: boolean;
  name: string;
  shortName?: string;
  description?: string;
  /** The parent record of the same kind (a child classification). */
  parentId?: string;
  createdTime: string;
  updatedTime: string;
}

export interface CreateNamedClassificationRequest {
  name: string;
  shortName?: string;
  description?: string;
  parentId?: string;
}

/** A PATCH: the fields given change; `null` clears an optional one. */
export type UpdateNamedClassificationRequest = Partial<CreateNamedClassificationRequest>;

export type AccountingClass = NamedClassification;
export type CreateAccountingClassRequest = CreateNamedClassificationRequest;
export type UpdateAccountingClassRequest = UpdateNamedClassificationRequest;
export type Department = NamedClassification;
export type CreateDepartmentRequest = CreateNamedClassificationRequest;
export type UpdateDepartmentRequest = UpdateNamedClassificationRequest;
export type Job = NamedClassification;
export type CreateJobRequest = CreateNamedClassificationRequest;
export type UpdateJobRequest = UpdateNamedClassificationRequest;
export type Location = NamedClassification;
export type CreateLocationRequest = CreateNamedClassificationRequest;
export type UpdateLocationRequest = UpdateNamedClassificationRequest;

export type ChartOfAccountsType =
  | "UNSPECIFIED"
  | "ACCOUNTS_PAYABLE"
  | "ACCOUNTS_RECEIVABLE"
  | "BANK"
  | "COST_OF_GOODS_SOLD"
  | "CREDIT_CARD"
  | "EQUITY"
  | "EXPENSE"
  | "FIXED_ASSET"
  | "INCOME"
  | "LONG_TERM_LIABILITY"
  | "OTHER_ASSET"
  | "OTHER_CURRENT_ASSET"
  | "OTHER_CURRENT_LIABILITY"
  | "OTHER_EXPENSE"
  | "OTHER_INCOME"
  | "NON_POSTING";

export interface ChartOfAccounts {
  id: string;
  archived: boolean;
  name: string;
  description?: string;
  parentId?: string;
  account: { type: ChartOfAccountsType; number?: string };
  createdTime: string;
  updatedTime: string;
}

export interface CreateChartOfAccountsRequest {
  name: string;
  description?: string;
  parentId?: string;
  account?: { type?: ChartOfAccountsType; number?: string };
}

export interface UpdateChartOfAccountsRequest {
  name?: string;
  description?: string;
  parentId?: string;
  account?: { type?: ChartOfAccountsType; number?: string };
}

export interface Employee {
  id: string;
  archived: boolean;
  firstName: string;
  lastName: string;
  shortName?: string;
  parentId?: string;
  createdTime: string;
  updatedTime: string;
}

export interface CreateEmployeeRequest {
  firstName: string;
  lastName: string;
  shortName?: string;
  parentId?: string;
}

export type UpdateEmployeeRequest = Partial<CreateEmployeeRequest>;

export type ClassificationItemType =
  | "UNKNOWN"
  | "SERVICE"
  | "INVENTORY"
  | "NON_INVENTORY"
  | "PAYMENT"
  | "DISCOUNT"
  | "SALES_TAX"
  | "SUBTOTAL"
  | "OTHER_CHARGE"
  | "INVENTORY_ASSEMBLY"
  | "GROUP"
  | "SALES_TAX_GROUP"
  | "FIXED_ASSET"
  | "CATEGORY"
  | "EXPENSE";

interface ClassificationItemFields {
  shortName?: string;
  description?: string;
  parentId?: string;
  price?: number;
  /** The chart of accounts (`0ca…`) for bills and purchases. */
  expenseChartOfAccountId?: string;
  purchaseDescription?: string;
  purchaseCost?: number;
  chartOfAccountId?: string;
  /** Only for DISCOUNT, SALES_TAX and OTHER_CHARGE. */
  percentage?: number;
}

/** An item (`/v3/classifications/items`); named so as not to be mistaken for a line item. */
export interface ClassificationItem extends ClassificationItemFields {
  id: string;
  archived: boolean;
  type: ClassificationItemType;
  name: string;
  taxable: boolean;
  createdTime: string;
  updatedTime: string;
}

export interface CreateClassificationItemRequest extends ClassificationItemFields {
  type: ClassificationItemType;
  name: string;
  taxable?: boolean;
}

export type UpdateClassificationItemRequest = Partial<CreateClassificationItemRequest>;

/** `GET /v3/organizations/industries`: the values the organization `industry` field takes. */
export interface IndustriesResponse {
  results: string[];
}
