import { findStopOperation } from "../../model/stop-session.js";
import type { ApiModel, StopOutcomeRule } from "../../model/types.js";
import { BANNER_LINES } from "../shared/text.js";

/** What the umbrella package needs of one provider: written beside its package (not published), so the umbrella can be rebuilt from every provider without regenerating them. */
export const DESCRIPTOR_FILE = "agentstop.json";

export interface ProviderDescriptor {
  /** The banner, as package.json carries it: generated files say so. */
  "//": string;
  id: string;
  displayName: string;
  packageName: string;
  /** The provider package's version: the umbrella depends on `^` it. */
  version: string;
  /** `createHeyGenClient`, `HeyGenStopSessionInput`: checked identifiers. */
  factory: string;
  inputType: string;
  effect: string;
  inputs: { field: string; role: string; required: boolean; type: string }[];
  /** Credential options, where each travels (for redacting a dry run), and the environment variable the umbrella reads. */
  credentials: { option: string; env: string; kind: string; header?: string; query?: string }[];
  /** True when the stop cannot be sent without a credential. */
  requiresCredentials: boolean;
  serverVariables: { name: string; env: string; required: boolean }[];
  baseUrlEnv: string;
  outcomes: StopOutcomeRule[];
  retry: { safe: boolean; why: string };
}

/** `AGENTSTOP_HEYGEN_API_KEY_AUTH`: the prefix, the provider id and the name, in upper snake case. */
export function envName(id: string, name: string): string {
  const snake = (text: string) =>
    text
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .replace(/[^A-Za-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .toUpperCase();
  return `AGENTSTOP_${snake(id)}_${snake(name)}`;
}

export function providerDescriptor(model: ApiModel, version: string): ProviderDescriptor {
  const stop = findStopOperation(model);
  const id = model.provider.id;
  return {
    "//": BANNER_LINES.join(" "),
    id,
    displayName: model.provider.displayName,
    packageName: model.provider.packageName,
    version,
    factory: `create${model.provider.typeName}Client`,
    inputType: `${model.provider.typeName}StopSessionInput`,
    effect: model.stopSession.effect,
    inputs: model.stopSession.inputs.map((input) => ({ field: input.field, role: input.role, required: input.required, type: input.valueType })),
    credentials: model.securitySchemes.map((scheme) => ({
      option: scheme.optionName,
      env: envName(id, scheme.optionName),
      kind: scheme.kind,
      ...(scheme.kind === "api-key" && scheme.in !== "query" ? { header: scheme.in === "cookie" ? "cookie" : scheme.parameterName.toLowerCase() } : {}),
      ...(scheme.kind === "api-key" && scheme.in === "query" ? { query: scheme.parameterName } : {}),
    })),
    requiresCredentials: stop.security.length > 0 && stop.security.every((alternative) => alternative.length > 0),
    serverVariables: (model.servers[0]?.variables ?? []).map((variable) => ({
      name: variable.name,
      env: envName(id, variable.name),
      required: variable.required !== undefined,
    })),
    baseUrlEnv: envName(id, "baseUrl"),
    outcomes: model.stopSession.outcomes,
    retry: stop.retry,
  };
}
