import { type Check, fail, notApplicable, pass } from "../types.js";
import { places, viaOverlay } from "./places.js";

const VERSION_PARAMETER = /^(api[-_]?version|version)$/i;
const VERSION_SEGMENT = /\/v\d+(?:\.\d+)?(?:\/|$)/;

export const accessChecks: Check[] = [
  {
    id: "auth-declared",
    group: "access",
    title: "Auth scheme declared",
    why: "Without a declared scheme a client cannot know which credential stops a session.",
    how: "The stop operation's effective security names at least one scheme. A requirement or scheme added by agentstop's overlay is marked `via overlay`.",
    decide: (context) => {
      const { model, stop } = context;
      if (!stop) return notApplicable("—", "No stop operation.");
      const names = [...new Set(stop.security.flat())].sort();
      if (names.length === 0) return viaOverlay(context, fail("none", "The stop operation declares no security."), places.security(stop, []));
      const kinds = names.map((name) => model.securitySchemes.find((scheme) => scheme.name === name)?.kind ?? "unknown");
      return viaOverlay(context, pass([...new Set(kinds)].join(", "), `Accepted: ${names.join(" or ")}.`), places.security(stop, names));
    },
  },
  {
    id: "servers-declared",
    group: "access",
    title: "Servers declared",
    why: "A declared server lets a client default its base URL instead of every caller guessing it.",
    how: "The bundled spec has at least one server; one added by agentstop's overlay is marked `via overlay`.",
    decide: (context) => {
      const first = context.model.servers[0];
      return first
        ? viaOverlay(context, pass(first.url, `${context.model.servers.length} server(s); the first is ${first.url}.`), [places.server(0)])
        : viaOverlay(context, fail("none", "No server: every caller must pass baseUrl."), [{ pointer: "#/servers", what: "the servers", inside: true }]);
    },
  },
  {
    id: "api-version-pinned",
    group: "access",
    title: "API version pinned",
    why: "A pinned version keeps a stop call's meaning fixed when the provider ships a new API.",
    how: "A required `api-version`/`version` query or header parameter, or a `/v<n>` segment in the path or the server URL.",
    decide: (context) => {
      const { model, stop } = context;
      if (!stop) return notApplicable("—", "No stop operation.");
      const parameter = [...stop.parameters.query, ...stop.parameters.header].find((candidate) => candidate.required && VERSION_PARAMETER.test(candidate.name));
      if (parameter) {
        const result = pass(`${parameter.in} ${parameter.name}`, `The ${parameter.in} parameter \`${parameter.name}\` is required.`);
        return viaOverlay(context, result, places.input(stop, parameter.in));
      }
      if (VERSION_SEGMENT.test(stop.path)) return viaOverlay(context, pass("path", `The path ${stop.path} carries the version.`), [places.operation(stop)]);
      const index = model.servers.findIndex((candidate) => VERSION_SEGMENT.test(new URL(candidate.url.replace(/\{[^}]*\}/g, "x"), "https://x").pathname));
      const server = model.servers[index];
      if (server) return viaOverlay(context, pass("server", `The server URL ${server.url} carries the version.`), [places.server(index)]);
      return fail("none", "Nothing in the path, server or parameters pins an API version.");
    },
  },
];
