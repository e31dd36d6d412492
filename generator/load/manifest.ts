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
  upstream: { url: string; format: "markdown-openapi-block" | "markdown-reference-table" | "openapi" };
  stopSession: {
    operationId: string;
    effect: StopEffect;
    session: ParameterRef;
    agent?: ParameterRef;
  };
  defaults?: { query?: Record<string, string>; header?: Record<string, string> };
  limits?: { maxSpecBytes?: number };
}

export type StopEffect = "terminate" | "cancel-turn" | "stop-at-checkpoint";
export interface ParameterRef {
  in: "path" | "query" | "header" | "body";
  name: string;
}

const validators = new Map<string, ReturnType<InstanceType<typeof Ajv>["compile"]>>();

function validator(schemaPath: string) {
  let validate = validators.get(schemaPath);
  if (!validate) {
    validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(schemaPath, "utf8")));
    validators.set(schemaPath, validate);
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
  return manifest;
}
