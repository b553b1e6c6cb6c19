import { type Command, InvalidArgumentError, Option } from "commander";
import { describeDefault, type SettingEntry } from "../../src/config/setting.ts";
import { SETTING_ENTRIES } from "../../src/config/table.ts";
import type { StartupReport } from "../../src/main.ts";

/** The table's Markdown as terminal text: no backticks, README links named as such. */
const plain = (markdown: string): string =>
  markdown.replace(/\[([^\]]+)\]\(#[^)]*\)/g, '"$1" in the README').replaceAll("`", "");

/** The flag's help: the setting's doc, its variable and its default. */
function helpOf({ setting }: SettingEntry): string {
  const doc = plain(setting.doc);
  const turnsOff = setting.flag?.startsWith("--no-") ? "; this flag turns it off" : "";
  const note = setting.flagNote === undefined ? "" : `; ${setting.flagNote}`;
  return `${doc}${turnsOff}${note} (env ${setting.env}, default ${plain(describeDefault(setting))})`;
}

/** The option of a setting with a flag; its argument is read by the setting's parser. */
function optionOf(entry: SettingEntry, flag: string): Option {
  const { parser } = entry.setting;
  const option = new Option(flag, helpOf(entry));
  if (parser.choices !== undefined) option.choices(parser.choices);
  else if (parser.fromFlag !== undefined) {
    const fromFlag = parser.fromFlag;
    option.argParser((text: string) => {
      const parsed = fromFlag(text, option.long ?? flag);
      if (parsed.problems !== undefined) throw new InvalidArgumentError(parsed.problems.join(" "));
      return parsed.value;
    });
  }
  return option;
}

/** `billet serve`: runs the HTTP server until SIGTERM/SIGINT. */
export function registerServeCommand(program: Command): void {
  const serve = program
    .command("serve")
    .summary("run the server until SIGTERM/SIGINT")
    .description(
      "run the server. On the first start of an empty store it creates a demo account and prints its credentials once (also saved, mode 0600, as demo-credentials.json beside the database). Stops gracefully on SIGTERM/SIGINT.",
    );
  // Every setting with a flag in the configuration table, which says what it overrides.
  const flags = SETTING_ENTRIES.flatMap((entry) => {
    if (entry.setting.flag === undefined) return [];
    const option = optionOf(entry, entry.setting.flag);
    serve.addOption(option);
    return [{ path: entry.path, attribute: option.attributeName() }];
  });
  serve.option("--json", "print the startup report (URL, demo credentials) as one JSON line");

  serve.action(async (options: { json?: boolean }) => {
    const overrides: Record<string, unknown> = {};
    for (const { path, attribute } of flags) {
      // Only a flag on the command line overrides: not commander's implied `true` of --no-demo.
      if (serve.getOptionValueSource(attribute) !== "cli") continue;
      const value: unknown = serve.getOptionValue(attribute);
      const [key, field] = path;
      if (field === undefined) overrides[key] = value;
      else overrides[key] = { ...(overrides[key] as object | undefined), [field]: value };
    }
    // Loaded here, not at the top: the HTTP stack is slow to load and only `serve` needs it.
    const { describeStartup, main } = await import("../../src/main.ts");
    await main({
      overrides,
      // Standard output carries JSON lines only (the log, and the --json report); the report for
      // people goes to standard error.
      announce: (report: StartupReport) =>
        options.json
          ? process.stdout.write(`${JSON.stringify(report)}\n`)
          : process.stderr.write(describeStartup(report)),
    });
  });
}
