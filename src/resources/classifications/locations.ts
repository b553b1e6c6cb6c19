/**
 * Locations (docs/bill-v3-resources.md section 7): a general-ledger classification with a
 * name, a short name, a description and a parent location [PM folder "AP & AR /
 * classifications"]. Id prefix `loc` [DP: "BILL-generated IDs"].
 */
import type { Static } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { same } from "../../http/schemas/same.ts";
import { type NamedClassification, namedClassification, namedCreateBody, namedUpdateBody } from "./kit.ts";

export const locations = namedClassification({
  name: "classifications/locations",
  label: "location",
  idPrefix: "loc",
  wrap: "locations",
});

const CreateBody = namedCreateBody("loc");
const UpdateBody = namedUpdateBody("loc");

// The client's wire types are these schemas' types (client/src/types.ts).
same<NamedClassification, Wire.Location>(true);
same<Static<typeof CreateBody>, Wire.CreateLocationRequest>(true);
same<Static<typeof UpdateBody>, Wire.UpdateLocationRequest>(true);
