/**
 * MFA (spec section 7): verified phones, setup and challenge tokens, remembered devices.
 */

export type MfaPhoneType = "TEXT" | "VOICE";

/** A user's verified MFA phone (one per user; a new verified phone replaces it). */
export interface MfaPhone {
  userId: string;
  /** E.164. */
  phone: string;
  type: MfaPhoneType;
  verifiedAt: number;
}

/** A setup (`0ms…`) or challenge (`0mc…`): one delivered token, stored only as a hash. */
export interface MfaToken {
  id: string;
  kind: "setup" | "challenge";
  userId: string;
  phone: string;
  type: MfaPhoneType;
  tokenHash: string;
  /** Validation attempts claimed so far, the right one included. */
  attempts: number;
  createdAt: number;
  expiresAt: number;
  /** Used (or voided because it could not be delivered); null while open. */
  consumedAt: number | null;
}

export interface MfaStore {
  findPhone(userId: string): Promise<MfaPhone | undefined>;
  /** Inserts or replaces the user's phone. */
  savePhone(phone: MfaPhone): Promise<void>;
  deletePhone(userId: string): Promise<boolean>;
  createToken(token: MfaToken): Promise<void>;
  findToken(id: string): Promise<MfaToken | undefined>;
  /**
   * Atomically counts one validation attempt while fewer than `maxAttempts` were made and the
   * token is open; returns the new count, or undefined when no attempt is left.
   */
  claimAttempt(id: string, maxAttempts: number): Promise<number | undefined>;
  /** Atomically closes an open token; false when it was already closed. */
  consumeToken(id: string, now: number): Promise<boolean>;
  /** Removes the user's tokens that expired before `cutoff`; returns how many. */
  deleteTokensExpiredBefore(userId: string, cutoff: number): Promise<number>;
}

/** A rememberMeId: bound to one user and device name, stored only as a hash. */
export interface RememberedDevice {
  /** Public reference (`0rd…`) for the operator tools; not the rememberMeId. */
  id: string;
  userId: string;
  tokenHash: string;
  device: string;
  machineName: string | null;
  createdAt: number;
  expiresAt: number;
}

export interface RememberedDeviceFilter {
  userId: string;
  id?: string;
  device?: string;
}

export interface RememberedDeviceStore {
  create(device: RememberedDevice): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<RememberedDevice | undefined>;
  /** Oldest first. */
  listForUser(userId: string): Promise<RememberedDevice[]>;
  /** Deletes the user's devices matching every given field; returns how many. */
  deleteWhere(filter: RememberedDeviceFilter): Promise<number>;
  /** Removes the user's devices that expired before `cutoff`; returns how many. */
  deleteExpiredBefore(userId: string, cutoff: number): Promise<number>;
}
