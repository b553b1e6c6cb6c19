/**
 * BILL's documented v2 objects (test support: the unit tests beside this file and
 * test/api/v2-entities.test.ts use them). Verbatim from BILL's v2 pages where BILL shows one,
 * with the ids of records a test made in place of BILL's; marked (ours) where BILL shows none.
 */
import { NO_ID } from "./common.ts";

type Obj = Record<string, unknown>;

/** [DP v2 "Vendor": developersupport.bill.com/hc/en-us/articles/209605773] */
export const VENDOR: Obj = {
  entity: "Vendor",
  isActive: "1",
  name: "Happy Music Supplies",
  shortName: "Happy",
  nameOnCheck: "Happy Music",
  companyName: "Happy Music Supplies",
  accNumber: "1566",
  taxId: "123412341234",
  track1099: false,
  address1: "1234 Happy Lane",
  address2: "Building 14",
  address3: "",
  address4: "",
  addressCity: "Santa Clara",
  addressState: "CA",
  addressZip: "95050",
  addressCountry: "USA",
  email: "happy@happymusic.org",
  fax: "123-123-1235",
  phone: "123-123-1234",
  paymentEmail: "happy@happymusic.org",
  paymentPhone: "123-123-1234",
  description: "Supplier of musical tuners.",
  contactFirstName: "Happy",
  contactLastName: "Helper",
  accountType: "0",
};

/** [DP v2 "Customer": developersupport.bill.com/hc/en-us/articles/208182666] */
export const CUSTOMER: Obj = {
  entity: "Customer",
  isActive: "1",
  name: "Diamond",
  shortName: "Diamond",
  parentCustomerId: "",
  companyName: "Diamond Industrial Inc.",
  contactFirstName: "George",
  contactLastName: "Smith",
  accNumber: "212",
  billAddress1: "123 South North Street",
  billAddress2: "Suite 123",
  billAddress3: "",
  billAddress4: "",
  billAddressCity: "Santa Clara",
  billAddressState: "CA",
  billAddressCountry: "USA",
  billAddressZip: "95051",
  shipAddress1: "6868 First Second Avenue",
  shipAddress2: "Office 10",
  shipAddress3: "",
  shipAddress4: "",
  shipAddressCity: "Saint George",
  shipAddressState: "AL",
  shipAddressCountry: "USA",
  shipAddressZip: "35000",
  email: "diamond@com.com",
  phone: "123-123-1234",
  altPhone: "123-123-1256",
  fax: "123-123-1235",
  description: "Industrial diamond company",
  printAs: "",
  accountType: "1",
};

/** [DP v2 "ChartOfAccount": developersupport.bill.com/hc/en-us/articles/209685093] */
export const CHART_OF_ACCOUNT: Obj = {
  entity: "ChartOfAccount",
  name: "Office Expenses",
  isActive: "1",
  accountNumber: "651",
  accountType: "14",
  description: "Office supplies, equipment, etc.",
  parentChartOfAccountId: NO_ID,
  ca1099Type: "0",
};

/** [DP v2 "Department": developersupport.bill.com/hc/en-us/articles/208182686] */
export const DEPARTMENT: Obj = {
  entity: "Department",
  name: "Marketing",
  shortName: "Marketing",
  isActive: "1",
  description: "Marketing department for musical instruments sold in US.",
  parentDepartmentId: NO_ID,
};

/** [DP v2 "Location": developersupport.bill.com/hc/en-us/articles/209725743] */
export const LOCATION: Obj = {
  entity: "Location",
  name: "US-West Coast",
  shortName: "WC",
  isActive: "1",
  description: "This is the West Coast market area.",
  parentLocationId: NO_ID,
};

/** [DP v2 "Job": developersupport.bill.com/hc/en-us/articles/209725733] */
export const JOB: Obj = {
  entity: "Job",
  name: "Music Organizations",
  shortName: "MO",
  isActive: "1",
  description: "This tracks sales to music organizations",
  parentJobId: NO_ID,
};

