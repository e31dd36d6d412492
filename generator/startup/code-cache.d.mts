/** Types for code-cache.mjs (plain JavaScript: it also runs inside module hooks). */
export declare const CACHE_DIR: string;
export declare function requireWithCodeCache(filename: string): unknown;
export declare function preloadTsMorphTypeScript(): void;
