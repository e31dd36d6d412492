// An outside project that installs packed packages: what a user's TypeScript project looks like.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./repo.js";

/** A strict NodeNext tsconfig with the options users turn on that bite type declarations hardest. */
export function writeConsumerTsconfig(dir: string): void {
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        lib: ["ES2022", "DOM"],
        types: ["node"],
        typeRoots: [path.join(repoRoot, "node_modules/@types")],
        rootDir: "src",
        outDir: "out",
      },
      include: ["src"],
    }),
  );
}
