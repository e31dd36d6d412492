import { type Check, fail, notApplicable, pass } from "../types.js";

const VERSION_PARAMETER = /^(api[-_]?version|version)$/i;
const VERSION_SEGMENT = /\/v\d+(?:\.\d+)?(?:\/|$)/;

export const accessChecks: Check[] = [
  {
    id: "auth-declared",
    group: "access",
    title: "Auth scheme declared",
    why: "Without a declared scheme a client cannot know which credential stops a session.",
    how: "The stop operation's effective security names at least one scheme.",
    decide: ({ model, stop }) => {
      if (!stop) return notApplicable("—", "No stop operation.");
      const names = [...new Set(stop.security.flat())].sort();
      if (names.length === 0) return fail("none", "The stop operation declares no security.");
      const kinds = names.map((name) => model.securitySchemes.find((scheme) => scheme.name === name)?.kind ?? "unknown");
      return pass([...new Set(kinds)].join(", "), `Accepted: ${names.join(" or ")}.`);
    },
  },
  {
    id: "servers-declared",
    group: "access",
    title: "Servers declared",
    why: "A declared server lets a client default its base URL instead of every caller guessing it.",
    how: "The bundled spec (after our overlay) has at least one server.",
    decide: ({ model }) => {
      const first = model.servers[0];
      return first
        ? pass(first.url, `${model.servers.length} server(s); the first is ${first.url}.`)
        : fail("none", "No server: every caller must pass baseUrl.");
    },
  },
  {
    id: "api-version-pinned",
    group: "access",
    title: "API version pinned",
    why: "A pinned version keeps a stop call's meaning fixed when the provider ships a new API.",
    how: "A required `api-version`/`version` query or header parameter, or a `/v<n>` segment in the path or the server URL.",
    decide: ({ model, stop }) => {
      if (!stop) return notApplicable("—", "No stop operation.");
      const parameter = [...stop.parameters.query, ...stop.parameters.header].find((candidate) => candidate.required && VERSION_PARAMETER.test(candidate.name));
      if (parameter) return pass(`${parameter.in} ${parameter.name}`, `The ${parameter.in} parameter \`${parameter.name}\` is required.`);
      if (VERSION_SEGMENT.test(stop.path)) return pass("path", `The path ${stop.path} carries the version.`);
      const server = model.servers.find((candidate) => VERSION_SEGMENT.test(new URL(candidate.url.replace(/\{[^}]*\}/g, "x"), "https://x").pathname));
      if (server) return pass("server", `The server URL ${server.url} carries the version.`);
      return fail("none", "Nothing in the path, server or parameters pins an API version.");
    },
  },
];
