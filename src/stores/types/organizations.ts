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
  createdAt: number;
  updatedAt: number;
}

export interface OrganizationDetails extends Organization {
  profile: OrganizationProfile;
  /** The partner that created it, or null. */
  partnerId: string | null;
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
  setLocked(id: string, locked: boolean, now: number): Promise<boolean>;
  setMfaRequired(id: string, mfaRequired: boolean, now: number): Promise<boolean>;
}

export interface RoleStore {
  listByOrganization(organizationId: string): Promise<Role[]>;
  findByType(organizationId: string, type: RoleType): Promise<Role | undefined>;
  findById(id: string): Promise<Role | undefined>;
}

export interface OrganizationDetailsStore {
  find(id: string): Promise<OrganizationDetails | undefined>;
  /** Sets the name (when given) and the given profile fields; returns false when unknown. */
  update(id: string, changes: { name?: string } & OrganizationProfile, now: number): Promise<boolean>;
  setPartner(id: string, partnerId: string): Promise<void>;
  /** The organizations a partner created, ordered by (createdAt, id). */
  listForPartner(partnerId: string, page: PageRequest): Promise<PageRows<OrganizationDetails>>;
}
