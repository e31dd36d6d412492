import type { SecurityAlternative, ServerModel } from "./normalize.js";
import { change, type SpecChange } from "./rules.js";

/**
 * Security, as alternatives: a client authenticates with one of them. A change breaks when some
 * way the client may be using is no longer enough; it relaxes when every old way still works.
 */
export function diffSecurity(before: readonly SecurityAlternative[], after: readonly SecurityAlternative[], where: string): SpecChange[] {
  const [was, now] = [securityText(before), securityText(after)];
  if (was === now) return [];
  const broken = before.filter((credentials) => !after.some((requirement) => satisfies(credentials, requirement)));
  if (broken.length > 0) return [change("auth-changed", where, `auth ${was} → ${now}`)];
  return [change("auth-relaxed", where, `auth ${was} → ${now}`)];
}

/** Whether the credentials of one alternative meet a requirement: every scheme, with every scope. */
function satisfies(credentials: SecurityAlternative, requirement: SecurityAlternative): boolean {
  return [...requirement].every(([scheme, scopes]) => {
    const held = credentials.get(scheme);
    return held !== undefined && [...scopes].every((scope) => held.has(scope));
  });
}

function securityText(alternatives: readonly SecurityAlternative[]): string {
  return [
    ...new Set(
      alternatives.map((alternative) =>
        alternative.size === 0
          ? "none"
          : [...alternative]
              .map(([scheme, scopes]) => (scopes.size > 0 ? `${scheme} [${[...scopes].sort().join(", ")}]` : scheme))
              .sort()
              .join(" + "),
      ),
    ),
  ]
    .sort()
    .join(" | ");
}

/**
 * Servers. The generated client's default base URL is the first server (with its variables as
 * options), so that one is compared in place; the others are a set of URLs.
 */
export function diffServers(before: readonly ServerModel[], after: readonly ServerModel[], where: string): SpecChange[] {
  const changes: SpecChange[] = [];
  const [was, now] = [before[0], after[0]];
  let defaultMoved = false;
  if (was && !now) changes.push(change("server-removed", where, `every server removed (the client now needs a base URL): ${was.url}`));
  if (!was && now) changes.push(change("server-added", where, `server ${now.url} added (the client's default base URL)`));
  if (was && now) {
    if (was.url !== now.url) {
      defaultMoved = true;
      changes.push(change("server-changed", where, `default server ${was.url} → ${now.url}`));
    } else changes.push(...diffVariables(was, now, where));
  }
  const urls = (servers: readonly ServerModel[]) => new Set(servers.map((server) => server.url));
  const [urlsBefore, urlsAfter] = [urls(before), urls(after)];
  for (const url of urlsBefore)
    if (!urlsAfter.has(url) && !(defaultMoved && url === was?.url)) changes.push(change("server-removed", where, `server ${url} removed`));
  for (const url of urlsAfter)
    if (!urlsBefore.has(url) && !(defaultMoved && url === now?.url)) changes.push(change("server-added", where, `server ${url} added`));
  return changes;
}

function diffVariables(before: ServerModel, after: ServerModel, where: string): SpecChange[] {
  const changes: SpecChange[] = [];
  const at = `default server ${after.url}`;
  for (const name of new Set([...before.variables.keys(), ...after.variables.keys()])) {
    const [was, now] = [before.variables.get(name), after.variables.get(name)];
    if (!was || !now) {
      // A variable is a client option: one more or one fewer changes how the client is configured.
      changes.push(change("server-changed", where, `${at}: variable \`${name}\` ${was ? "removed" : "added"}`));
      continue;
    }
    if (was.default !== now.default) changes.push(change("server-changed", where, `${at}: variable \`${name}\` default ${was.default} → ${now.default}`));
    const lost = was.enum && now.enum ? [...was.enum].filter((value) => !now.enum?.has(value)) : [];
    const gained = now.enum ? [...now.enum].filter((value) => !was.enum?.has(value)) : [];
    if ((!was.enum && now.enum) || lost.length > 0)
      changes.push(change("server-changed", where, `${at}: variable \`${name}\` no longer allows ${lost.join(", ") || "any value"}`));
    else if (gained.length > 0 || (was.enum && !now.enum))
      changes.push(change("server-added", where, `${at}: variable \`${name}\` now also allows ${gained.join(", ") || "any value"}`));
  }
  return changes;
}

/**
 * Security schemes no operation uses on either side. The client still has an `auth` option for
 * each, so one removed or redefined changes its configuration; one added is a new option.
 */
export function diffUnusedSchemes(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>, used: ReadonlySet<string>): SpecChange[] {
  const changes: SpecChange[] = [];
  for (const [name, was] of before) {
    if (used.has(name)) continue;
    const now = after.get(name);
    if (now === undefined) changes.push(change("auth-changed", "spec", `security scheme ${name} (${was}) removed: the client's auth option \`${name}\` goes`));
    else if (now !== was) changes.push(change("auth-changed", "spec", `security scheme ${name}: ${was} → ${now}`));
  }
  for (const [name, now] of after)
    if (!used.has(name) && !before.has(name)) changes.push(change("auth-relaxed", "spec", `security scheme ${name} (${now}) added: a new auth option`));
  return changes;
}
