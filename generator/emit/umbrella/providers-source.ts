import { literal } from "../shared/text.js";
import type { ProviderDescriptor } from "./descriptor.js";

/**
 * src/providers.ts of the umbrella: one import per provider package, the PROVIDERS table and the
 * StopTarget union. Factory and type names are the model's checked identifiers; everything else is
 * a JSON literal. Adding a provider under specs/ adds it here, with no code.
 */
export function providersSource(descriptors: readonly ProviderDescriptor[]): string {
  const sorted = [...descriptors].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const imports = sorted.map((d) => `import { ${d.factory}, type ${d.inputType} } from ${literal(d.packageName)};`);
  const entries = sorted.map((d) => {
    const { "//": _, version: __, factory, inputType: ___, ...data } = d;
    // The JSON object with the factory added as its last property: contextually typed by ProviderEntry.
    const json = literal(data).replace(/\n/g, "\n  ");
    return `  [${literal(d.id)}, ${json.slice(0, -1).trimEnd()},\n    "create": ${factory}\n  }],`;
  });
  const union = sorted.map((d) => `  | ({ provider: ${literal(d.id)} } & ${d.inputType})`);
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
