#!/usr/bin/env node
/**
 * `agentstop`: stop sessions from a shell, one or a file of them. Credentials come from the
 * environment only. Exit codes: 0 every session stopped (or was already stopped), 1 some did not,
 * 2 bad input (usage, an unknown provider, a bad line, a missing input or credential).
 */
import type { ProviderEntry } from "./entry.js";
import type { StopOutcome } from "./outcomes.js";
import { PROVIDERS, type StopTarget } from "./providers.js";
import { credentialsFor, providerEntry, stop, stopMany } from "./stop.js";

/** The part of Node's `process` the CLI uses: typed here, so the package needs no @types/node. */
interface NodeProcess {
  argv: string[];
  env: Record<string, string | undefined>;
  exitCode?: number;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  getBuiltinModule(id: "node:fs"): { readFileSync(path: string, encoding: "utf8"): string };
}

const nodeProcess = (globalThis as unknown as { process: NodeProcess }).process;

const USAGE = {
  main: `usage: agentstop <command> [options]

commands:
  stop        stop one session, or every session in a JSON Lines file
  providers   list the providers, their inputs and the environment variables they read

agentstop <command> --help shows a command's options.`,
  stop: `usage: agentstop stop <provider> <session-id> [--<input> <value>…] [options]
       agentstop stop --file <targets.jsonl> [options]

One target per line in the file: {"provider": "heygen", "sessionId": "…", …other inputs}.
Credentials, base URLs and server variables come from the environment (agentstop providers).

options:
  --json              one JSON line per outcome on stdout, then a summary line
  --dry-run           print the requests that would be sent (credentials as ***), send nothing
  --concurrency <n>   stops in flight at once (default 16)
  --per-provider <n>  stops in flight at once per provider (default 4)
  --timeout <ms>      per attempt (default 30000)
  --retries <n>       retries of a retry-safe stop (default 2)
  --help

exit codes: 0 all stopped or already stopped, 1 some failed, 2 bad input`,
  providers: `usage: agentstop providers [--json]

Lists each provider with its stop inputs and the environment variables it reads.`,
};

class UsageError extends Error {}

interface Parsed {
  positionals: string[];
  flags: Map<string, string | true>;
}

const BOOLEAN_FLAGS = new Set(["json", "dry-run", "help"]);

function parse(args: readonly string[]): Parsed {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (BOOLEAN_FLAGS.has(name)) flags.set(name, true);
    else {
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    }
  }
  return { positionals, flags };
}

