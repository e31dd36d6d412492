import { fetchSource } from "../import/fetch-source.js";
import { checkProviderId, importProvider, type SourceFormat } from "../import/import-provider.js";
import { TIE_BREAKER } from "../import/rank-operations.js";
import { commentText } from "../import/yaml-text.js";
import { commitFiles } from "../write/commit-files.js";
import { parseCommand, usageError } from "./args.js";

const log = (line = "") => process.stderr.write(`${line.split("\n").map(commentText).join("\n")}\n`);
/** Spec text reaches the terminal: its control characters (newlines too) are shown escaped, never sent. */
const logSpecText = (prefix: string, text: string) => log(`${prefix}${commentText(text)}`);

export const IMPORT_USAGE = `usage: npm run agentstop -- import <url-or-file> --provider <id> [--upstream <url>] [--format <format>]
  Turns a provider page or document into specs/<id>/: a docs page with an embedded OpenAPI block
  (the block, byte for byte), a table-style reference page (an OpenAPI 3.1 document), or a raw
  OpenAPI JSON/YAML document. overlay.yaml is never touched. For a new provider it ranks the
  operations, proposes provider.yaml and prints the candidates and every guess; what it could not
  decide is listed under needsEdit in provider.yaml. Then run npm run generate.
  --upstream <url>  the page npm run sync fetches (default: the source when it is a URL; none for a file)
  --format          markdown-openapi-block | markdown-reference-table | openapi (default: detected)
  Exit: 0 files written (also when provider.yaml needs an edit), 1 nothing written, 2 bad usage.`;

const FORMATS: readonly SourceFormat[] = ["markdown-openapi-block", "markdown-reference-table", "openapi"];

export async function runImport(argv: string[], repoRoot: string): Promise<number> {
  const parsed = parseCommand(argv, {
    usage: IMPORT_USAGE,
    options: { provider: { type: "string" }, format: { type: "string" }, upstream: { type: "string" } },
    positionals: { min: 1, max: 1 },
  });
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const [source] = positionals;
  if (!source || !values.provider) return usageError("missing --provider <id>", IMPORT_USAGE);
  if (values.format && !FORMATS.includes(values.format as SourceFormat)) {
    log(`unknown --format ${values.format}\n${IMPORT_USAGE}`);
    return 2;
  }
  if (values.upstream !== undefined && !/^https?:\/\/\S+$/i.test(values.upstream)) {
    log(`--upstream ${values.upstream}: an http(s) URL, the page npm run sync fetches\n${IMPORT_USAGE}`);
    return 2;
  }
  const badId = checkProviderId(repoRoot, values.provider);
  if (badId) {
    log(`${badId}\n${IMPORT_USAGE}`);
    return 2;
  }
  try {
    const text = await fetchSource(source, process.cwd());
    const result = importProvider({
      repoRoot,
      id: values.provider,
      source: text,
      origin: source,
      ...(values.upstream ? { upstreamUrl: values.upstream } : {}),
      ...(values.format ? { format: values.format as SourceFormat } : {}),
    });
    const files = new Map(Object.entries(result.files));
    const report = commitFiles(repoRoot, files, [...files.keys(), ...result.replaced]);
    log(`imported ${source} as ${result.format} into specs/${values.provider}/`);
    for (const file of [...files.keys()].sort()) log(`  ${report.written.includes(file) ? "wrote    " : "unchanged"} ${file}`);
    const proposal = result.proposal;
    if (!proposal) {
      if (values.upstream) log(`--upstream ignored: specs/${values.provider}/provider.yaml exists and keeps its upstream`);
      return 0;
    }
    log(`\nCandidates for the stop operation, best first (by score; ties: ${TIE_BREAKER}):`);
    for (const line of proposal.candidates) logSpecText("  ", line);
    if (proposal.candidates.length === 0) log("  none: the spec has no POST, PATCH, PUT or DELETE operation");
    log("\nNew provider: provider.yaml was proposed. Guessed:");
    for (const guess of proposal.guesses) logSpecText("  - ", guess);
    if (proposal.needsEdit.length > 0) {
      log(`\nprovider.yaml NEEDS AN EDIT: npm run generate refuses it until these fields are filled in and needsEdit is deleted:`);
      for (const item of proposal.needsEdit) logSpecText("  - ", `${item.field}: ${item.why}`);
    } else {
      log("Check them against the provider's docs, then run npm run generate.");
    }
    return 0;
  } catch (error) {
    log(`import failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
