/**
 * What one run (a generate, or one regeneration under --watch) keeps between its providers:
 * compiled templates and the loaded redocly.yaml. Made per run and passed down, never held at
 * module level, so a run always sees the templates and config as they are on disk now.
 */
export interface RunCache {
  templates: Map<string, (view: unknown) => string>;
  redoclyConfig: Map<string, Promise<unknown>>;
}

export function createRunCache(): RunCache {
  return { templates: new Map(), redoclyConfig: new Map() };
}
