/**
 * Employees (docs/bill-v3-resources.md section 7): a classification for Sage Intacct employee
 * expenses, with a first and last name (both required), a short name and a parent employee
 * [PM; DP "Create an employee"]. Id prefix `emp` [DP: "BILL-generated IDs"].
 */
import { type Static, Type } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { same } from "../../http/schemas/same.ts";
import { partial, present, text } from "../schema-kit.ts";
import { defineClassification, idOf, TEXT } from "./kit.ts";

const PREFIX = "emp";
const names = { firstName: text(1, 100), lastName: text(1, 100) };
const optionalFields = { shortName: text(0, 40), parentId: idOf(PREFIX) };

export const CreateEmployeeBody = Type.Object({ ...names, ...partial(optionalFields).properties });
export const UpdateEmployeeBody = partial({ ...names, ...optionalFields });

const Str = Type.String();
const opt = Type.Optional;

export const EmployeeSchema = Type.Object({
  id: Str,
  archived: Type.Boolean(),
  firstName: Str,
  lastName: Str,
  shortName: opt(Str),
  parentId: opt(Str),
  createdTime: Str,
  updatedTime: Str,
});

export type Employee = Static<typeof EmployeeSchema>;
type Data = Static<typeof CreateEmployeeBody>;

export const employees = defineClassification({
  name: "classifications/employees",
  label: "employee",
  idPrefix: PREFIX,
  wrap: "employees",
  createBody: CreateEmployeeBody,
  updateBody: UpdateEmployeeBody,
  wire: EmployeeSchema,
  fields: { firstName: "string", lastName: "string", shortName: "string" },
  filters: { firstName: { ops: TEXT }, lastName: { ops: TEXT }, shortName: { ops: TEXT } },
  sorts: ["firstName", "lastName", "shortName"],
  view: (stored) => {
    const data = stored as Data;
    return {
      firstName: data.firstName,
      lastName: data.lastName,
      ...present("shortName", data.shortName),
      ...present("parentId", data.parentId),
    };
  },
});

// The client's wire types are these schemas' types (client/src/types.ts).
same<Employee, Wire.Employee>(true);
same<Static<typeof CreateEmployeeBody>, Wire.CreateEmployeeRequest>(true);
same<Static<typeof UpdateEmployeeBody>, Wire.UpdateEmployeeRequest>(true);
