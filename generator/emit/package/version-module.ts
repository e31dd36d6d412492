import { BANNER_LINES, literal } from "../shared/text.js";

/**
 * `version.ts` and its four dist/ forms: the package's name and version for the User-Agent. They
 * carry the version, so they are rendered with package.json once the release is planned, and the
 * published-bytes comparison ignores the version in them (see packed-change.ts).
 */
export function versionModuleFiles(packageName: string, version: string): Record<string, string> {
  const banner = `${BANNER_LINES.map((line) => `// ${line}`).join("\n")}\n`;
  const [name, number] = [literal(packageName), literal(version)];
  const declarations = `${banner}export declare const PACKAGE_NAME: string;\nexport declare const PACKAGE_VERSION: string;\n`;
  return {
    "src/version.ts": `${banner}\n/** This package, as it names itself in the User-Agent of every request. */\nexport const PACKAGE_NAME: string = ${name};\nexport const PACKAGE_VERSION: string = ${number};\n`,
    "dist/version.js": `${banner}export const PACKAGE_NAME = ${name};\nexport const PACKAGE_VERSION = ${number};\n`,
    "dist/version.d.ts": declarations,
    "dist/cjs/version.js": `"use strict";\n${banner}Object.defineProperty(exports, "__esModule", { value: true });\nexports.PACKAGE_NAME = ${name};\nexports.PACKAGE_VERSION = ${number};\n`,
    "dist/cjs/version.d.ts": declarations,
  };
}
