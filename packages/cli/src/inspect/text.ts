/** Renders the `inspect` report as text for people; `-o json` prints the same data for machines. */
import { plural, table } from "../output.js";
import type { InspectReport, PspRow, PspUse, Via } from "./model.js";

export interface TextOptions {
  /** List every skipped object, not only the counts per kind. */
  verbose: boolean;
}

export function renderInspectText(report: InspectReport, options: TextOptions): string {
  const status = new Map(report.psps.map((p) => [p.name, p.status]));
  const pspLabel = (name: string) => (status.get(name) === "inert" ? `${name} (inert: skipped by admission)` : name);
  return [
    inputSection(report, options),
    pspSection(report.psps),
    serviceAccountSection(report, pspLabel),
    requesterSection(report, pspLabel),
  ].join("\n");
}

function inputSection(report: InspectReport, { verbose }: TextOptions): string {
  const { objects, skipped, skippedObjects } = report.inputs;
  const total = Object.values(objects).reduce((a, b) => a + b, 0);
  const kinds = Object.entries(objects).map(([kind, n]) => `${n} ${kind}`);
  let out = `Read ${plural(total, "object")}${kinds.length ? `: ${kinds.join(", ")}` : ""}.\n`;
  const skippedTotal = skippedObjects.length;
  if (skippedTotal > 0) {
    const byKind = Object.entries(skipped).map(([kind, n]) => `${n} ${kind}`);
    out += `Skipped ${plural(skippedTotal, "object")} of kinds psp2gk does not use: ${byKind.join(", ")}`;
    out += verbose ? ".\n" : " (--verbose lists them).\n";
    if (verbose) {
      out += table(
        ["KIND", "NAME", "SOURCE"],
        skippedObjects.map((s) => [s.kind, s.namespace ? `${s.namespace}/${s.name}` : s.name, s.source]),
      );
    }
  }
  const errors = report.diagnostics.filter((d) => d.level === "error").length;
  const warnings = report.diagnostics.filter((d) => d.level === "warning").length;
  if (errors + warnings > 0) {
    out += `Input problems: ${plural(errors, "error")}, ${plural(warnings, "warning")} (listed on stderr).\n`;
  }
  return out;
}

function pspSection(psps: readonly PspRow[]): string {
  const head =
    "PodSecurityPolicies (inert: valid, but admission cannot build it and skips it; invalid: the API server would refuse it)\n";
  if (psps.length === 0) {
    return `${head}  none — with PSP admission enabled and no usable PSP, every pod is rejected.\n`;
  }
  const rows = psps.map((p) => [
    p.name,
    p.status,
    p.source,
    p.mayMutate.length > 0 ? `yes (${p.mayMutate.join(", ")})` : "no",
  ]);
  // Reasons can be long (an API validation message lists every allowed value), so they follow the table.
  const notes = psps.filter((p) => p.reason !== null).map((p) => `  ${p.name} is ${p.status}: ${p.reason}\n`);
  return head + table(["NAME", "STATUS", "SOURCE", "MUTATING"], rows) + notes.join("");
}

function serviceAccountSection(report: InspectReport, pspLabel: (name: string) => string): string {
  const head =
    "Service accounts: PSPs a pod may use through its own service account\n" +
    '("(any)": every service account of the namespace; a named one: what it gets on top)\n';
  const rows: string[][] = [];
  let lastNamespace: string | undefined;
  for (const row of report.serviceAccounts) {
    const ns = row.namespace ?? "(any other namespace)";
    const first = ns !== lastNamespace;
    lastNamespace = ns;
    rows.push(...useRows([first ? ns : "", row.serviceAccount ?? "(any)"], row.psps, pspLabel));
  }
  return head + table(["NAMESPACE", "SERVICE ACCOUNT", "PSP", "VIA"], rows);
}

function requesterSection(report: InspectReport, pspLabel: (name: string) => string): string {
  const head =
    "Requesters: PSPs a pod may use because of who creates it (a user, a group member, or a service account\n" +
    'acting as a client, such as a controller); "(all)": every namespace, a name: what it brings there on top\n';
  const rows: string[][] = [];
  let lastSubject: string | undefined;
  for (const row of report.requesters) {
    const first = row.subject !== lastSubject;
    lastSubject = row.subject;
    const cells = [first ? row.subject : "", row.namespace ?? "(all)"];
    if (row.psps.length > 0 && row.psps.every((u) => u.via.some((v) => v.kind === "system:masters"))) {
      rows.push([...cells, "(every PSP)", "super-user group: allowed everything, whatever RBAC says"]);
    } else {
      rows.push(...useRows(cells, row.psps, pspLabel));
    }
  }
  return head + table(["SUBJECT", "NAMESPACE", "PSP", "VIA"], rows);
}

/** One line per PSP (the first carries `lead`); a PSP with several reasons lists each on its own line. */
function useRows(lead: string[], uses: readonly PspUse[], pspLabel: (name: string) => string): string[][] {
  if (uses.length === 0) return [[...lead, "(none)", ""]];
  return uses.map((u, i) => [...(i === 0 ? lead : lead.map(() => "")), pspLabel(u.psp), u.via.map(viaText).join("\n")]);
}

function viaText(v: Via): string {
  if (v.kind === "system:masters") return "super-user group system:masters";
  const from = v.aggregatedFrom ? ` (aggregated from ${v.aggregatedFrom})` : "";
  return `${v.binding} -> ${v.role}${from} [${v.subject}]`;
}