function numberFlag(flags: Parsed["flags"], name: string): number | undefined {
  const value = flags.get(name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (typeof value !== "string" || !Number.isFinite(number) || number < 0) throw new UsageError(`--${name} takes a number, got ${JSON.stringify(value)}`);
  return number;
}

const kebab = (field: string) => field.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

/** The target of `stop <provider> <session-id> --agent-id …`: every input by its flag, typed as the spec says. */
function targetFromArgs(positionals: readonly string[], flags: Parsed["flags"]): StopTarget {
  const [id, sessionId] = positionals;
  if (!id || !sessionId) throw new UsageError("stop needs <provider> and <session-id> (or --file)");
  const entry = knownProvider(id);
  const target: Record<string, unknown> = { provider: id, sessionId };
  for (const input of entry.inputs) {
    if (input.role === "session") continue;
    const value = flags.get(kebab(input.field)) ?? (input.role === "agent" ? flags.get("agent") : undefined);
    if (typeof value === "string") target[input.field] = input.type === "integer" || input.type === "number" ? Number(value) : value;
  }
  return checkTarget(target, "the command line");
}

function knownProvider(id: string): ProviderEntry {
  const entry = providerEntry(id);
  if (!entry) throw new UsageError(`unknown provider ${JSON.stringify(id)} (known: ${Object.keys(PROVIDERS).join(", ")})`);
  return entry;
}

/** A target with its provider known and its required inputs present; `where` names it in the message. */
function checkTarget(target: Record<string, unknown>, where: string): StopTarget {
  const entry = knownProvider(String(target.provider));
  const missing = entry.inputs.filter((input) => input.required && (target[input.field] === undefined || target[input.field] === ""));
  if (missing.length > 0) throw new UsageError(`${where}: ${entry.id} needs ${missing.map((input) => `${input.field} (--${kebab(input.field)})`).join(", ")}`);
  return target as unknown as StopTarget;
}

function* targetsFromFile(file: string): Generator<StopTarget> {
  let text: string;
  try {
    text = nodeProcess.getBuiltinModule("node:fs").readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UsageError(`${file}:${index + 1}: not a JSON object`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new UsageError(`${file}:${index + 1}: not a JSON object`);
    yield checkTarget(value as Record<string, unknown>, `${file}:${index + 1}`);
  }
}

/** Credentials for every provider the targets use, before anything is sent: a missing one is bad input. */
function checkCredentials(targets: readonly StopTarget[]): void {
  for (const id of new Set(targets.map((target) => target.provider))) {
    const entry = knownProvider(id);
    if (entry.requiresCredentials && Object.keys(credentialsFor(entry)).length === 0) {
      throw new UsageError(`${id} needs a credential: set ${entry.credentials.map((credential) => credential.env).join(" or ")}`);
    }
  }
}

/** What --dry-run prints for one request: method, URL and headers, credentials replaced by ***. */
async function describeRequest(entry: ProviderEntry, request: Request): Promise<string> {
  const url = new URL(request.url);
  for (const credential of entry.credentials) if (credential.query && url.searchParams.has(credential.query)) url.searchParams.set(credential.query, "***");
  const secretHeaders = new Set(["authorization", "cookie", ...entry.credentials.flatMap((credential) => (credential.header ? [credential.header] : []))]);
  const headers = [...(request.headers as unknown as Iterable<[string, string]>)].map(([name, value]) => {
    if (!secretHeaders.has(name)) return `${name}: ${value}`;
    return name === "authorization" ? `${name}: ${value.split(" ")[0]} ***` : `${name}: ***`;
  });
  const body = request.body ? await request.text() : "";
  return [`${request.method} ${url.href.replaceAll("%2A%2A%2A", "***")}`, ...headers.map((header) => `  ${header}`), ...(body ? [`  ${body}`] : [])].join("\n");
}

function line(outcome: StopOutcome): string {
  const details = [
    outcome.status !== undefined && `HTTP ${outcome.status}`,
    `${outcome.attempts} attempt${outcome.attempts === 1 ? "" : "s"}`,
    outcome.requestId && `request ${outcome.requestId}`,
  ]
    .filter(Boolean)
    .join(", ");
  const why = [outcome.errorCode, outcome.errorMessage].filter(Boolean).join(": ");
  return `${outcome.outcome.padEnd(15)} ${outcome.provider} ${outcome.sessionId} (${details})${why ? ` ${why}` : ""}${outcome.ambiguous ? ` [ambiguous: ${outcome.ambiguous}]` : ""}`;
}

async function runStop(parsed: Parsed, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const json = parsed.flags.get("json") === true;
  const file = parsed.flags.get("file");
  const targets = typeof file === "string" ? [...targetsFromFile(file)] : [targetFromArgs(parsed.positionals, parsed.flags)];
  const resilience = {
    ...(numberFlag(parsed.flags, "timeout") !== undefined ? { timeoutMs: numberFlag(parsed.flags, "timeout") } : {}),
    ...(numberFlag(parsed.flags, "retries") !== undefined ? { maxRetries: numberFlag(parsed.flags, "retries") } : {}),
  };
  if (parsed.flags.get("dry-run") === true) {
    for (const target of targets) {
      const entry = knownProvider(target.provider);
      let shown = "";
      const capture = async (request: Request) => {
        shown = await describeRequest(entry, request);
        return new Response(null, { status: 204 });
      };
      const outcome = await stop(target, { ...resilience, maxRetries: 0, fetch: capture });
      out(shown || `${target.provider} ${target.sessionId}: not sent (${outcome.outcome}: ${outcome.errorMessage ?? ""})`);
    }
    return 0;
  }
  checkCredentials(targets);
  const run = stopMany(targets, {
    ...resilience,
    ...(numberFlag(parsed.flags, "concurrency") !== undefined ? { concurrency: numberFlag(parsed.flags, "concurrency") } : {}),
    ...(numberFlag(parsed.flags, "per-provider") !== undefined ? { perProvider: numberFlag(parsed.flags, "per-provider") } : {}),
  });
  const tty = !json && nodeProcess.stderr.isTTY === true;
  for await (const outcome of run) {
    if (json) out(JSON.stringify(outcome));
    else out(line(outcome));
    if (tty) err(`\r${run.summary().total}/${targets.length} done`);
  }
  const summary = run.summary();
  if (json) out(JSON.stringify({ summary }));
  else err(`${tty ? "\n" : ""}${summary.succeeded} of ${summary.total} stopped (or already stopped), ${summary.failed} not`);
  return summary.failed === 0 ? 0 : 1;
}

function runProviders(parsed: Parsed, out: (text: string) => void): number {
  const entries = Object.values(PROVIDERS);
  if (parsed.flags.get("json") === true) {
    out(JSON.stringify(entries.map(({ create: _, ...entry }) => entry)));
    return 0;
  }
  for (const entry of entries) {
    out(`${entry.id} (${entry.displayName}, ${entry.packageName}): ${entry.effect}`);
    out(`  inputs: ${entry.inputs.map((input) => `${input.field}${input.required ? "" : "?"}`).join(", ")}`);
    out(`  credentials: ${entry.credentials.map((credential) => credential.env).join(" or ") || "none"}`);
    if (entry.serverVariables.length > 0) out(`  server: ${entry.baseUrlEnv}, or ${entry.serverVariables.map((variable) => variable.env).join(", ")}`);
    else out(`  base URL (optional): ${entry.baseUrlEnv}`);
  }
  return 0;
}

export async function main(args: readonly string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  try {
    const [command, ...rest] = args;
    const parsed = parse(rest);
    if (command === undefined || command === "--help" || command === "help") {
      out(USAGE.main);
      return command === undefined ? 2 : 0;
    }
    if (command !== "stop" && command !== "providers") throw new UsageError(`unknown command ${JSON.stringify(command)}\n\n${USAGE.main}`);
    if (parsed.flags.get("help") === true) {
      out(USAGE[command]);
      return 0;
    }
    return command === "stop" ? await runStop(parsed, out, err) : runProviders(parsed, out);
  } catch (error) {
    // No stack trace reaches an operator: a usage problem is exit 2, anything else 1, both in one line.
    err(`agentstop: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

/** Run as the `agentstop` bin (or `node …/cli.js`), not when imported. */
const invokedDirectly = /(?:^|[\\/])(?:agentstop|cli\.[cm]?[jt]s)$/.test(nodeProcess?.argv?.[1] ?? "");

if (invokedDirectly) {
  const out = (text: string) => nodeProcess.stdout.write(`${text}\n`);
  const err = (text: string) => nodeProcess.stderr.write(text.endsWith("\n") || text.startsWith("\r") ? text : `${text}\n`);
  main(nodeProcess.argv.slice(2), out, err).then((code) => {
    nodeProcess.exitCode = code;
  });
}
