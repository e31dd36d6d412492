import type { Oas3Rule } from "@redocly/openapi-core";

/**
 * Every operation must end up with at least one server (root, path or operation level) after the
 * overlay: a client with no base URL cannot stop anything. Redocly's `no-empty-servers` only looks
 * at the root list, and passes `servers: []` only when the key is absent.
 */
export const serversDeclared: Oas3Rule = () => {
  let rootHasServers = false;
  return {
    Root: {
      enter(root) {
        rootHasServers = Array.isArray(root.servers) && root.servers.length > 0;
      },
    },
    PathItem: {
      Operation(operation, { report, location, parent }) {
        const pathServers = (parent as { servers?: unknown[] }).servers;
        const opServers = operation.servers;
        const has = rootHasServers || (pathServers?.length ?? 0) > 0 || (opServers?.length ?? 0) > 0;
        if (!has) report({ message: "Operation has no server: add `servers` (through the overlay if upstream omits it).", location: location.key() });
      },
    },
  };
};
