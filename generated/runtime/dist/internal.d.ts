/** Shared by the runtime's modules; not part of its public API (index.ts does not export it). */
/** `{name}` in a path or server URL template. */
export declare const PATH_PARAMETER: RegExp;
/** Headers the caller set are never overwritten. */
export declare function setIfAbsent(headers: Headers, name: string, value: string): void;
