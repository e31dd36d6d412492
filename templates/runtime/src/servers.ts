import { PATH_PARAMETER } from "./internal.js";

export interface ServerTemplate {
  url: string;
  /** `required`: why the default cannot be used (a placeholder, another tenant's): the caller must give a value. */
  variables: Readonly<Record<string, { default: string; enum?: readonly string[]; required?: string }>>;
}

/** Characters a server variable may not carry: they would change the URL's structure. */
const UNSAFE_SERVER_VALUE = /[/?#@\\\s]/;

/** Fills a server URL template from the caller's values and the spec's defaults. */
export function resolveServerUrl(server: ServerTemplate, values: object = {}): string {
  const given = values as Readonly<Record<string, string | undefined>>;
  const url = server.url.replace(PATH_PARAMETER, (_match, name: string) => {
    const variable = Object.hasOwn(server.variables, name) ? server.variables[name] : undefined;
    if (!variable) throw new Error(`server URL ${server.url} uses {${name}}, which it does not define`);
    const chosen = Object.hasOwn(given, name) ? given[name] : undefined;
    if (chosen === undefined && variable.required !== undefined) {
      throw new Error(`serverVariables.${name} (or baseUrl) is required: ${variable.required}; no request is sent to a host nobody chose`);
    }
    const value = chosen ?? variable.default;
    if (value === "" || UNSAFE_SERVER_VALUE.test(value)) throw new Error(`server variable "${name}" has an unsafe value ${JSON.stringify(value)}`);
    if (variable.enum && !variable.enum.includes(value)) {
      throw new Error(`server variable "${name}" must be one of ${variable.enum.join(", ")}; got ${JSON.stringify(value)}`);
    }
    return value;
  });
  return url.replace(/\/+$/, "");
}
