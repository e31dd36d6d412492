import { deref, isObject, type JsonObject, optionalString } from "./deref.js";
import type { ServerModel } from "./types.js";

/** A default that stands for "put yours here". */
const PLACEHOLDER =
  /^(your|my|example|sample|placeholder|changeme|replace|xxx+|todo)\b|[<>{}]|example\.(com|org|net)$|^(tenant|resource|project|account|org|workspace)[-_]?(name|id)?$/i;
/** Variables that name the customer: any default there is someone else's tenant. */
const CUSTOMER = /tenant|account|organi[sz]ation|^org|project|resource|workspace|subdomain|instance/i;

/** Why a variable's default cannot be used, or undefined when it can. */
export function unusableDefault(name: string, value: string, enumValues: readonly string[] | undefined, overlaid: boolean): string | undefined {
  if (enumValues && enumValues.length > 0 && enumValues.includes(value)) return undefined;
  if (value === "") return "the spec gives no default";
  if (PLACEHOLDER.test(value)) return `the default ${JSON.stringify(value)} is a placeholder`;
  if (CUSTOMER.test(name)) return `it names your tenant or account, and the default ${JSON.stringify(value)} is someone else's`;
  if (overlaid) return `the overlay supplies the default ${JSON.stringify(value)}, not the provider`;
  return undefined;
}

export function buildServers(document: JsonObject, overlaid: readonly string[] = []): ServerModel[] {
  const servers = Array.isArray(document.servers) ? document.servers : [];
  return servers.map((raw) => {
    const server = deref(document, raw);
    const variables = isObject(server.variables) ? server.variables : {};
    return {
      url: String(server.url ?? ""),
      description: optionalString(server.description),
      variables: Object.entries(variables)
        .map(([name, rawVariable]) => {
          const variable = isObject(rawVariable) ? rawVariable : {};
          const value = String(variable.default ?? "");
          const values = Array.isArray(variable.enum) ? variable.enum.map(String) : undefined;
          const why = unusableDefault(
            name,
            value,
            values,
            overlaid.some((pointer) => pointer === "#/servers" || pointer.startsWith("#/servers/")),
          );
          return {
            name,
            default: value,
            enum: values,
            description: optionalString(variable.description),
            ...(why ? { required: { why } } : {}),
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  });
}
