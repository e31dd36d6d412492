import { accessChecks } from "./checks/access.js";
import { errorChecks } from "./checks/errors.js";
import { operationChecks } from "./checks/operation.js";
import { outcomeChecks } from "./checks/outcomes.js";
import { responseChecks } from "./checks/responses.js";
import { sessionChecks } from "./checks/session.js";
import { specChecks } from "./checks/spec.js";
import type { Check } from "./types.js";

/** The stop-session contract, in the order the matrix shows it. */
export const CHECKS: readonly Check[] = [
  ...operationChecks,
  ...sessionChecks,
  ...accessChecks,
  ...responseChecks,
  ...errorChecks,
  ...outcomeChecks,
  ...specChecks,
];
