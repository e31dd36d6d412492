/** The shared runtime's folder under generated/, and its package name: provider packages depend on it. */
export const RUNTIME_ID = "runtime";
export const RUNTIME_PACKAGE = "@agentstop/runtime";
