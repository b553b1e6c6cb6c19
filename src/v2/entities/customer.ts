/**
 * v2's `Customer` [DP v2 "Customer": developersupport.bill.com/hc/en-us/articles/208182666]
 * over the v3 `customers` resource (docs/bill-v3-resources.md section 4). v2's flat billing
 * and shipping addresses (`billAddress1`…, `shipAddress1`…) are v3's `billingAddress` and
 * `shippingAddress`; `contactFirstName`/`contactLastName` are `contact`; `accNumber` is
 * `accountNumber`. v3 requires an e-mail that v2 does not: a v2 customer without one is
 * BDC_1108 `email` (ours).
 */
import {
  ACCOUNT_TYPES,
  ADDRESS_FIELDS,
  addressNames,
  BASE_LIST_FIELDS,
  codeOf,
  codeValue,
  compact,
  conversion,
  defined,
  idOrNone,
  isActiveOf,
  listFields,
  NO_ID,
  nested,
  patchOf,
  readAddress,
  textOrNull,
  textValue,
  type V2EntityMapping,
  V2Reader,
  v2Time,
  writeAddress,
} from "./common.ts";

const BILLING = addressNames("billAddress");
const SHIPPING = addressNames("shipAddress");

const OWNED = [
  "companyName",
  "contact",
  "contact.firstName",
  "contact.lastName",
  "accountType",
  "phone",
  "fax",
  "description",
  "accountNumber",
  "paymentTermId",
  "invoiceCurrency",
  "billingAddress",
  ...ADDRESS_FIELDS.map((field) => `billingAddress.${field}`),
  "shippingAddress",
  ...ADDRESS_FIELDS.map((field) => `shippingAddress.${field}`),
];

export const customer: V2EntityMapping = {
  name: "Customer",
  resource: "customers",
  deletes: "archive",
  updateBy: "patch",

  toV2(v3) {
    const contact = nested(v3, "contact");
    return {
      entity: "Customer",
      id: v3.id,
      isActive: isActiveOf(v3.archived),
      createdTime: v2Time(v3.createdTime),
      updatedTime: v2Time(v3.updatedTime),
      name: v3.name,
      shortName: null,
      parentCustomerId: NO_ID,
      companyName: textOrNull(v3.companyName),
      contactFirstName: textOrNull(contact.firstName),
      contactLastName: textOrNull(contact.lastName),
      accNumber: textOrNull(v3.accountNumber),
      ...writeAddress(v3.billingAddress, BILLING),
      ...writeAddress(v3.shippingAddress, SHIPPING),
      email: textOrNull(v3.email),
      phone: textOrNull(v3.phone),
      altPhone: null,
      fax: textOrNull(v3.fax),
      description: textOrNull(v3.description),
      printAs: null,
      mergedIntoId: NO_ID,
      hasAuthorizedToCharge: false,
      accountType: codeOf(v3.accountType, ACCOUNT_TYPES),
      paymentTermId: idOrNone(v3.paymentTermId),
      invoiceCurrency: textOrNull(v3.invoiceCurrency),
    };
  },

  toV3(v2, action) {
    const r = new V2Reader(v2);
    r.entity("Customer");
    r.isActive();
    const body = defined({
      name: r.requiredText("name", 100),
      email: r.requiredText("email", 255),
      companyName: r.text("companyName", 100),
      contact: compact({
        firstName: r.text("contactFirstName", 100),
        lastName: r.text("contactLastName", 100),
      }),
      accountNumber: r.text("accNumber", 100),
      accountType: r.code("accountType", ACCOUNT_TYPES),
      phone: r.text("phone", 30),
      fax: r.text("fax", 30),
      description: r.text("description"),
      paymentTermId: r.id("paymentTermId", "00p"),
      invoiceCurrency: r.text("invoiceCurrency", 3),
      billingAddress: readAddress(r, BILLING),
      shippingAddress: readAddress(r, SHIPPING),
    });
    return conversion(r, action === "update" ? patchOf(body, OWNED) : body);
  },

  listField: listFields({
    ...BASE_LIST_FIELDS,
    name: { field: "name", value: textValue },
    companyName: { field: "companyName", value: textValue },
    email: { field: "email", value: textValue },
    phone: { field: "phone", value: textValue },
    fax: { field: "fax", value: textValue },
    description: { field: "description", value: textValue },
    accountType: { field: "accountType", value: codeValue(ACCOUNT_TYPES) },
    invoiceCurrency: { field: "invoiceCurrency", value: textValue },
  }),
};
