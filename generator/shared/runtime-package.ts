/** The shared runtime's folder under generated/, and its package name: provider packages depend on it. */
export const RUNTIME_ID = "runtime";
export const RUNTIME_PACKAGE = "@agentstop/runtime";

/** The umbrella package (stop, stopMany, the CLI): its folder under generated/ and its npm name. */
export const UMBRELLA_ID = "agentstop";
export const UMBRELLA_PACKAGE = "agentstop";