/** [DP v2 "Employee": developersupport.bill.com/hc/en-us/articles/209725713] */
export const EMPLOYEE: Obj = {
  entity: "Employee",
  shortName: "APS",
  isActive: "1",
  firstName: "Albert",
  lastName: "Passage",
  parentEmployeeId: NO_ID,
};

/** (ours) BILL shows no ActgClass example; the fields are a Department's [3P v2 mock: parentActgClassId]. */
export const ACTG_CLASS: Obj = {
  entity: "ActgClass",
  name: "Prepaid Subscriptions",
  shortName: "PS",
  isActive: "1",
  description: "Prepaid Subscriptions class",
  parentActgClassId: NO_ID,
};

/** A sales tax item as a public v2 client creates it [3P: `type: "6"`, `percentage: 7`]. */
export const SALES_TAX_ITEM: Obj = {
  entity: "Item",
  type: "6",
  name: "NC Sales Tax",
  description: "North Carolina Sales Tax",
  percentage: 7,
  isActive: "1",
};

/** (ours) A service item with every v2 field the Item entity has. */
export const serviceItem = (chartOfAccountId: string): Obj => ({
  entity: "Item",
  isActive: "1",
  type: "1",
  name: "Guitar lessons",
  shortName: "Lessons",
  description: "One hour of guitar lessons",
  price: 45.5,
  expenseAccount: chartOfAccountId,
  purDescription: "Teacher's hour",
  purCost: 30,
  chartOfAccountId,
  taxable: true,
  parentItemId: NO_ID,
});

export interface Classified {
  chartOfAccountId: string;
  departmentId: string;
  locationId: string;
  jobId: string;
  customerId: string;
  itemId: string;
  employeeId: string;
  actgClassId: string;
}

/** [DP v2 "Bill": developersupport.bill.com/hc/en-us/articles/208155326], with a test's ids. */
export const bill = (vendorId: string, ids: Classified): Obj => ({
  entity: "Bill",
  isActive: "1",
  vendorId,
  invoiceNumber: "14800",
  invoiceDate: "2021-12-05",
  dueDate: "2021-12-05",
  glPostingDate: "2021-12-05",
  description: "Purchase for a new band",
  poNumber: "1122",
  billLineItems: [
    {
      entity: "BillLineItem",
      amount: 1189.99,
      ...ids,
      jobBillable: true,
      description: "",
      quantity: 1,
      unitPrice: 1189.99,
    },
    {
      entity: "BillLineItem",
      amount: 849.99,
      ...ids,
      jobBillable: true,
      description: "",
      quantity: 1,
      unitPrice: 849.99,
    },
  ],
});

/**
 * [DP v2 "Create an invoice": developer.bill.com/v2/reference/ar-customertransactions-
 * createinvoice, its line items verbatim: two items and a 20% discount], with a test's ids.
 */
export const invoice = (customerId: string, chartOfAccountId: string): Obj => ({
  entity: "Invoice",
  isActive: "1",
  customerId,
  invoiceNumber: "INV-2016-12",
  invoiceDate: "2016-12-12",
  dueDate: "2016-12-27",
  payToChartOfAccountId: chartOfAccountId,
  invoiceLineItems: [
    { entity: "InvoiceLineItem", description: "item 01", quantity: 1, price: 50, amount: 50 },
    { entity: "InvoiceLineItem", description: "item 02", quantity: 2, price: 25, amount: 50 },
    { entity: "InvoiceLineItem", description: "discount", quantity: 1, ratePercent: -20 },
  ],
});

/** (ours) BILL's v3 vendor credit example [PM/DP] in v2's field names [3P v2 SDK]. */
export const vendorCredit = (vendorId: string, chartOfAccountId: string): Obj => ({
  entity: "VendorCredit",
  isActive: "1",
  vendorId,
  refNumber: "202602-vendorcredit",
  creditDate: "2026-12-28",
  description: "Happy Vendor Credit",
  vendorCreditLineItems: [
    {
      entity: "VendorCreditLineItem",
      amount: 14.99,
      description: "Classic extreme drum sticks",
      chartOfAccountId,
    },
    { entity: "VendorCreditLineItem", amount: 50, description: "Metal guitar picks (5-pack)" },
  ],
});
