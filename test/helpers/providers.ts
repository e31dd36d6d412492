// The providers a test runs over, derived from specs/ at run time: no test lists, counts or orders
// them. A test that needs a particular behaviour asks for the providers that have it
// (`providersWith`), and is skipped with its reason when none has; a test about one specific seed
// page uses its own copy under test/fixtures/seeds/ (`installFixtureProvider`, `fixtureFile`).
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { discoverProviders } from "../../generator/load/discover.js";
import type { ProviderManifest } from "../../generator/load/manifest.js";
import { buildModel } from "../../generator/model/build-model.js";
import type { StopSessionModel } from "../../generator/model/types.js";
import { repoRoot } from "./repo.js";

type Json = Record<string, any>;

/** Every provider: each folder under `<root>/specs/` with a provider.yaml, as generate sees them. */
export function providerIds(root = repoRoot): string[] {
  return discoverProviders(path.join(root, "specs"));
}

export function readManifest(id: string, root = repoRoot): ProviderManifest {
  return parse(readFileSync(path.join(root, "specs", id, "provider.yaml"), "utf8")) as ProviderManifest;
}

/** The upstream page snapshot (`upstream.md`), which a provider may not have. */
export function upstreamPage(id: string, root = repoRoot): string | undefined {
  const file = path.join(root, "specs", id, "upstream.md");
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

/** The stop-session operation as the bundled spec (generated/<id>/openapi.json) states it, local $refs resolved. */
export interface StopOperation {
  /** Lower-case, as in the spec. */
  method: string;
  path: string;
  operationId: string;
  /** Path-level and operation-level parameters, the operation's winning. */
  parameters: Json[];
  /** By status key (`200`, `4XX`, `default`), in the spec's order. */
  responses: Record<string, Json>;
  requestBodyRequired: boolean;
  /** Security alternatives: each names the schemes sent together. */
  security: string[][];
  securitySchemes: Record<string, Json>;
  servers: Json[];
  /** The bundled document the operation came from, for following its `$ref`s. */
  document: Json;
}

export interface Provider {
  id: string;
  manifest: ProviderManifest;
  /** The stop mapping as the generator resolves it (inputs with their fields, constants). */
  stopSession: StopSessionModel;
  stop: StopOperation;
  /** The path parameter that carries the session or the agent, when one does. */
  sessionPathParameter?: Json;
  agentPathParameter?: Json;
}

/** A provider's manifest and stop operation, read from specs/ and the committed bundled spec. */
export function readProvider(id: string, root = repoRoot): Provider {
  const manifest = readManifest(id, root);
  const document = JSON.parse(readFileSync(path.join(root, "generated", id, "openapi.json"), "utf8")) as Json;
  const stop = findStopOperation(document, manifest.stopSession.operationId);
  if (!stop) throw new Error(`${id}: operation ${manifest.stopSession.operationId} is not in generated/${id}/openapi.json`);
  const inPath = (ref: { in: string; name: string } | undefined) =>
    ref?.in === "path" ? stop.parameters.find((parameter) => parameter.in === "path" && parameter.name === ref.name) : undefined;
  const { stopSession } = buildModel({ manifest, document, specFile: `specs/${id}/openapi.yaml`, manifestFile: `specs/${id}/provider.yaml` });
  return {
    id,
    manifest,
    stopSession,
    stop,
    sessionPathParameter: inPath(manifest.stopSession.session),
    agentPathParameter: inPath(manifest.stopSession.agent),
  };
}

/** Every provider, read once per test file. */
export function allProviders(root = repoRoot): Provider[] {
  return providerIds(root).map((id) => readProvider(id, root));
}

/** The providers with a property a test needs (skip the test, with `skipNote`, when there are none). */
export function providersWith(predicate: (provider: Provider) => boolean, providers: readonly Provider[] = allProviders()): Provider[] {
  return providers.filter(predicate);
}

export function findStopOperation(document: Json, operationId: string): StopOperation | undefined {
  const resolve = <T>(node: T): T => deref(document, node);
  for (const [route, rawItem] of Object.entries((document.paths ?? {}) as Json)) {
    const item = resolve(rawItem) as Json;
    for (const [method, rawOperation] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const operation = resolve(rawOperation) as Json;
      if (operation.operationId !== operationId) continue;
      const byKey = new Map<string, Json>();
      for (const parameter of [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(resolve) as Json[]) {
        byKey.set(`${parameter.in} ${parameter.name}`, parameter.schema ? { ...parameter, schema: resolve(parameter.schema) } : parameter);
      }
      const responses = Object.fromEntries(
        Object.entries((operation.responses ?? {}) as Json).map(([status, response]) => [status, resolve(response) as Json]),
      );
      const requestBody = operation.requestBody ? (resolve(operation.requestBody) as Json) : undefined;
      const security = ((operation.security ?? document.security ?? []) as Json[]).map((requirement) => Object.keys(requirement));
      return {
        method,
        path: route,
        operationId,
        parameters: [...byKey.values()],
        responses,
        requestBodyRequired: requestBody?.required === true,
        security,
        securitySchemes: (document.components?.securitySchemes ?? {}) as Record<string, Json>,
        servers: (item.servers ?? operation.servers ?? document.servers ?? []) as Json[],
        document,
      };
    }
  }
  return undefined;
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** Follows local `$ref`s (`#/…`) until a node is not a reference. */
export function deref<T>(document: Json, node: T): T {
  let current: unknown = node;
  for (let hops = 0; hops < 32 && typeof current === "object" && current !== null && typeof (current as Json).$ref === "string"; hops++) {
    const pointer = ((current as Json).$ref as string).replace(/^#\/?/, "");
    current = pointer
      .split("/")
      .filter(Boolean)
      .map((token) => decodeURIComponent(token).replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<unknown>((at, token) => (at as Json | undefined)?.[token], document);
  }
  return current as T;
}

/** The 2XX and the 4XX/5XX status keys the stop operation documents, in the spec's order. */
export function documentedStatuses(stop: StopOperation): { success: string[]; errors: string[] } {
  const keys = Object.keys(stop.responses);
  return { success: keys.filter((key) => /^2/.test(key)), errors: keys.filter((key) => /^[45]/.test(key)) };
}

/** A describe/it title that says why it is skipped when `found` is empty (use with `skipIf(found.length === 0)`). */
export function skipNote(title: string, found: readonly unknown[], reason: string): string {
  return found.length === 0 ? `${title.replace(/\$id|%s/g, "<provider>")} — skipped: ${reason}` : title;
}

/** The rows for an `each`, or one placeholder row when there are none: the skipped test (and its reason) still shows in the report. */
export function orPlaceholder<T>(rows: readonly T[], placeholder: T): T[] {
  return rows.length > 0 ? [...rows] : [placeholder];
}

/** A status key as a number: a range such as `4XX` is 400. */
export const statusCode = (key: string): number => Number(key.replace(/X/gi, "0"));

/** `base`, or `base-2`, `base-3`…: a provider id no folder under `<root>/specs/` uses yet. */
export function unusedProviderId(base: string, root = repoRoot): string {
  const taken = new Set(readdirSync(path.join(root, "specs")));
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

export const fixturesDir = path.join(repoRoot, "test/fixtures/seeds");

/** The seed provider folders the tests own (test/fixtures/seeds/<name>/). */
export const fixtureNames = (): string[] => discoverProviders(fixturesDir);

export function fixtureFile(name: string, file: string): string {
  return readFileSync(path.join(fixturesDir, name, file), "utf8");
}

/**
 * Copies a fixture provider folder into `<root>/specs/<id>/` (by default the fixture's name, or a
 * free variant of it when a real provider already uses the name) and returns the id it got.
 */
export function installFixtureProvider(root: string, name: string, id = unusedProviderId(name, root)): string {
  const target = path.join(root, "specs", id);
  cpSync(path.join(fixturesDir, name), target, { recursive: true });
  const manifest = path.join(target, "provider.yaml");
  writeFileSync(
    manifest,
    readFileSync(manifest, "utf8")
      .replace(/^id: .*$/m, `id: ${id}`)
      .replace(/^package: .*$/m, `package: "@agentstop/${id}"`),
  );
  return id;
}

/**
 * Makes a scratch copy's providers exactly the seed fixtures: every provider folder under specs/
 * and its package under generated/ are removed, then each fixture is installed under its own name.
 * For tests of whole-repository commands (sync, pr-body) that play a scripted scenario on known pages.
 */
export function useFixtureProviders(root: string, names = fixtureNames()): string[] {
  for (const id of new Set([...providerIds(root), ...names])) {
    rmSync(path.join(root, "specs", id), { recursive: true, force: true });
    rmSync(path.join(root, "generated", id), { recursive: true, force: true });
  }
  return names.map((name) => installFixtureProvider(root, name, name));
}
