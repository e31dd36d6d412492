/** per-call.ts aliases this name to the provider package under measurement when it bundles per-call-child.ts. */
declare module "agentstop-bench-provider";
