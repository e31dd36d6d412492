import { literal } from "../shared/text.js";
import type { ProviderDescriptor } from "./descriptor.js";

/**
 * src/providers.ts of the umbrella: one import per provider package, the PROVIDERS table and the
 * StopTarget union. Factory and type names are the model's checked identifiers; everything else is
 * a JSON literal. Adding a provider under specs/ adds it here, with no code.
 */
export function providersSource(descriptors: readonly ProviderDescriptor[]): string {
  const sorted = [...descriptors].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const local = localNames(sorted);
  const imports = sorted.map((d) => {
    const { factory, inputType } = local.get(d.id) as LocalNames;
    const as = (name: string, alias: string) => (name === alias ? name : `${name} as ${alias}`);
    return `import { ${as(d.factory, factory)}, type ${as(d.inputType, inputType)} } from ${literal(d.packageName)};`;
  });
  const entries = sorted.map((d) => {
    const { "//": _, version: __, factory: ____, inputType: ___, ...data } = d;
    // The JSON object with the factory added as its last property: contextually typed by ProviderEntry.
    const json = literal(data).replace(/\n/g, "\n  ");
    return `  [${literal(d.id)}, ${json.slice(0, -1).trimEnd()},\n    "create": ${local.get(d.id)?.factory}\n  }],`;
  });
  const union = sorted.map((d) => `  | ({ provider: ${literal(d.id)} } & ${local.get(d.id)?.inputType})`);
  return [
    ...imports,
    'import type { ProviderEntry } from "./entry.js";',
    "",
    "/** Every provider, by id: what stop() and the CLI need of it. */",
    "export const PROVIDERS: Readonly<Record<string, ProviderEntry>> = Object.fromEntries<ProviderEntry>([",
    ...entries,
    "]);",
    "",
    "/** The providers' ids. */",
    `export type ProviderId = ${sorted.length > 0 ? sorted.map((d) => literal(d.id)).join(" | ") : "never"};`,
    "",
    "/** A session to stop: the provider, and exactly the inputs that provider's stopSession takes (agent and scope where it needs them). */",
    `export type StopTarget =${sorted.length > 0 ? `\n${union.join("\n")}` : " never"};`,
    "",
  ].join("\n");
}

interface LocalNames {
  factory: string;
  inputType: string;
}

/**
 * The names each provider's factory and input type are imported under. Two providers may share a
 * type name (a second HeyGen account, say): their names then get the provider id as a suffix
 * (`createHeyGenClient_heygen_eu`), which is unique and a valid identifier; every other name is
 * imported as it is, so adding a provider never renames the others'.
 */
function localNames(descriptors: readonly ProviderDescriptor[]): Map<string, LocalNames> {
  const uses = new Map<string, number>();
  for (const d of descriptors) for (const name of [d.factory, d.inputType]) uses.set(name, (uses.get(name) ?? 0) + 1);
  const local = (name: string, id: string) => ((uses.get(name) ?? 0) > 1 ? `${name}_${id.replaceAll("-", "_")}` : name);
  return new Map(descriptors.map((d) => [d.id, { factory: local(d.factory, d.id), inputType: local(d.inputType, d.id) }]));
}
