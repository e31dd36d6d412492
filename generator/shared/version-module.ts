/** Where a package keeps its version besides package.json (written by emit/package/version-module.ts). */
/** A version module with its version blanked, for comparing releases. */
export function withoutVersion(text: string): string {
  return text.replace(/(PACKAGE_VERSION(?:: string)? = )"[^"]*"/, '$1""');
}

export const VERSION_MODULE: RegExp = /^(src|dist|dist\/cjs)\/version\.(ts|js|d\.ts)$/;
