// A provider's generated client, loaded by id, and what it should put on the wire, derived from the
// provider's manifest and bundled spec (test/helpers/providers.ts), never from a list of providers.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { CallResult } from "@agentstop/runtime";
import { sampleValue } from "../../generator/conformance/live/exchange.js";
import { camelCase, uniqueNames } from "../../generator/model/identifiers.js";
import { deref, type Provider } from "./providers.js";
import { repoRoot } from "./repo.js";

type Json = Record<string, any>;

export const UUID = "639f91d8-d511-4677-a83b-bd7564d5d92f";

/** What a test calls on a generated client; the generated types are per provider, so loosely typed here. */
export type LoadedClient = (options?: Json) => {
  stopSession(input: StopInput, options?: Json): Promise<CallResult<unknown, unknown>>;
  operations: Record<string, (init?: Json) => Promise<CallResult<unknown, unknown>>>;
  raw: Record<string, (path: string, init?: Json) => Promise<unknown>>;
};

/** `sessionId`, `agentId` when the provider has one, and any other input the stop mapping declares (scope, inputs). */
export interface StopInput {
  sessionId: string;
  agentId?: string;
  [field: string]: unknown;
}

/** `generated/<id>/src/index.ts`: its `create…Client` and `encodePathSegment`. */
export async function loadClient(id: string): Promise<{ create: LoadedClient; encodePathSegment: (value: string) => string }> {
  const module = (await import(pathToFileURL(path.join(repoRoot, "generated", id, "src/index.ts")).href)) as Json;
  const factories = Object.keys(module).filter((name) => /^create\w*Client$/.test(name));
  if (factories.length !== 1) throw new Error(`generated/${id} exports ${factories.length} client factories: ${factories.join(", ")}`);
  return { create: module[factories[0] as string] as LoadedClient, encodePathSegment: module.encodePathSegment as (value: string) => string };
}

/**
 * The stopSession input for a provider: the given session (and agent, when the manifest maps one),
 * and for every other required input (scope, inputs) a value the spec accepts.
 */
export function stopInput(provider: Provider, sessionId: string, agentId: string): StopInput {
  const input: StopInput = { sessionId };
  for (const field of provider.stopSession.inputs) {
    if (field.role === "agent") input.agentId = agentId;
    else if (field.role !== "session" && field.required) input[field.field] = sampleValue(field);
  }
  return input;
}

/** Every mapped input with the value the call gives it, and every constant: what goes on the wire. */
function wireValues(provider: Provider, input: StopInput): { in: string; name: string; value: unknown }[] {
  // In the order the client writes them: the session first, then the other inputs, then the constants.
  const inputs = [...provider.stopSession.inputs].sort((a, b) => Number(b.role === "session") - Number(a.role === "session"));
  return [
    ...inputs.map((field) => ({ in: field.in, name: field.name, value: input[field.field] })),
    ...provider.stopSession.constants.map((constant) => ({ in: constant.in, name: constant.name, value: constant.value })),
  ].filter((entry) => entry.value !== undefined);
}

/** Whether the spec's format (uuid), pattern and length limits on a parameter let `value` through. */
export function accepts(parameter: Json | undefined, value: unknown): value is string {
  const schema = (parameter?.schema ?? {}) as Json;
  return (
    typeof value === "string" &&
    value !== "" &&
    (schema.format !== "uuid" || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) &&
    (schema.pattern === undefined || new RegExp(schema.pattern, "u").test(value)) &&
    (schema.minLength === undefined || [...value].length >= schema.minLength) &&
    (schema.maxLength === undefined || [...value].length <= schema.maxLength) &&
    (schema.enum === undefined || schema.enum.includes(value))
  );
}

/**
 * A value the client's own path checks accept for a parameter: the spec's example when it fits,
 * a UUID for `format: uuid`, else a plain id within its pattern and length limits.
 */
export function validValue(parameter: Json | undefined, fallback = "sess-1"): string {
  const schema = (parameter?.schema ?? {}) as Json;
  const examples = [parameter?.example, schema.example, ...Object.values((parameter?.examples ?? {}) as Json).map((example) => (example as Json)?.value)];
  const candidates = [...examples, schema.format === "uuid" ? UUID : undefined, ...(schema.enum ?? []), fallback, "s1", "abc123", UUID];
  const found = candidates.find((candidate) => accepts(parameter, candidate));
  if (found !== undefined) return found;
  // A pattern none of those fit: the value the live checks would send (built from the pattern).
  const built = sampleValue({
    in: "path",
    name: String(parameter?.name ?? ""),
    field: "value",
    role: "session",
    required: true,
    valueType: "string",
    constraints: { pattern: schema.pattern, format: schema.format, minLength: schema.minLength, maxLength: schema.maxLength },
  });
  return accepts(parameter, built) ? built : fallback;
}

/** The stop operation's method on `client.operations`: its operationId in camelCase, as the generator names it. */
export const operationMethodName = (provider: Provider): string => camelCase(provider.stop.operationId);

/** Credentials for one security alternative of the stop operation: the client option and what goes on the wire. */
export interface Credentials {
  auth: Record<string, string>;
  headers: Record<string, string>;
  query: [string, string][];
}

/** The `auth` option names, as the generator derives them: camelCase scheme names, made unique in name order. */
function authOptionNames(provider: Provider): Map<string, string> {
  const names = Object.keys(provider.stop.securitySchemes).sort();
  const options = uniqueNames(names.map(camelCase));
  return new Map(names.map((name, i) => [name, options[i] as string]));
}

