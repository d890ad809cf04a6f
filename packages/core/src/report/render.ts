/**
 * REPORT.md: the conversion report as Markdown (handlebars), for the platform engineer reviewing the
 * output: a five-minute summary (what was converted, what is exact, what needs a decision), the table
 * namespace → who may use which policy → what was emitted, a Mermaid diagram (bindings → PSPs →
 * namespace groups), and every finding by level. Deterministic: everything comes from the report model.
 */
import Handlebars from "handlebars";
import type { Finding, FindingLevel } from "../model/findings.js";
import type { ConversionReport, ReportGroup, ReportUsableBy } from "./model.js";

const TEMPLATE = `# psp2gk conversion report

{{#if converted}}
**Converted** {{pspCount}} PodSecurityPolicy(s) into {{templates}} ConstraintTemplate(s), {{constraints}}
constraint(s) and {{mutators}} mutator(s), in {{groups.length}} namespace group(s).

## Summary

{{#each summaryLines}}
- {{{this}}}
{{/each}}
{{else}}
**Refused**: nothing was written except this report. The error findings below say why.
{{/if}}

- Enforcement action: \`{{options.enforcementAction}}\`; template engines: \`{{options.engine}}\`; style: \`{{options.style}}\`; mutation: \`{{options.mutation}}\`; uncovered namespaces: \`{{options.onUncovered}}\`
- Exempt (not validated, not mutated): {{#if exempt}}{{exempt}}{{else}}none{{/if}}
{{#if groups.length}}

## Namespace groups

| group | where | who may use what (PSP order) | output | defaults written |
| --- | --- | --- | --- | --- |
{{#each groupRows}}
| \`{{id}}\` | {{where}} | {{{policies}}} | {{{output}}} | {{{mutation}}} |
{{/each}}
{{/if}}
{{#if mermaid}}

## Who may use which PSP where

\`\`\`mermaid
{{{mermaid}}}
\`\`\`
{{/if}}
{{#if converted}}

## Install

1. \`kubectl apply -k .\` from this directory, twice on a fresh Gatekeeper: the constraints need the
   CRDs Gatekeeper creates from the templates.
2. Until the findings below are dealt with, consider \`--enforcement-action dryrun\` (or \`warn\`) and
   Gatekeeper's audit, then switch to \`deny\`. \`psp2gk verify\` replays your pods through PSP and
   through these policies first.
{{/if}}

## Findings

{{#unless findingCount}}
None.
{{/unless}}
{{#each levels}}
### {{title}} ({{findings.length}})

{{#each findings}}
- \`{{code}}\`{{#if concern}} ({{concern}}){{/if}}: {{message}}{{#if hint}} _Hint: {{hint}}_{{/if}}
{{/each}}

{{/each}}
Finding codes are explained in docs/findings.md.
`;

const render = Handlebars.compile(TEMPLATE, { noEscape: true, strict: false });

const TITLES: Record<FindingLevel, string> = { error: "Errors", warning: "Warnings", info: "Info" };

/** Table cells must not break the row. */
const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function who(u: ReportUsableBy): string {
  const parts: string[] = [];
  if (u.allServiceAccounts) parts.push("all SAs");
  if (u.serviceAccounts.length) parts.push(`SA ${u.serviceAccounts.join(", ")}`);
  if (u.users.length) parts.push(`user ${u.users.join(", ")}`);
  if (u.groups.length) parts.push(`group ${u.groups.join(", ")}`);
  if (u.ownNamespaceRequesters) parts.push("the namespace's own SAs as requesters");
  return parts.join("; ") || "nobody";
}

