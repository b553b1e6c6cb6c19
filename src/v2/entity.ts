/**
 * One of BILL's v2 entities (`Vendor`, `Bill`, …) over the v3 resource that stores it
 * (docs/bill-sign-in-modes.md section 2): the v2 calls (`List/{Entity}.json`,
 * `Crud/{Read|Create|Update|Delete}/{Entity}.json`) read and write the same stored records as
 * the v3 routes, converting between v2's field names and v3's wire objects. A mapping is pure:
 * JSON in, JSON out; the v2 routes (src/routes/v2/) do the engine calls.
 */

/** What a conversion gives: the converted object, or BILL's v2 error for the caller. */
export type V2Conversion =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; code: string; message: string };

/** How a v2 list field (`filters[].field`, `sort[].field`) reads on the v3 list. */
export interface V2ListField {
  /** The v3 field of the resource's list (its `filters`/`sort` name). */
  field: string;
  /** v2's value (`"1"`, `"2009-01-01"`, …) as the v3 filter value; identity when absent. */
  value?: (v2Value: unknown) => unknown;
}

export interface V2Entity {
  /** v2's entity name, as in the URL and in `"entity"` of each object: `Vendor`. */
  name: string;
  /** The v3 resource declaration's name (src/resources/index.ts): `vendors`. */
  resource: string;
  /** The stored v3 wire object (what the v3 GET answers) as v2's object, `entity` included. */
  toV2(v3: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /**
   * v2's object (`obj` of `Crud/Create` or `Crud/Update`) as the v3 body: a create body, or
   * for an update the fields v2 sent as a v3 PATCH body (v2's Update replaces the object; the
   * mapping says which fields it clears).
   */
  toV3(v2: Readonly<Record<string, unknown>>, action: "create" | "update"): V2Conversion;
  /** A v2 list field, or undefined when v2 cannot filter or sort by it. */
  listField(v2Field: string): V2ListField | undefined;
  /**
   * What `Crud/Update`'s body is: a v3 PATCH (fields not sent are cleared), or, where v2's
   * Update overwrites the line items, a whole create body that replaces the record (v3's PUT).
   * Absent: `patch`.
   */
  updateBy?: "patch" | "replace";
  /** What `Crud/Delete` does: archive (v2 sets `isActive` to `"2"`) or refuse. */
  deletes: "archive" | "refuse";
}
