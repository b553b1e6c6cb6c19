import type { V2Entity } from "../entity.ts";

/** Every v2 entity billet serves, over the v3 resources of src/resources/. */
export const V2_ENTITIES: readonly V2Entity[] = [];
