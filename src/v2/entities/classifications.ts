/**
 * v2's general-ledger classifications over v3's `classifications/*` resources
 * (docs/bill-v3-resources.md section 7): `ActgClass`, `Department`, `Location`, `Job`
 * [DP v2 "Department" developersupport.bill.com/hc/en-us/articles/208182686, "Location"
 * …/209725743, "Job" …/209725733: `name`, `shortName`, `description`, `parent{Entity}Id`],
 * `Employee` [DP v2 …/209725713: `firstName`, `lastName`, `shortName`, `parentEmployeeId`] and
 * `ChartOfAccount` [DP v2 …/209685093: `accountType` "0"–"16", `accountNumber`,
 * `parentChartOfAccountId`]. Each v2 parent id is v3's `parentId`.
 */
import { ACCOUNT_TYPES } from "../../resources/classifications/chart-of-accounts.ts";
import {
  BASE_LIST_FIELDS,
  codeOf,
  codeValue,
  compact,
  conversion,
  defined,
  idOrNone,
  idValue,
  isActiveOf,
  listFields,
  NO_ID,
  nested,
  patchOf,
  textOrNull,
  textValue,
  type V2EntityMapping,
  V2Reader,
  v2Time,
} from "./common.ts";

/** A v2 entity with a name, a short name, a description and a parent of its kind. */
function named(spec: { name: string; resource: string; prefix: string; parent: string }): V2EntityMapping {
  return {
    name: spec.name,
    resource: spec.resource,
    deletes: "archive",
    updateBy: "patch",
    toV2: (v3) => ({
      entity: spec.name,
      id: v3.id,
      name: v3.name,
      shortName: textOrNull(v3.shortName),
      isActive: isActiveOf(v3.archived),
      description: textOrNull(v3.description),
      [spec.parent]: idOrNone(v3.parentId),
      createdTime: v2Time(v3.createdTime),
      updatedTime: v2Time(v3.updatedTime),
      mergedIntoId: NO_ID,
    }),
    toV3(v2, action) {
      const r = new V2Reader(v2);
      r.entity(spec.name);
      r.isActive();
      const body = defined({
        name: r.requiredText("name", 100),
        shortName: r.text("shortName", 40),
        description: r.text("description"),
        parentId: r.id(spec.parent, spec.prefix),
      });
      return conversion(
        r,
        action === "update" ? patchOf(body, ["shortName", "description", "parentId"]) : body,
      );
    },
    listField: listFields({
      ...BASE_LIST_FIELDS,
      name: { field: "name", value: textValue },
      shortName: { field: "shortName", value: textValue },
      description: { field: "description", value: textValue },
      [spec.parent]: { field: "parentId", value: idValue },
    }),
  };
}

export const actgClass = named({
  name: "ActgClass",
  resource: "classifications/accounting-classes",
  prefix: "cls",
  parent: "parentActgClassId",
});

export const department = named({
  name: "Department",
  resource: "classifications/departments",
  prefix: "0de",
  parent: "parentDepartmentId",
});

export const location = named({
  name: "Location",
  resource: "classifications/locations",
  prefix: "loc",
  parent: "parentLocationId",
});

export const job = named({
  name: "Job",
  resource: "classifications/jobs",
  prefix: "job",
  parent: "parentJobId",
});

export const employee: V2EntityMapping = {
  name: "Employee",
  resource: "classifications/employees",
  deletes: "archive",
  updateBy: "patch",
  toV2: (v3) => ({
    entity: "Employee",
    id: v3.id,
    shortName: textOrNull(v3.shortName),
    isActive: isActiveOf(v3.archived),
    firstName: v3.firstName,
    lastName: v3.lastName,
    parentEmployeeId: idOrNone(v3.parentId),
    createdTime: v2Time(v3.createdTime),
    updatedTime: v2Time(v3.updatedTime),
    mergedIntoId: NO_ID,
  }),
  toV3(v2, action) {
    const r = new V2Reader(v2);
    r.entity("Employee");
    r.isActive();
    const body = defined({
      firstName: r.requiredText("firstName", 100),
      lastName: r.requiredText("lastName", 100),
      shortName: r.text("shortName", 40),
      parentId: r.id("parentEmployeeId", "emp"),
    });
    return conversion(r, action === "update" ? patchOf(body, ["shortName", "parentId"]) : body);
  },
  listField: listFields({
    ...BASE_LIST_FIELDS,
    firstName: { field: "firstName", value: textValue },
    lastName: { field: "lastName", value: textValue },
    shortName: { field: "shortName", value: textValue },
    parentEmployeeId: { field: "parentId", value: idValue },
  }),
};

export const chartOfAccount: V2EntityMapping = {
  name: "ChartOfAccount",
  resource: "classifications/chart-of-accounts",
  deletes: "archive",
  updateBy: "patch",
  toV2(v3) {
    const account = nested(v3, "account");
    return {
      entity: "ChartOfAccount",
      id: v3.id,
      name: v3.name,
      isActive: isActiveOf(v3.archived),
      accountNumber: textOrNull(account.number),
      // v3's account types are BILL's v2 categories in order (chart-of-accounts.ts).
      accountType: codeOf(account.type, ACCOUNT_TYPES),
      description: textOrNull(v3.description),
      parentChartOfAccountId: idOrNone(v3.parentId),
      ca1099Type: "0",
      createdTime: v2Time(v3.createdTime),
      updatedTime: v2Time(v3.updatedTime),
      mergedIntoId: NO_ID,
    };
  },
  toV3(v2, action) {
    const r = new V2Reader(v2);
    r.entity("ChartOfAccount");
    r.isActive();
    const body = defined({
      name: r.requiredText("name", 100),
      description: r.text("description"),
      parentId: r.id("parentChartOfAccountId", "0ca"),
      account: compact({
        type: r.code("accountType", ACCOUNT_TYPES),
        number: r.text("accountNumber", 40),
      }),
    });
    const owned = ["description", "parentId", "account", "account.type", "account.number"];
    return conversion(r, action === "update" ? patchOf(body, owned) : body);
  },
  listField: listFields({
    ...BASE_LIST_FIELDS,
    name: { field: "name", value: textValue },
    description: { field: "description", value: textValue },
    accountType: { field: "account.type", value: codeValue(ACCOUNT_TYPES) },
    accountNumber: { field: "account.number", value: textValue },
    parentChartOfAccountId: { field: "parentId", value: idValue },
  }),
};
