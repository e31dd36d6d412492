import { readFileSync } from "node:fs";
import type * as AjvModule from "ajv";
import type { ErrorObject } from "ajv";
import { SpecError } from "../errors.js";
import { requireCjs } from "../startup/require-cjs.js";
import type { ParsedYaml } from "./safe-yaml.js";

const { Ajv } = requireCjs("ajv") as typeof AjvModule;

/** What a provider.yaml declares; the JSON Schema in specs/provider.schema.json is the contract. */
export interface ProviderManifest {
  id: string;
  displayName: string;
  typeName?: string;
  package: string;
  upstream?: { url?: string; format: UpstreamFormat; redirectHosts?: string[] };
  stopSession: {
    operationId: string;
    effect: StopEffect;
    session: ParameterRef;
    agent?: ParameterRef;
    scope?: InputRef[];
    inputs?: InputRef[];
    constants?: StopConstants;
    retry?: { safe: boolean; why: string };
  };
  /** What a status of the stop means, where the spec leaves it open (`412: already-stopped`). */
  outcomes?: Record<string, OutcomeEntry>;
  defaults?: { query?: Record<string, string>; header?: Record<string, string> };
  operations?: OperationSelection;
  limits?: { maxSpecBytes?: number; maxExpandedBytes?: number };
  needsEdit?: { field: string; why: string }[];
}

export type UpstreamFormat = "markdown-openapi-block" | "markdown-reference-table" | "openapi";

/** `stop`: the stop operation alone (the default); `all`; or a selection (the stop is always in it). */
export type OperationSelection = "stop" | "all" | { operationIds?: string[]; tags?: string[]; pathPrefixes?: string[] };

export type ScalarValue = string | number | boolean;

export interface StopConstants {
  path?: Record<string, ScalarValue>;
  query?: Record<string, ScalarValue>;
  header?: Record<string, ScalarValue>;
  body?: Record<string, unknown>;
}

export type OutcomeName = "stopped" | "already-stopped" | "not-found" | "invalid" | "unauthorized" | "rate-limited" | "unavailable" | "failed";
export type OutcomeEntry = OutcomeName | { outcome: OutcomeName; ambiguous?: string };

export type StopEffect = "terminate" | "cancel-turn" | "stop-at-checkpoint";
export interface ParameterRef {
  in: "path" | "query" | "header" | "body";
  name: string;
}

/** A parameter the caller supplies to stopSession; `input` names the field (default: camelCase of name). */
export interface InputRef extends ParameterRef {
  input?: string;
}

const validators = new Map<string, ReturnType<InstanceType<typeof Ajv>["compile"]>>();

/** The schema's validator, compiled once per schema text: an edited schema is never checked with a stale one. */
function validator(schemaPath: string) {
  const text = readFileSync(schemaPath, "utf8");
  let validate = validators.get(text);
  if (!validate) {
    validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(JSON.parse(text));
    validators.set(text, validate);
  }
  return validate;
}

export function validateManifest(parsed: ParsedYaml, file: string, folderName: string, schemaPath: string): ProviderManifest {
  const check = validator(schemaPath);
  if (!check(parsed.value)) {
    const error = (check.errors ?? [])[0] as ErrorObject;
    const pointer = `#${error.instancePath}`;
    const detail = error.keyword === "additionalProperties" ? `unknown field ${JSON.stringify(error.params.additionalProperty)}` : error.message;
    throw new SpecError({ file, pointer, line: parsed.lineOf(pointer) }, `invalid provider manifest: ${error.instancePath || "/"} ${detail}`);
  }
  const manifest = parsed.value as ProviderManifest;
  if (manifest.id !== folderName) {
    throw new SpecError(
      { file, pointer: "#/id", line: parsed.lineOf("#/id") },
      `id ${JSON.stringify(manifest.id)} must equal the folder name ${JSON.stringify(folderName)}`,
    );
  }
  if (manifest.needsEdit) {
    const fields = manifest.needsEdit.map((item) => `  - ${item.field}: ${item.why}`).join("\n");
    throw new SpecError(
      { file, pointer: "#/needsEdit", line: parsed.lineOf("#/needsEdit") },
      `the manifest needs an edit before it can generate; fill in these fields, then delete \`needsEdit\`:\n${fields}`,
    );
  }
  return manifest;
}