function groupRow(g: ReportGroup) {
  const policies =
    g.policies.length === 0
      ? "none (only system:masters)"
      : g.policies
          .map((p) => `\`${p.psp}\`: ${who(p.usableBy)}${p.shadowedBy ? ` (shadowed by \`${p.shadowedBy}\`)` : ""}`)
          .join("<br>");
  const output =
    g.style === "per-field"
      ? `per-field: ${g.perField.map((p) => `\`${p}\``).join(", ")} (${g.constraints.length} constraints)`
      : g.style === "policy-set"
        ? `policy-set \`${g.constraints.join(", ")}\``
        : g.constraints.length > 0
          ? `denies every pod (\`${g.constraints.join(", ")}\`)`
          : "nothing (unchecked)";
  const mutation = g.mutation.psp
    ? `\`${g.mutation.psp}\`${g.mutation.exact ? "" : " (not exact)"}`
    : `none${g.mutation.exact ? "" : " (not exact)"}`;
  return { id: g.id, where: cell(g.where), policies: cell(policies), output: cell(output), mutation: cell(mutation) };
}

/** Mermaid node ids must be simple: index-based, labels quoted. */
function mermaid(report: ConversionReport): string {
  if (report.groups.length === 0 || report.grants.length === 0) return "";
  const lines = ["flowchart LR"];
  const quote = (s: string) => `"${s.replace(/"/g, "'")}"`;
  const bindings = [...new Set(report.grants.map((g) => g.binding))];
  const psps = [...new Set(report.groups.flatMap((g) => g.policies.map((p) => p.psp)))];
  bindings.forEach((b, i) => {
    lines.push(`  b${i}[${quote(b)}]`);
  });
  psps.forEach((p, i) => {
    lines.push(`  p${i}((${quote(p)}))`);
  });
  report.groups.forEach((g, i) => {
    lines.push(`  g${i}[${quote(`${g.id}: ${g.where}`)}]`);
  });
  const edges = new Set<string>();
  for (const grant of report.grants) {
    const b = bindings.indexOf(grant.binding);
    const p = psps.indexOf(grant.psp);
    if (b >= 0 && p >= 0) edges.add(`  b${b} --> p${p}`);
  }
  report.groups.forEach((g, i) => {
    for (const pol of g.policies) {
      const p = psps.indexOf(pol.psp);
      if (p >= 0) edges.add(`  p${p} ${pol.shadowedBy ? "-.->" : "-->"} g${i}`);
    }
  });
  return [...lines, ...edges].join("\n");
}

function summaryLines(report: ConversionReport): string[] {
  const out: string[] = [];
  const perField = report.groups.filter((g) => g.style === "per-field");
  const policySet = report.groups.filter((g) => g.style === "policy-set");
  const uncovered = report.groups.filter((g) => g.style === "uncovered");
  if (perField.length) {
    out.push(
      `Per-field constraints (one PSP every pod may use, nothing to choose) in: ${perField.map((g) => `${g.where} (\`${g.perField.join(", ")}\`)`).join("; ")}.`,
    );
  }
  if (policySet.length) {
    out.push(
      `Policy-set constraints (a pod is admitted when one PSP it may use admits it, as PSP did) in: ${policySet.map((g) => g.where).join("; ")}.`,
    );
  }
  if (uncovered.length) {
    out.push(`No PSP usable (every pod denied, as under PSP) in: ${uncovered.map((g) => g.where).join("; ")}.`);
  }
  const inexact = report.groups.filter((g) => !g.mutation.exact);
  out.push(
    inexact.length === 0
      ? "Defaults: every group gets the defaults of the PSP that PSP itself would apply (single-field approximations are findings)."
      : `Defaults: not exactly PSP's per-pod choice in ${inexact.map((g) => g.where).join("; ")} (see \`mutation-ambiguity\`).`,
  );
  const codes = (level: "error" | "warning") => {
    const counts = new Map<string, number>();
    for (const f of report.findings) if (f.level === level) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
    return [...counts.entries()].map(([code, n]) => `\`${code}\`${n > 1 ? ` ×${n}` : ""}`).join(", ");
  };
  const decide: string[] = [];
  if (report.summary.error > 0) decide.push(`${report.summary.error} error(s): ${codes("error")}`);
  if (report.summary.warning > 0) decide.push(`${report.summary.warning} warning(s): ${codes("warning")}`);
  out.push(
    decide.length > 0
      ? `Needs a decision (details below): ${decide.join("; ")}. ${report.summary.info} info finding(s) need none.`
      : `Nothing needs a decision; ${report.summary.info} info finding(s) below.`,
  );
  return out;
}

export function renderReportMarkdown(report: ConversionReport): string {
  const levels = (["error", "warning", "info"] as const)
    .map((level) => ({ title: TITLES[level], findings: report.findings.filter((f: Finding) => f.level === level) }))
    .filter((g) => g.findings.length > 0);
  const text = render({
    ...report,
    converted: report.status === "converted",
    pspCount: report.psps.length,
    exempt: report.exemptNamespaces.join(", "),
    templates: report.resources.templates.length,
    constraints: report.resources.constraints.length,
    mutators: report.resources.mutators.length,
    findingCount: report.findings.length,
    summaryLines: report.status === "converted" ? summaryLines(report) : [],
    groupRows: report.groups.map(groupRow),
    mermaid: mermaid(report),
    levels,
  });
  // One blank line at most between blocks, one newline at the end.
  return `${text.replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}
