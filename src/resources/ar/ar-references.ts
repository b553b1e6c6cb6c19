/**
 * The records an AR document names besides its customer (docs/bill-v3-resources.md 11.2,
 * 11.6): its chart of accounts and classifications, and each line's; each must be an active
 * record of the organization, else 400 BDC_9001 naming the field (as bills, section 3).
 */
const KINDS = {
  accountingClassId: "classifications/accounting-classes",
  departmentId: "classifications/departments",
  jobId: "classifications/jobs",
  locationId: "classifications/locations",
};
const LINE_KINDS = {
  ...KINDS,
  chartOfAccountId: "classifications/chart-of-accounts",
  itemId: "classifications/items",
};

/** `references` of an AR declaration whose lines are under `lines`. */
export const arReferences = (customerField: string, lines: string): Record<string, string> => ({
  [customerField]: "customers",
  payToChartOfAccountId: "classifications/chart-of-accounts",
  ...Object.fromEntries(Object.entries(KINDS).map(([field, kind]) => [`classifications.${field}`, kind])),
  ...Object.fromEntries(
    Object.entries(LINE_KINDS).map(([field, kind]) => [`${lines}.classifications.${field}`, kind]),
  ),
});
