import { type ParseArgsConfig, parseArgs } from "node:util";

const log = (line = "") => process.stderr.write(`${line}\n`);

export interface CommandSpec<Options extends NonNullable<ParseArgsConfig["options"]>> {
  usage: string;
  options: Options;
  /** How many positional arguments the command takes (default: none). */
  positionals?: { min: number; max: number };
}

export type Parsed<Options extends NonNullable<ParseArgsConfig["options"]>> = {
  values: ReturnType<typeof parseArgs<{ options: Options; strict: true; allowPositionals: true }>>["values"];
  positionals: string[];
};

/**
 * The one argument layer every command shares: `--help` prints the usage (exit 0); an unknown
 * flag, a missing value or a wrong number of arguments prints one line and the usage (exit 2).
 * Returns the parsed arguments, or the exit code when the command should stop here.
 */
export function parseCommand<Options extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], spec: CommandSpec<Options>): Parsed<Options> | number {
  if (argv.includes("--help") || argv.includes("-h")) {
    log(spec.usage);
    return 0;
  }
  let parsed: Parsed<Options>;
  try {
    parsed = parseArgs({ args: argv, options: spec.options, strict: true, allowPositionals: true }) as Parsed<Options>;
  } catch (error) {
    return usageError((error as Error).message.split("\n")[0] ?? "bad arguments", spec.usage);
  }
  const { min, max } = spec.positionals ?? { min: 0, max: 0 };
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    const what = parsed.positionals.length > max ? `unexpected argument ${JSON.stringify(parsed.positionals[max])}` : "missing argument";
    return usageError(what, spec.usage);
  }
  return parsed;
}

/** One line saying what is wrong, then the usage; exit code 2. */
export function usageError(message: string, usage: string): number {
  log(`${message}\n${usage}`);
  return 2;
}
