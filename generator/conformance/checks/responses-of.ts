import type { OperationModel, ResponseModel } from "../../model/types.js";

/** Responses documented with exactly this status (a `4XX` range does not say which). */
export function responsesFor(operation: OperationModel, code: number): ResponseModel[] {
  return operation.responses.filter((response) => response.status === String(code));
}

/** The documented statuses among `codes`, for a table cell: `404, 409` or `none`. */
export function documented(operation: OperationModel, codes: readonly number[]): string[] {
  return codes.filter((code) => responsesFor(operation, code).length > 0).map(String);
}

export const list = (values: readonly string[]): string => (values.length === 0 ? "none" : values.join(", "));

/** Words that describe a session already stopped, and an unknown one, in a 404's description. */
const STOPPED_WORDS = /\b(already|no longer|not (?:running|active)|inactive|stopped|ended|terminated|finished|completed|closed|cancell?ed|expired)\b/i;
const UNKNOWN_WORDS = /\b(not found|unknown|(?:does not|doesn't|not) exist|no such|invalid)\b/i;

/**
 * What a documented 404 means, read from its description: `already-stopped` or `unknown-session`
 * when the description says one of them, `unclear` when it says both or neither. One response is
 * credited to one check only: an unclear 404 goes to "unknown session" (404 means "not found").
 */
export type NotFoundMeaning = "already-stopped" | "unknown-session" | "unclear";

export interface NotFound {
  meaning: NotFoundMeaning;
  /** The description, shortened for a reason. */
  quote: string;
}

export function notFoundMeaning(operation: OperationModel): NotFound | undefined {
  const response = responsesFor(operation, 404)[0];
  if (!response) return undefined;
  const text = response.description.replace(/\s+/g, " ").trim();
  const stopped = STOPPED_WORDS.test(text);
  const unknown = UNKNOWN_WORDS.test(text);
  const meaning = stopped === unknown ? "unclear" : stopped ? "already-stopped" : "unknown-session";
  return { meaning, quote: text === "" ? "no description" : `“${text.length > 80 ? `${text.slice(0, 79)}…` : text}”` };
}
