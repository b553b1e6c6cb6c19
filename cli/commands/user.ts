import { type Command, InvalidArgumentError, Option } from "commander";
import { acceptInvitation } from "../../src/auth/invitations.ts";
import { createUser, setPassword, setUserArchived } from "../../src/auth/provisioning.ts";
import { formatTimestamp } from "../../src/clock.ts";
import type { ErrorItem } from "../../src/errors.ts";
import { ROLE_TYPES, type RoleType } from "../../src/stores/types.ts";
import { CliError, type CommonOptions, emit, humanTime, note, table, unwrap } from "../output.ts";
import { withCommonOptions, withDeps } from "../runtime.ts";

function parseRole(value: string): RoleType {
  const role = value.toUpperCase();
  if (!(ROLE_TYPES as readonly string[]).includes(role)) {
    throw new InvalidArgumentError(`Allowed roles: ${ROLE_TYPES.join(", ")}.`);
  }
  return role as RoleType;
}

interface CreateOptions extends CommonOptions {
  org: string;
  email: string;
  password: string;
  role: RoleType;
  firstName?: string;
  lastName?: string;
}

const explainCreate = (options: CreateOptions) => (item: ErrorItem) => {
  if (item.key === "NOT_FOUND") return `unknown organization: ${options.org}`;
  if (item.key === "ALREADY_EXISTS") return `${options.email} is already a member of ${options.org}`;
  if (item.key === "INVALID_VALUE" && item.params?.paramName0 === "email") {
    return `not a valid email address: ${options.email}`;
  }
  return undefined;
};

function registerCreate(user: Command): void {
  withCommonOptions(
    user
      .command("create")
      .summary("add a user to an organization; prints the user id")
      .description(
        "add a user to an organization; prints the user id. An email that already exists is the same person: it joins the organization and keeps its password.",
      )
      .requiredOption("--org <organizationId>", "organization id (008…)")
      .requiredOption("--email <email>", "email, also the login username")
      .requiredOption("--password <password>", "password (1-1024 characters)")
      .addOption(
        new Option("--role <role>", `one of ${ROLE_TYPES.join(", ")}`)
          .argParser(parseRole)
          .default("ADMINISTRATOR"),
      )
      .option("--first-name <name>", "first name")
      .option("--last-name <name>", "last name"),
  ).action(async (options: CreateOptions) => {
    const result = await withDeps(options, async (deps) => {
      if (!(await deps.stores.organizations.findById(options.org))) {
        throw new CliError(`unknown organization: ${options.org}`);
      }
      const created = await createUser(deps, {
        organizationId: options.org,
        email: options.email,
        password: options.password,
        role: options.role,
        firstName: options.firstName,
        lastName: options.lastName,
      });
      return unwrap(created, explainCreate(options));
    });
    const email = options.email.trim().toLowerCase();
    emit(
      options,
      { id: result.userId, email, organizationId: options.org, role: options.role, created: result.created },
      () => result.userId,
    );
    if (!result.created) {
      note(
        options,
        `note: ${email} already existed; added to ${options.org} with its existing password ` +
          "(--password and names were not applied; use `billet user set-password` to change it).",
      );
    }
  });
}

function registerArchive(user: Command, archived: boolean): void {
  const verb = archived ? "archive" : "restore";
  withCommonOptions(
    user
      .command(`${verb} <userId>`)
      .description(
        archived
          ? "archive a user in one organization: their sessions there end at once"
          : "restore an archived user in one organization",
      )
      .requiredOption("--org <organizationId>", "organization id (008…)"),
  ).action(async (userId: string, options: CommonOptions & { org: string }) => {
    const { sessionsEnded } = await withDeps(options, async (deps) =>
      unwrap(await setUserArchived(deps, { userId, organizationId: options.org, archived }), (item) =>
        item.key === "NOT_FOUND"
          ? `user ${userId} is not a member of organization ${options.org}`
          : undefined,
      ),
    );
    emit(options, { userId, organizationId: options.org, archived, sessionsEnded }, () =>
      archived
        ? `Archived user ${userId} in ${options.org}; ended ${sessionsEnded} session(s).`
        : `Restored user ${userId} in ${options.org}.`,
    );
  });
}

/** `billet user …`: create, archive, restore, set-password, accept-invitation, list. */
export function registerUserCommands(program: Command): void {
  const user = program.command("user").description("manage users and their organization memberships");
  registerCreate(user);
  registerArchive(user, true);
  registerArchive(user, false);

  withCommonOptions(
    user
      .command("set-password <userId>")
      .description(
        "set or replace a user's password (all organizations); this also completes the user's open invitations",
      )
      .requiredOption("--password <password>", "new password (1-1024 characters)"),
  ).action(async (userId: string, options: CommonOptions & { password: string }) => {
    await withDeps(options, async (deps) =>
      unwrap(await setPassword(deps, userId, options.password), (item) =>
        item.key === "NOT_FOUND" ? `unknown user: ${userId}` : undefined,
      ),
    );
    emit(options, { userId, passwordSet: true }, () => `Password set for ${userId}.`);
  });

  withCommonOptions(
    user
      .command("accept-invitation")
      .description(
        "complete an invitation: set the password of the user it invites, with the one-time token from the invitation e-mail (in the outbox)",
      )
      .requiredOption("--token <token>", "the invitation token (valid 7 days, works once)")
      .requiredOption("--password <password>", "the new password (1-1024 characters)"),
  ).action(async (options: CommonOptions & { token: string; password: string }) => {
    const accepted = await withDeps(options, async (deps) =>
      unwrap(await acceptInvitation(deps, options.token, options.password), (item) =>
        // Never echo the token.
        item.params?.paramName0 === "token"
          ? "the invitation token is unknown, expired or already used"
          : undefined,
      ),
    );
    emit(options, { ...accepted, passwordSet: true }, () => `Password set for ${accepted.userId}.`);
  });

  withCommonOptions(
    user
      .command("list")
      .description("list the members of an organization")
      .requiredOption("--org <organizationId>", "organization id (008…)"),
  ).action(async (options: CommonOptions & { org: string }) => {
    const members = await withDeps(options, async (deps) => {
      if (!(await deps.stores.organizations.findById(options.org))) {
        throw new CliError(`unknown organization: ${options.org}`);
      }
      const roles = new Map((await deps.stores.roles.listByOrganization(options.org)).map((r) => [r.id, r]));
      const memberships = await deps.stores.memberships.listForOrganization(options.org);
      return Promise.all(
        memberships.map(async (m) => {
          const found = await deps.stores.users.findById(m.userId);
          return {
            id: m.userId,
            email: found?.email ?? "",
            firstName: found?.firstName ?? "",
            lastName: found?.lastName ?? "",
            role: roles.get(m.roleId)?.type ?? "",
            archived: m.archived,
            hasPassword: Boolean(found?.passwordHash),
            createdTime: formatTimestamp(m.createdAt),
          };
        }),
      );
    });
    emit(options, members, () =>
      table(
        ["ID", "EMAIL", "ROLE", "ARCHIVED", "JOINED"],
        members.map((m) => [
          m.id,
          m.email,
          m.role,
          m.archived ? "yes" : "no",
          humanTime(Date.parse(m.createdTime)),
        ]),
        "No users in this organization.",
      ),
    );
  });
}
