import { realpathSync } from "node:fs";
import path from "node:path";
import { SpecError, type SpecLocation, toPointer } from "../errors.js";
import { type ParsedYaml, type ParseLimits, parseYamlSafe, positionIn, readSpecFile } from "./safe-yaml.js";

/** A file of the spec, parsed by us; Redocly is handed these and reads nothing itself. */
export interface SpecFile {
  absolutePath: string;
  text: string;
  parsed: ParsedYaml;
}

const MAX_FILES = 200;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Finds every `$ref` reachable from the root file and loads the files they name. A `$ref` that is
 * remote (has a URL scheme or starts with `//`) or leaves the spec's folder is refused: specs come
 * from pull requests, and Redocly's resolver would otherwise fetch URLs and read any file.
 */
export function loadReferencedFiles(root: SpecFile, specDir: string, repoRoot: string, limits: ParseLimits = {}): Map<string, SpecFile> {
  const files = new Map<string, SpecFile>([[root.absolutePath, root]]);
  const realSpecDir = realpathSync(specDir);
  const queue: SpecFile[] = [root];
  for (let file = queue.shift(); file; file = queue.shift()) {
    for (const { ref, segments } of findRefs(file.parsed.value)) {
      const target = externalTarget(ref);
      if (target === undefined) continue;
      // Finding a position can mean scanning a large JSON text: only when there is something to report.
      const from = file;
      const place = (): SpecLocation => {
        const pointer = toPointer(segments);
        return { file: path.relative(repoRoot, from.absolutePath), pointer, ...positionIn(from.parsed, pointer) };
      };
      if (URL_SCHEME.test(target) || target.startsWith("//")) {
        throw new SpecError(place(), `remote $ref ${JSON.stringify(ref)} refused: only files inside the spec folder may be referenced`);
      }
      const absolutePath = path.resolve(path.dirname(file.absolutePath), target);
      if (files.has(absolutePath)) continue;
      const real = realPathOrFail(absolutePath, ref, place, path.relative(repoRoot, specDir));
      if (real !== realSpecDir && !real.startsWith(realSpecDir + path.sep)) {
        throw new SpecError(place(), unreadableRef(ref, path.relative(repoRoot, specDir)));
      }
      if (files.size >= MAX_FILES) throw new SpecError(place(), `more than ${MAX_FILES} referenced files`);
      const relative = path.relative(repoRoot, absolutePath);
      const text = readSpecFile(real, relative, limits);
      const loaded = { absolutePath, text, parsed: parseYamlSafe(text, relative, limits) };
      files.set(absolutePath, loaded);
      queue.push(loaded);
    }
  }
  return files;
}

/** The file part of a `$ref`, or undefined for a same-document ref. */
function externalTarget(ref: string): string | undefined {
  const hash = ref.indexOf("#");
  const target = hash === -1 ? ref : ref.slice(0, hash);
  return target === "" ? undefined : target;
}

function realPathOrFail(absolutePath: string, ref: string, place: () => SpecLocation, specDir: string) {
  try {
    return realpathSync(absolutePath);
  } catch {
    throw new SpecError(place(), unreadableRef(ref, specDir));
  }
}

export function* findRefs(value: unknown, segments: (string | number)[] = []): Generator<{ ref: string; segments: (string | number)[] }> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* findRefs(item, [...segments, i]);
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "$ref" && typeof item === "string") yield { ref: item, segments };
      else yield* findRefs(item, [...segments, key]);
    }
  }
}

/**
 * One message for a target that is missing and one that leads outside the spec folder (through
 * `..` or a symlink): which of the two it is would tell a pull request what exists on the machine.
 */
function unreadableRef(ref: string, specDir: string): string {
  return `$ref ${JSON.stringify(ref)} names no file inside the spec folder ${specDir}`;
}
