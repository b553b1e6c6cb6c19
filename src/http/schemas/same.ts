/**
 * The compile-time proof that a server schema and the client's wire type are the same shape:
 * `same<Static<typeof Schema>, Wire.Type>(true)` fails `tsc` as soon as either side changes
 * without the other. It does nothing at run time.
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const same = <A, B>(proof: Same<A, B>): Same<A, B> => proof;
