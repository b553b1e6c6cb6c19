/**
 * Departments (docs/bill-v3-resources.md section 7): a general-ledger classification with a
 * name, a short name, a description and a parent department [PM folder "AP & AR /
 * classifications"]. Id prefix `0de` [DP: "BILL-generated IDs"].
 */
import type { Static } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { same } from "../../http/schemas/same.ts";
import { type NamedClassification, namedClassification, namedCreateBody, namedUpdateBody } from "./kit.ts";

export const departments = namedClassification({
  name: "classifications/departments",
  label: "department",
  idPrefix: "0de",
  wrap: "departments",
});

const CreateBody = namedCreateBody("0de");
const UpdateBody = namedUpdateBody("0de");

// The client's wire types are these schemas' types (client/src/types.ts).
same<NamedClassification, Wire.Department>(true);
same<Static<typeof CreateBody>, Wire.CreateDepartmentRequest>(true);
same<Static<typeof UpdateBody>, Wire.UpdateDepartmentRequest>(true);