/** Credentials for the stop operation's `alternative`-th security requirement (none when it has none). */
export function credentials(provider: Provider, alternative = 0): Credentials {
  const result: Credentials = { auth: {}, headers: {}, query: [] };
  const options = authOptionNames(provider);
  const cookies: string[] = [];
  for (const name of provider.stop.security[alternative] ?? []) {
    const scheme = provider.stop.securitySchemes[name] ?? {};
    const secret = `secret-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
    result.auth[options.get(name) ?? name] = secret;
    const type = String(scheme.type).toLowerCase();
    if (type === "apikey" && scheme.in === "query") result.query.push([scheme.name, secret]);
    else if (type === "apikey" && scheme.in === "cookie") cookies.push(`${encodeURIComponent(scheme.name)}=${encodeURIComponent(secret)}`);
    else if (type === "apikey") result.headers[String(scheme.name).toLowerCase()] = secret;
    else if (type === "http" && String(scheme.scheme).toLowerCase() === "basic") result.headers.authorization = `Basic ${btoa(secret)}`;
    else result.headers.authorization = `Bearer ${secret}`;
  }
  if (cookies.length > 0) result.headers.cookie = cookies.join("; ");
  return result;
}

/** The request a stopSession call should send, from the manifest's mapping and defaults and the bundled spec. */
export interface WireRequest {
  method: string;
  /** Path and query, percent-encoded, as a server receives it. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

export function expectedStopRequest(
  provider: Provider,
  input: StopInput,
  options: { credentials?: Credentials; defaults?: { query?: Record<string, string>; header?: Record<string, string> } } = {},
): WireRequest {
  const defaults = options.defaults ?? provider.manifest.defaults ?? {};
  let route = provider.stop.path;
  const query: [string, string][] = [];
  const headers: Record<string, string> = {};
  const body: Json = {};
  for (const { in: where, name, value } of wireValues(provider, input)) {
    if (where === "path") route = route.replace(`{${name}}`, encodeURIComponent(String(value)));
    else if (where === "query") query.push([name, String(value)]);
    else if (where === "header") headers[name.toLowerCase()] = String(value);
    else body[name] = value;
  }
  // Defaults fill what the call did not set; query credentials come last.
  for (const [name, value] of Object.entries(defaults.query ?? {})) if (!query.some(([taken]) => taken === name)) query.push([name, value]);
  query.push(...(options.credentials?.query ?? []));
  for (const [name, value] of Object.entries(defaults.header ?? {})) headers[name.toLowerCase()] ??= value;
  Object.assign(headers, options.credentials?.headers);
  const text = Object.keys(body).length > 0 ? JSON.stringify(body) : provider.stop.requestBodyRequired ? "{}" : "";
  if (text !== "") headers["content-type"] = "application/json";
  const search = new URLSearchParams(query).toString();
  return { method: provider.stop.method.toUpperCase(), url: search ? `${route}?${search}` : route, headers, body: text };
}

/** The same call through `client.operations` or `client.raw`: openapi-fetch's init, by parameter location. */
export function stopInit(provider: Provider, input: StopInput): Json {
  const params: Record<string, Record<string, unknown>> = {};
  const body: Json = {};
  for (const { in: where, name, value } of wireValues(provider, input)) {
    if (where === "body") body[name] = value;
    else params[where] = { ...params[where], [name]: value };
  }
  return { params, ...(Object.keys(body).length > 0 || provider.stop.requestBodyRequired ? { body } : {}) };
}

/** What a server answers for one documented status: the spec's example body when it has one, else a marker body. */
export function replyFor(provider: Provider, key: string): { status: number; body?: unknown; headers?: Record<string, string> } {
  const response = provider.stop.responses[key] ?? {};
  const status = Number(key.replace(/X/gi, "0"));
  const media = Object.entries((response.content ?? {}) as Json).find(([type]) => /json/i.test(type))?.[1] as Json | undefined;
  const example = media?.example ?? (Object.values((media?.examples ?? {}) as Json)[0] as Json | undefined)?.value ?? media?.schema?.example;
  // Without an example, the least body the schema accepts: the client types only bodies that have what the schema requires.
  const body = media === undefined ? undefined : (example ?? minimalBody(provider.stop.document, media.schema));
  const retryAfter = Object.keys((response.headers ?? {}) as Json).some((name) => name.toLowerCase() === "retry-after");
  return { status, ...(body === undefined ? {} : { body }), ...(retryAfter ? { headers: { "Retry-After": "30" } } : {}) };
}

/** The smallest value a JSON schema accepts: its required properties, each at its own minimal value (the first enum value, "x", 0, false, []). */
export function minimalBody(document: Json, raw: unknown, depth = 0): unknown {
  const schema = (deref(document, raw) ?? {}) as Json;
  if (depth > 6) return {};
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const branches = [...((schema.allOf ?? []) as Json[])];
  const alternatives = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
  if (alternatives?.[0]) branches.push(alternatives[0]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "string") return "x";
  if (type === "integer" || type === "number") return typeof schema.minimum === "number" ? schema.minimum : 0;
  if (type === "boolean") return false;
  if (type === "array") return [];
  if (type === "null") return null;
  const properties = (schema.properties ?? {}) as Json;
  const own = Object.fromEntries(((schema.required ?? []) as string[]).map((name) => [name, minimalBody(document, properties[name], depth + 1)]));
  for (const branch of branches) {
    const value = minimalBody(document, branch, depth + 1);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) Object.assign(own, value);
  }
  return own;
}
