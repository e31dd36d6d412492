/** Types for code-cache.mjs (plain JavaScript: bin.mjs uses it before the generator is compiled). */
export declare const CACHE_DIR: string;
export declare function requireWithCodeCache(filename: string): unknown;
export declare function preloadTypeScript(): void;
export declare function preloadTsMorphTypeScript(): void;
