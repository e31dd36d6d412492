import { parseArgs } from "node:util";
import { fetchSource } from "../import/fetch-source.js";
import { importProvider, type SourceFormat } from "../import/import-provider.js";
import { commitFiles } from "../write/commit-files.js";

const log = (line = "") => process.stderr.write(`${line}\n`);

export const IMPORT_USAGE = `usage: npm run agentstop -- import <url-or-file> --provider <id> [--format <format>]
  Turns a provider page or document into specs/<id>/: a docs page with an embedded OpenAPI block
  (the block, byte for byte), a table-style reference page (an OpenAPI 3.1 document), or a raw
  OpenAPI JSON/YAML document. overlay.yaml is never touched. For a new provider it proposes
  provider.yaml and prints what it guessed. Then run npm run generate.
  --format   markdown-openapi-block | markdown-reference-table | openapi (default: detected)`;

const FORMATS: readonly SourceFormat[] = ["markdown-openapi-block", "markdown-reference-table", "openapi"];

export async function runImport(argv: string[], repoRoot: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { provider: { type: "string" }, format: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const [source, ...extra] = positionals;
  if (!source || extra.length > 0 || !values.provider) {
    log(IMPORT_USAGE);
    return 2;
  }
  if (values.format && !FORMATS.includes(values.format as SourceFormat)) {
    log(`unknown --format ${values.format}\n${IMPORT_USAGE}`);
    return 2;
  }
  try {
    const text = await fetchSource(source, process.cwd());
    const result = importProvider({
      repoRoot,
      id: values.provider,
      source: text,
      origin: source,
      ...(values.format ? { format: values.format as SourceFormat } : {}),
    });
    const files = new Map(Object.entries(result.files));
    const report = commitFiles(repoRoot, files, [...files.keys()]);
    log(`imported ${source} as ${result.format} into specs/${values.provider}/`);
    for (const file of [...files.keys()].sort()) log(`  ${report.written.includes(file) ? "wrote    " : "unchanged"} ${file}`);
    if (result.guesses) {
      log("\nNew provider: provider.yaml was proposed. Guessed:");
      for (const guess of result.guesses) log(`  - ${guess}`);
      log("Check them against the provider's docs, then run npm run generate.");
    }
    return 0;
  } catch (error) {
    log(`import failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
