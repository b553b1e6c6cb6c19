/**
 * TypeBox schemas of spec sections 5 and 8: organizations, users, roles, lists and partner
 * bodies. Lengths count characters (code points). Field order is the order in which missing
 * fields are reported.
 */
import { type Static, type TSchema, Type } from "typebox";
import type * as Wire from "../../../client/src/types.ts";
import { EMAIL_PATTERN } from "../../auth/accounts/emails.ts";
import type { ROLE_TYPES } from "../../stores/types/organizations.ts";
import { same } from "./same.ts";

const text = (min: number, max: number) =>
  // A required text must have something besides spaces.
  Type.String(min > 0 ? { minLength: min, maxLength: max, pattern: "\\S" } : { maxLength: max });

const Email = Type.String({ maxLength: 254, pattern: EMAIL_PATTERN.source });
const Id = Type.String({ minLength: 1, maxLength: 64 });

// Spelled out: a mapped array would lose the literal types (Static would be never).
export const RoleTypeSchema = Type.Union([
  Type.Literal("ADMINISTRATOR"),
  Type.Literal("ACCOUNTANT"),
  Type.Literal("APPROVER"),
  Type.Literal("PAYER"),
  Type.Literal("CLERK"),
  Type.Literal("AUDITOR"),
]);
same<Static<typeof RoleTypeSchema>, (typeof ROLE_TYPES)[number]>(true);

export const AddressSchema = Type.Object({
  line1: text(1, 100),
  line2: Type.Optional(text(0, 100)),
  city: text(1, 100),
  stateOrProvince: Type.Optional(text(0, 100)),
  zipOrPostalCode: text(1, 20),
  country: text(1, 100),
});

export const RoleSchema = Type.Object({
  id: Type.String(),
  type: RoleTypeSchema,
  name: Type.String(),
  description: Type.String(),
});

export const UserSchema = Type.Object({
  id: Type.String(),
  archived: Type.Boolean(),
  firstName: Type.String(),
  lastName: Type.String(),
  email: Type.String(),
  role: Type.Object({ id: Type.String(), type: RoleTypeSchema }),
  createdTime: Type.String(),
  updatedTime: Type.String(),
  username: Type.Optional(Type.String()),
  externalReferenceId: Type.Optional(Type.String()),
  // (ours) true until the person accepts the organization's invitation (spec 5.1).
  pending: Type.Optional(Type.Literal(true)),
});

const profileFields = {
  phone: Type.Optional(text(1, 30)),
  address: Type.Optional(AddressSchema),
  mailingAddress: Type.Optional(AddressSchema),
  industry: Type.Optional(text(1, 500)),
  taxId: Type.Optional(text(1, 30)),
  taxIdType: Type.Optional(text(1, 30)),
  businessCategory: Type.Optional(text(1, 100)),
  accountType: Type.Optional(text(1, 30)),
};

export const OrganizationSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  archived: Type.Boolean(),
  phone: Type.Optional(Type.String()),
  address: Type.Optional(AddressSchema),
  mailingAddress: Type.Optional(AddressSchema),
  industry: Type.Optional(Type.String()),
  taxId: Type.Optional(Type.String()),
  taxIdType: Type.Optional(Type.String()),
  businessCategory: Type.Optional(Type.String()),
  accountType: Type.Optional(Type.String()),
  createdTime: Type.String(),
  updatedTime: Type.String(),
});

/** `{ results, nextPage?, prevPage? }` (spec section 1). */
export const ListOf = <T extends TSchema>(item: T) =>
  Type.Object({
    results: Type.Array(item),
    nextPage: Type.Optional(Type.String()),
    prevPage: Type.Optional(Type.String()),
  });

export const CreateUserBody = Type.Object({
  firstName: text(1, 100),
  lastName: Type.Optional(text(0, 100)),
  email: Email,
  roleId: Type.Optional(Id),
  acceptTermsOfService: Type.Literal(true),
});

export const UpdateUserBody = Type.Object({
  firstName: Type.Optional(text(1, 100)),
  lastName: Type.Optional(text(0, 100)),
  roleId: Type.Optional(Id),
  // (ours) a change of the login e-mail; it waits for the new address to confirm it.
  email: Type.Optional(Email),
});

export const PartnerCreateUserBody = Type.Object({
  ...CreateUserBody.properties,
  // BILL: at most 40 characters, matched case-insensitively.
  username: Type.Optional(Type.String({ pattern: "^[\\x21-\\x7e]{1,40}$" })),
  externalReferenceId: Type.Optional(text(1, 100)),
});

export const PartnerUpdateUserBody = UpdateUserBody;

export const UpdateOrganizationBody = Type.Object({ name: Type.Optional(text(1, 100)), ...profileFields });

export const CreateOrganizationBody = Type.Object({
  name: text(1, 100),
  ...profileFields,
  address: AddressSchema,
});

export const PartnerLoginBody = Type.Object({
  appKey: Type.String(),
  username: Type.String(),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});

export const PartnerLoginResponse = Type.Object({ sessionId: Type.String(), userId: Type.String() });

export const LoginAsUserBody = Type.Object({
  userId: Type.String(),
  organizationId: Type.String(),
  rememberMeId: Type.Optional(Type.String()),
  device: Type.Optional(Type.String()),
});

export const AcceptInvitationBody = Type.Object({
  token: Type.String({ maxLength: 128 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});

export const AcceptInvitationResponse = Type.Object({ userId: Type.String(), organizationId: Type.String() });

export const ConfirmEmailChangeBody = Type.Object({
  token: Type.String({ maxLength: 128 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});

export const ConfirmEmailChangeResponse = Type.Object({ userId: Type.String(), email: Type.String() });

// Compile-time proof that these schemas and the client's wire types are the same shapes: a
// change to either side that breaks the other fails `tsc`.
same<Static<typeof RoleSchema>, Wire.Role>(true);
same<Static<typeof UserSchema>, Wire.User>(true);
same<Static<typeof AddressSchema>, Wire.Address>(true);
same<Static<typeof OrganizationSchema>, Wire.Organization>(true);
same<Static<ReturnType<typeof ListOf<typeof UserSchema>>>, Wire.ListResponse<Wire.User>>(true);
same<Static<typeof CreateUserBody>, Wire.CreateUserRequest>(true);
same<Static<typeof UpdateUserBody>, Wire.UpdateUserRequest>(true);
same<Static<typeof PartnerCreateUserBody>, Wire.PartnerCreateUserRequest>(true);
same<Static<typeof PartnerUpdateUserBody>, Wire.PartnerUpdateUserRequest>(true);
same<Static<typeof UpdateOrganizationBody>, Wire.UpdateOrganizationRequest>(true);
same<Static<typeof CreateOrganizationBody>, Wire.CreateOrganizationRequest>(true);
same<Static<typeof PartnerLoginBody>, Wire.PartnerLoginRequest>(true);
same<Static<typeof PartnerLoginResponse>, Wire.PartnerLoginResponse>(true);
same<Static<typeof LoginAsUserBody>, Wire.LoginAsUserRequest>(true);
same<Static<typeof AcceptInvitationBody>, Wire.AcceptInvitationRequest>(true);
same<Static<typeof AcceptInvitationResponse>, Wire.AcceptInvitationResponse>(true);
same<Static<typeof ConfirmEmailChangeBody>, Wire.ConfirmEmailChangeRequest>(true);
same<Static<typeof ConfirmEmailChangeResponse>, Wire.ConfirmEmailChangeResponse>(true);
