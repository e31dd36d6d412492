import { canonical, follow, isObject, type Json, normalizeWords, wordsText } from "./canonical.js";
import type { SecurityAlternative, ServerModel } from "./normalize.js";

// Servers and security as the client sees them: its default base URL and its auth options.

export function serversOf(raw: unknown[]): ServerModel[] {
  return raw.filter(isObject).map((server) => {
    const variables = new Map<string, { default: string; enum: ReadonlySet<string> | undefined }>();
    for (const [name, variable] of Object.entries(isObject(server.variables) ? server.variables : {})) {
      if (!isObject(variable)) continue;
      variables.set(name, { default: String(variable.default ?? ""), enum: Array.isArray(variable.enum) ? new Set(variable.enum.map(String)) : undefined });
    }
    // A trailing slash on a base URL is the same base URL.
    return { url: String(server.url ?? "").replace(/\/+$/, ""), variables };
  });
}

export function serverWords(raw: unknown[]): string {
  return JSON.stringify(
    raw
      .filter(isObject)
      .map((server) => [
        normalizeWords(String(server.description ?? "")),
        Object.entries(isObject(server.variables) ? server.variables : {}).map(([name, variable]) => [
          name,
          normalizeWords(String(isObject(variable) ? (variable.description ?? "") : "")),
        ]),
      ]),
  );
}

/** Descriptions of the security schemes and of their OAuth scopes. */
export function schemeWords(document: Json): string {
  const components = isObject(document.components) ? document.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  return JSON.stringify(
    Object.keys(schemes)
      .sort()
      .map((name) => {
        const scheme = follow(document, schemes[name]).target;
        if (!isObject(scheme)) return [name];
        const flows = isObject(scheme.flows) ? Object.values(scheme.flows).filter(isObject) : [];
        return [name, wordsText(scheme, ["description"], document), flows.map((flow) => canonical(flow.scopes, document))];
      }),
  );
}

export function schemesOf(document: Json): Map<string, string> {
  const components = isObject(document.components) ? document.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  return new Map(Object.keys(schemes).map((name) => [name, schemeText(follow(document, schemes[name]).target)]));
}

/** Effective security as alternatives; no requirement at all is the one empty alternative. */
export function securityOf(document: Json, requirements: unknown): SecurityAlternative[] {
  const components = isObject(document.components) ? document.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  const list = Array.isArray(requirements) ? requirements.filter(isObject) : [];
  if (list.length === 0) return [new Map()];
  return list.map(
    (requirement) =>
      new Map(
        Object.entries(requirement).map(([name, scopes]) => {
          const { target } = follow(document, schemes[name]);
          return [`${name} (${schemeText(target)})`, new Set(Array.isArray(scopes) ? scopes.map(String) : [])] as const;
        }),
      ),
  );
}

/**
 * A scheme's definition as text. The scheme's name stays in the key beside it: unlike a schema's
 * name, it is the client's `auth` option, so a rename is a change callers see.
 */
function schemeText(scheme: unknown): string {
  if (!isObject(scheme)) return "undefined";
  const type = String(scheme.type ?? "");
  switch (type.toLowerCase()) {
    case "http":
      // RFC 7235: auth-scheme names are case-insensitive.
      return `http ${String(scheme.scheme ?? "").toLowerCase()}`;
    case "apikey":
      return `apiKey in ${String(scheme.in)} ${scheme.in === "header" ? String(scheme.name ?? "").toLowerCase() : String(scheme.name ?? "")}`;
    case "oauth2": {
      const flows = isObject(scheme.flows) ? scheme.flows : {};
      return `oauth2 ${Object.keys(flows)
        .sort()
        .map((flow) => {
          const value = isObject(flows[flow]) ? flows[flow] : {};
          return [flow, ...["authorizationUrl", "tokenUrl", "refreshUrl"].map((url) => (typeof value[url] === "string" ? `${url} ${value[url]}` : ""))]
            .filter(Boolean)
            .join(" ");
        })
        .join(" ")}`;
    }
    case "openidconnect":
      return `openIdConnect ${String(scheme.openIdConnectUrl ?? "")}`;
    default:
      return type;
  }
}
