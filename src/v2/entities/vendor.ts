/**
 * v2's `Vendor` [DP v2 "Vendor": developersupport.bill.com/hc/en-us/articles/209605773] over
 * the v3 `vendors` resource (docs/bill-v3-resources.md section 2). The flat v2 address
 * (`address1`…`addressCountry`) is v3's `address`; `nameOnCheck` and `paymentEmail` are
 * `paymentInformation`; `taxId`, `track1099`, `companyName`, `paymentTermId` and the combined
 * payments preference are `additionalInfo`. The v3 bank account is never touched (v2 has its
 * own VendorBankAccount entity).
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
  countryCodeOf,
  defined,
  idOrNone,
  isActiveOf,
  listFields,
  NO_ID,
  nested,
  numberOrNull,
  patchOf,
  readAddress,
  textOrNull,
  textValue,
  type V2EntityMapping,
  V2Reader,
  v2Time,
  writeAddress,
} from "./common.ts";

const ADDRESS = addressNames("address");

/** What a v2 Update clears when v2 does not send it (v3-only fields are kept). */
const OWNED = [
  "shortName",
  "accountNumber",
  "accountType",
  "email",
  "phone",
  "billCurrency",
  "address",
  ...ADDRESS_FIELDS.map((field) => `address.${field}`),
  "additionalInfo.taxId",
  "additionalInfo.track1099",
  "additionalInfo.companyName",
  "additionalInfo.paymentTermId",
  "additionalInfo.combinePayments",
  "paymentInformation.payeeName",
  "paymentInformation.email",
];

export const vendor: V2EntityMapping = {
  name: "Vendor",
  resource: "vendors",
  deletes: "archive",
  updateBy: "patch",

  toV2(v3) {
    const info = nested(v3, "additionalInfo");
    const payment = nested(v3, "paymentInformation");
    return {
      entity: "Vendor",
      id: v3.id,
      isActive: isActiveOf(v3.archived),
      name: v3.name,
      shortName: textOrNull(v3.shortName),
      nameOnCheck: textOrNull(payment.payeeName),
      companyName: textOrNull(info.companyName),
      accNumber: textOrNull(v3.accountNumber),
      taxId: textOrNull(info.taxId),
      track1099: info.track1099 === true,
      ...writeAddress(v3.address, ADDRESS),
      email: textOrNull(v3.email),
      fax: null,
      phone: textOrNull(v3.phone),
      paymentEmail: textOrNull(payment.email),
      paymentPhone: null,
      description: null,
      contactFirstName: null,
      contactLastName: null,
      accountType: codeOf(v3.accountType, ACCOUNT_TYPES),
      paymentTermId: idOrNone(info.paymentTermId),
      enableCombinePayments: info.combinePayments === true,
      billCurrency: textOrNull(v3.billCurrency),
      balance: numberOrNull(nested(v3, "balance").amount),
      mergedIntoId: NO_ID,
      createdTime: v2Time(v3.createdTime),
      updatedTime: v2Time(v3.updatedTime),
    };
  },

  toV3(v2, action) {
    const r = new V2Reader(v2);
    r.entity("Vendor");
    r.isActive();
    // BILL's v2 field is `enableCombinePayments` [DP v2 PayBills]; its answers were seen as `enabledCombinePayments` [3P].
    const combine = r.has("enableCombinePayments")
      ? r.boolean("enableCombinePayments")
      : r.boolean("enabledCombinePayments");
    const body = defined({
      name: r.requiredText("name", 100),
      shortName: r.text("shortName", 40),
      accountNumber: r.text("accNumber", 100),
      accountType: r.code("accountType", ACCOUNT_TYPES),
      email: r.text("email", 255),
      phone: r.text("phone", 30),
      address: readAddress(r, ADDRESS),
      billCurrency: r.text("billCurrency", 3),
      additionalInfo: compact({
        taxId: r.text("taxId", 20),
        track1099: r.boolean("track1099"),
        companyName: r.text("companyName", 100),
        paymentTermId: r.id("paymentTermId", "00p"),
        combinePayments: combine,
      }),
      paymentInformation: compact({
        payeeName: r.text("nameOnCheck", 100),
        email: r.text("paymentEmail", 254),
      }),
    });
    return conversion(r, action === "update" ? patchOf(body, OWNED) : body);
  },

  listField: listFields({
    ...BASE_LIST_FIELDS,
    name: { field: "name", value: textValue },
    shortName: { field: "shortName", value: textValue },
    email: { field: "email", value: textValue },
    phone: { field: "phone", value: textValue },
    accountType: { field: "accountType", value: codeValue(ACCOUNT_TYPES) },
    billCurrency: { field: "billCurrency", value: textValue },
    addressCountry: {
      field: "address.country",
      value: (v2) => (typeof v2 === "string" ? countryCodeOf(v2) : undefined),
    },
  }),
};
