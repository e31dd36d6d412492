import { deref, isObject, type JsonObject, optionalString } from "./deref.js";
import type { ServerModel } from "./types.js";

export function buildServers(document: JsonObject): ServerModel[] {
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
          return {
            name,
            default: String(variable.default ?? ""),
            enum: Array.isArray(variable.enum) ? variable.enum.map(String) : undefined,
            description: optionalString(variable.description),
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  });
}
