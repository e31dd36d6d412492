import { SpecError } from "../errors.js";
import { deref, isObject, type JsonObject, optionalString } from "./deref.js";
import { camelCase, uniqueNames } from "./identifiers.js";
import type { SecurityRequirement, SecuritySchemeModel } from "./types.js";

/** Security schemes by kind; openapi-typescript emits nothing for these, so auth is ours. */
export function buildSecuritySchemes(document: JsonObject, file: string): SecuritySchemeModel[] {
  const components = isObject(document.components) ? document.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  const names = Object.keys(schemes).sort();
  const optionNames = uniqueNames(names.map(camelCase));
  return names.map((name, i) => {
    const scheme = deref(document, schemes[name]);
    const optionName = optionNames[i] as string;
    const description = optionalString(scheme.description);
    const type = String(scheme.type ?? "").toLowerCase();
    if (type === "http") {
      const httpScheme = String(scheme.scheme ?? "").toLowerCase();
      if (httpScheme === "bearer") return { kind: "http-bearer", name, optionName, bearerFormat: optionalString(scheme.bearerFormat), description };
      if (httpScheme === "basic") return { kind: "http-basic", name, optionName, description };
    }
    if (type === "apikey") {
      const where = scheme.in === "query" || scheme.in === "cookie" ? scheme.in : "header";
      return { kind: "api-key", name, optionName, in: where, parameterName: String(scheme.name ?? ""), description };
    }
    if (type === "oauth2") {
      const flows = isObject(scheme.flows) ? Object.keys(scheme.flows).sort() : [];
      return { kind: "oauth2", name, optionName, flows, description };
    }
    if (type === "openidconnect") return { kind: "openid-connect", name, optionName, url: String(scheme.openIdConnectUrl ?? ""), description };
    throw new SpecError(
      { file, pointer: `#/components/securitySchemes/${name}` },
      `unsupported security scheme type ${JSON.stringify(scheme.type)}${type === "http" ? ` with scheme ${JSON.stringify(scheme.scheme)}` : ""}`,
    );
  });
}

/** OpenAPI security: a list of alternatives, each naming schemes that go together. */
export function buildSecurityRequirements(raw: unknown): SecurityRequirement[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).map((requirement) => Object.keys(requirement).sort());
}
