/** Something that turns bundled documents into schema.ts text. */
export interface SchemaTypesEmitter {
  emit(bundled: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** openapi-typescript on this thread, imported on first use. */
export class InProcessSchemaTypes implements SchemaTypesEmitter {
  async emit(bundled: Record<string, unknown>): Promise<string> {
    const { emitSchemaTypes } = await import("./emit-schema-types.js");
    return emitSchemaTypes(bundled);
  }

  async close(): Promise<void> {}
}
