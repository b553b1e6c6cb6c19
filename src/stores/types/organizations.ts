/**
 * Organizations (with their profile and creating partner) and their roles (spec section 5).
 */
import type { PageRequest, PageRows } from "./paging.ts";

export const ROLE_TYPES = ["ADMINISTRATOR", "ACCOUNTANT", "APPROVER", "PAYER", "CLERK", "AUDITOR"] as const;

export type RoleType = (typeof ROLE_TYPES)[number];

export interface Address {
  line1: string;
  line2?: string;
  city: string;
  stateOrProvince?: string;
  zipOrPostalCode: string;
  country: string;
}

/** The organization fields of spec section 5 beyond the name; absent = never set. */
export interface OrganizationProfile {
  phone?: string;
  address?: Address;
  mailingAddress?: Address;
  industry?: string;
  taxId?: string;
  taxIdType?: string;
  businessCategory?: string;
  accountType?: string;
}

export interface Organization {
  id: string;
  name: string;
  locked: boolean;
  /** Its users must pass MFA for protected operations (spec 4.1 and 7). */
  mfaRequired: boolean;
  /** The fields of spec section 5 beyond the name; absent = never set. */
  profile: OrganizationProfile;
  /** The partner that created it, or null. */
  partnerId: string | null;
  createdAt: number;
  updatedAt: number;
}

/** What an update may change: the name and profile fields given, the lock, the MFA rule. */
export interface OrganizationChanges extends OrganizationProfile {
  name?: string;
  locked?: boolean;
  mfaRequired?: boolean;
}

export interface Role {
  id: string;
  organizationId: string;
  type: RoleType;
  name: string;
  description: string;
}

export interface OrganizationStore {
  /** Creates the organization and its roles in one transaction. */
  create(organization: Organization, roles: readonly Role[]): Promise<void>;
  findById(id: string): Promise<Organization | undefined>;
  findByName(name: string): Promise<Organization | undefined>;
  list(): Promise<Organization[]>;
  /** The organizations a partner created, ordered by (createdAt, id). */
  listForPartner(partnerId: string, page: PageRequest): Promise<PageRows<Organization>>;
  /** Changes what `changes` gives, and nothing else; false when the organization is unknown. */
  update(id: string, changes: OrganizationChanges, now: number): Promise<boolean>;
}

export interface RoleStore {
  listByOrganization(organizationId: string): Promise<Role[]>;
  findByType(organizationId: string, type: RoleType): Promise<Role | undefined>;
  findById(id: string): Promise<Role | undefined>;
}
