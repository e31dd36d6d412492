import type { Plugin } from "@redocly/openapi-core";
import { serversDeclared } from "./servers-declared.js";

/** agentstop's own lint rules, configured in redocly.yaml as `agentstop/<rule>`. */
export const agentstopPlugin: Plugin = {
  id: "agentstop",
  rules: {
    oas3: { "servers-declared": serversDeclared },
  },
};
