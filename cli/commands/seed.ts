import type { Command } from "commander";
import { describeSeedProblem, describeSeedReport, readSeedJson } from "../../src/operator/seed/report.ts";
import { applySeed } from "../../src/operator/seed/seed.ts";
import { SEEDABLE } from "../../src/resources/index.ts";
import { CliError, type CommonOptions, emit } from "../output.ts";
import { withCommonOptions, withDeps } from "../runtime.ts";

async function readJson(file: string): Promise<unknown> {
  try {
    return await readSeedJson(file);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

const SEED_EXAMPLE = `
Example file (every list and every field but the names, emails and memberships optional):
  {
    "organizations": [{ "id": "00801AcmeFixture0001", "name": "Acme", "locked": false, "mfaRequired": false,
      "resources": {
        "vendors": [{ "ref": "acme-supplies", "name": "Acme Supplies", "email": "ap@acme.test" }],
        "bills": [{ "ref": "bill-1", "vendorId": "@acme-supplies", "dueDate": "2026-12-31",
                    "invoice": { "invoiceNumber": "INV-1", "invoiceDate": "2026-12-01" },
                    "billLineItems": [{ "amount": 125.5 }] }],
        "customers": [{ "ref": "band", "name": "Paperless Band", "email": "pay@band.test" }] } }],
    "users": [{ "email": "ann@acme.test", "password": "…", "firstName": "Ann", "lastName": "Lee",
                "memberships": [{ "organization": "Acme", "role": "ADMINISTRATOR", "archived": false }] }],
    "devKeys": [{ "name": "ci", "key": "a-fixed-key-of-16-to-128-chars", "active": true, "mfaBypass": false }],
    "partners": [{ "name": "Acme Partner", "appKey": "a-fixed-app-key-16-to-128", "devKey": "a-fixed-partner-dev-key",
                   "users": [{ "username": "acme-admin", "password": "…" }] }],
    "syncTokens": [{ "organization": "Acme", "name": "ERP sync", "token": "a-fixed-sync-token-16-to-128", "user": "ann@acme.test" }],
    "oauthApps": [{ "organization": "Acme", "user": "ann@acme.test", "name": "ERP", "scope": "accounting",
                    "clientId": "0oa01AcmeErpSync0001", "clientSecret": "a-fixed-client-secret-16-to-128" }],
    "consoles": [{ "name": "Acme CPAs", "organizations": ["Acme"], "users": ["cpa@acme.test"],
                   "tokens": [{ "user": "cpa@acme.test", "name": "ci", "token": "a-fixed-console-token-16-to-128" }] }]
  }
Organizations are matched by id (or name), users by email, memberships by (user, organization),
devKeys by key (or, without one, by name: the generated key is printed once), partners by appKey,
partner users by username, sync tokens by (organization, live name), OAuth apps by clientId (or
(organization, name)), consoles by name and their tokens by value. Nothing is deleted.

Resources: an organization's AP & AR records, by kind (${SEEDABLE.map((d) => d.name).join(", ")}).
Each item is the body of that kind's create call (POST /v3/<kind>) plus "ref", its name in the file
(unique in the organization; 1-64 letters, digits, _ . -). A string "@ref" anywhere in a body is the
id of that earlier item of the same organization ("@@x" is the literal "@x"). Kinds are created in
the order above whatever the file's order, each list in file order, by the organization's first
active ADMINISTRATOR. A record's id is derived from (organization, kind, ref): a second run finds it
and leaves it as it is (a changed item does not update it; give it a new ref).`;

/** `billet seed --file`: applies a declarative JSON file; running it again changes nothing. */
export function registerSeedCommand(program: Command): void {
  withCommonOptions(
    program
      .command("seed")
      .summary(
        "apply a declarative JSON file of organizations, users, devKeys, partners, sync tokens, OAuth apps, consoles and resources",
      )
      .description(
        "apply a declarative JSON file of organizations (with their vendors, bills, customers, …), users, devKeys, partners, sync tokens, OAuth apps and Accountant Consoles. Idempotent: a second run changes nothing. The whole file is checked first; when it has a problem, every problem is listed with its JSON path and nothing is written.",
      )
      .argument("[file]", "the seed file (JSON); or --file")
      .option("--file <file>", "the seed file (JSON)")
      .addHelpText("after", SEED_EXAMPLE),
  ).action(async (positional: string | undefined, flags: CommonOptions & { file?: string }) => {
    const file = positional ?? flags.file;
    if (file === undefined) throw new CliError("seed: name the seed file (billet seed FILE or --file FILE)");
    if (positional !== undefined && flags.file !== undefined && positional !== flags.file)
      throw new CliError("seed: two different files given; name one");
    const options = { ...flags, file };
    const input = await readJson(options.file);
    const result = await withDeps(options, (deps) => applySeed(deps, input));
    if (!result.ok) {
      const problems = result.errors.map(describeSeedProblem);
      // Problems found by the check name a JSON path; anything else stopped the run partway.
      const checked = result.errors.every((e) => e.params?.paramName0?.startsWith("$"));
      throw new CliError(
        checked
          ? `${options.file}: ${problems.length} problem(s); nothing was written:`
          : `${options.file}: stopped partway (run it again once fixed; it is idempotent):`,
        problems,
      );
    }
    emit(options, result.value, () => describeSeedReport(result.value));
  });
}
