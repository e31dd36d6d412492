import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import type * as AjvModule from "ajv";
import { parse } from "yaml";
import { requireCjs } from "../startup/require-cjs.js";

const { Ajv } = requireCjs("ajv") as typeof AjvModule;

const validators = new Map<string, ReturnType<InstanceType<typeof Ajv>["compile"]>>();

/**
 * What is wrong with a proposed provider.yaml, or nothing: its text must parse back to exactly the
 * proposed object (nothing injected by spec text) and pass specs/provider.schema.json. The schema
 * alone, not load's validateManifest: a needs-edit manifest is valid here and refused by generate.
 */
export function checkProposal(text: string, proposed: unknown, schemaPath: string): string[] {
  // Keyed by the schema's text, so an edited schema is never checked with a stale validator.
  const schemaText = readFileSync(schemaPath, "utf8");
  let validate = validators.get(schemaText);
  if (!validate) {
    validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(JSON.parse(schemaText));
    validators.set(schemaText, validate);
  }
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    return [`the text is not YAML: ${error instanceof Error ? error.message : String(error)}`];
  }
  const problems: string[] = [];
  if (!isDeepStrictEqual(parsed, proposed)) problems.push("the text does not parse back to the proposed manifest");
  if (!validate(parsed)) {
    for (const error of validate.errors ?? []) problems.push(`${error.instancePath || "/"} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`);
  }
  return problems;
}
