import type * as TsMorph from "ts-morph";
import { requireCjs } from "../../startup/require-cjs.js";

/** ts-morph's runtime values, required (see requireCjs): its 1 MB bundle is the costliest to lex. */
const tsMorph = requireCjs("ts-morph") as typeof TsMorph;

export const { IndentationText, NewLineKind, Project, QuoteKind, StructureKind, VariableDeclarationKind } = tsMorph;
