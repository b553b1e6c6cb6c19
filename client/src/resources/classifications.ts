/**
 * `client.classifications`: BILL's seven general-ledger classifications under
 * `/v3/classifications/…`, each a `BulkChangeRecords` (create, list, get, update, archive,
 * restore, and their bulk forms; bulk answers are `{ <kind>: [...] }`). Administrators and
 * accountants write them; every role reads.
 */
import type {
  AccountingClass,
  ChartOfAccounts,
  ClassificationItem,
  CreateAccountingClassRequest,
  CreateChartOfAccountsRequest,
  CreateClassificationItemRequest,
  CreateDepartmentRequest,
  CreateEmployeeRequest,
  CreateJobRequest,
  CreateLocationRequest,
  Department,
  Employee,
  Job,
  Location,
  UpdateAccountingClassRequest,
  UpdateChartOfAccountsRequest,
  UpdateClassificationItemRequest,
  UpdateDepartmentRequest,
  UpdateEmployeeRequest,
  UpdateJobRequest,
  UpdateLocationRequest,
} from "../types.ts";
import { BulkChangeRecords } from "./bulk-change-records.ts";
import type { Send } from "./send.ts";

/**
 * @example
 * const account = await client.classifications.chartOfAccounts.create({
 *   name: "Prepaid Expenses",
 *   account: { type: "EXPENSE", number: "1-020" },
 * });
 * await client.bills.create({ ...bill, payFromChartOfAccountId: account.id });
 */
/** Classifications have no `PUT` (one or bulk) in BILL's API: the client offers none. */
type NoPut = "replace" | "replaceMany";

export class Classifications {
  readonly chartOfAccounts: Omit<
    BulkChangeRecords<
      ChartOfAccounts,
      CreateChartOfAccountsRequest,
      UpdateChartOfAccountsRequest,
      { chartOfAccounts: ChartOfAccounts[] }
    >,
    NoPut
  >;
  readonly accountingClasses: Omit<
    BulkChangeRecords<
      AccountingClass,
      CreateAccountingClassRequest,
      UpdateAccountingClassRequest,
      { accountingClasses: AccountingClass[] }
    >,
    NoPut
  >;
  readonly departments: Omit<
    BulkChangeRecords<
      Department,
      CreateDepartmentRequest,
      UpdateDepartmentRequest,
      { departments: Department[] }
    >,
    NoPut
  >;
  readonly employees: Omit<
    BulkChangeRecords<Employee, CreateEmployeeRequest, UpdateEmployeeRequest, { employees: Employee[] }>,
    NoPut
  >;
  readonly items: Omit<
    BulkChangeRecords<
      ClassificationItem,
      CreateClassificationItemRequest,
      UpdateClassificationItemRequest,
      { items: ClassificationItem[] }
    >,
    NoPut
  >;
  readonly jobs: Omit<BulkChangeRecords<Job, CreateJobRequest, UpdateJobRequest, { jobs: Job[] }>, NoPut>;
  readonly locations: Omit<
    BulkChangeRecords<Location, CreateLocationRequest, UpdateLocationRequest, { locations: Location[] }>,
    NoPut
  >;

  constructor(send: Send) {
    const at = (name: string) => `/v3/classifications/${name}`;
    this.chartOfAccounts = new BulkChangeRecords(send, at("chart-of-accounts"));
    this.accountingClasses = new BulkChangeRecords(send, at("accounting-classes"));
    this.departments = new BulkChangeRecords(send, at("departments"));
    this.employees = new BulkChangeRecords(send, at("employees"));
    this.items = new BulkChangeRecords(send, at("items"));
    this.jobs = new BulkChangeRecords(send, at("jobs"));
    this.locations = new BulkChangeRecords(send, at("locations"));
  }
}
