/** REPORT.md: the conversion report as short Markdown (handlebars), for humans reviewing the output. */
import Handlebars from "handlebars";
import type { Finding, FindingLevel } from "../model/findings.js";
import type { ConversionReport } from "./model.js";

const TEMPLATE = `# psp2gk conversion report

{{#if converted}}
**Converted** PodSecurityPolicy \`{{psp}}\` ({{mode}}: every pod can use this one PSP) into
{{templates}} ConstraintTemplate(s), {{constraints}} constraint(s) and {{mutators}} mutator(s).
{{else}}
**Refused**: nothing was written except this report. The error findings below say why.
{{/if}}

## Scope

- Namespaces: {{#if allNamespaces}}all{{else}}{{namespaces}}{{/if}}
- Exempt (not validated, not mutated): {{#if excluded}}{{excluded}}{{else}}none{{/if}}
- Enforcement action: \`{{options.enforcementAction}}\`; template engines: \`{{options.engine}}\`
{{#if concerns.length}}

## Concerns

| concern | outcome | mutators |
| --- | --- | --- |
{{#each concerns}}
| {{concern}} | {{outcome}} | {{mutators}} |
{{/each}}
{{/if}}

{{#if converted}}

## Install

1. \`kubectl apply -k .\` from this directory, twice on a fresh Gatekeeper: the constraints need the
   CRDs Gatekeeper creates from the templates.
2. Until the findings below are dealt with, consider \`--enforcement-action dryrun\` (or \`warn\`) and
   Gatekeeper's audit, then switch to \`deny\`.
{{/if}}

## Findings

{{#unless findingCount}}
None.
{{/unless}}
{{#each groups}}
### {{title}} ({{findings.length}})

{{#each findings}}
- \`{{code}}\`{{#if concern}} ({{concern}}){{/if}}: {{message}}{{#if hint}} _Hint: {{hint}}_{{/if}}
{{/each}}

{{/each}}
Finding codes are explained in docs/findings.md.
`;

const render = Handlebars.compile(TEMPLATE, { noEscape: true, strict: false });

const TITLES: Record<FindingLevel, string> = { error: "Errors", warning: "Warnings", info: "Info" };

export function renderReportMarkdown(report: ConversionReport): string {
  const groups = (["error", "warning", "info"] as const)
    .map((level) => ({ title: TITLES[level], findings: report.findings.filter((f: Finding) => f.level === level) }))
    .filter((g) => g.findings.length > 0);
  const text = render({
    ...report,
    converted: report.status === "converted",
    allNamespaces: report.scope.namespaces === "all",
    namespaces: Array.isArray(report.scope.namespaces) ? report.scope.namespaces.join(", ") : "",
    excluded: report.scope.excludedNamespaces.join(", "),
    templates: report.resources.templates.length,
    constraints: report.resources.constraints.length,
    mutators: report.resources.mutators.length,
    findingCount: report.findings.length,
    groups,
  });
  // One blank line at most between blocks, one newline at the end.
  return `${text.replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}
