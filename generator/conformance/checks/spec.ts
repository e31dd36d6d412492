import { type Check, fail, pass } from "../types.js";

export const specChecks: Check[] = [
  {
    id: "lint",
    group: "spec",
    title: "Redocly errors and warnings",
    why: "Lint findings are where a spec is vague; each is a question a client author has to guess.",
    how: "Redocly with redocly.yaml after our overlay: any error fails, warnings are counted.",
    decide: ({ findings }) => {
      const errors = findings.filter((finding) => finding.severity === "error");
      const warnings = findings.filter((finding) => finding.severity === "warn");
      const rules = [...new Set(findings.map((finding) => finding.ruleId))].sort().join(", ");
      const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;
      const value = `${plural(errors.length, "error")}, ${plural(warnings.length, "warning")}`;
      if (errors.length > 0) return fail(value, `Lint errors: ${rules}.`);
      return pass(value, warnings.length > 0 ? `Warnings only: ${rules}.` : "No findings.");
    },
  },
];
