import { BaseResolver, Source } from "@redocly/openapi-core";
import type { SpecFile } from "../load/resolve-refs.js";

/**
 * A Redocly resolver that can only see the files the load stage already parsed and checked. It
 * never touches the network or the disk, so a $ref the load stage would refuse cannot slip past.
 */
export class SandboxedResolver extends BaseResolver {
  constructor(private readonly files: ReadonlyMap<string, SpecFile>) {
    super({ http: { headers: [] } });
  }

  override async loadExternalRef(absoluteRef: string): Promise<Source> {
    const file = this.files.get(absoluteRef);
    if (!file) throw new Error(`agentstop: ${absoluteRef} is not a file of this spec`);
    return new Source(absoluteRef, file.text);
  }

  override parseDocument(source: Source): ReturnType<BaseResolver["parseDocument"]> {
    const file = this.files.get(source.absoluteRef);
    if (!file) throw new Error(`agentstop: ${source.absoluteRef} is not a file of this spec`);
    return { source, parsed: file.parsed.value };
  }
}
