/**
 * `explain`'s answer as data and text: the PSPs one audience (namespace, service account, requester)
 * may use, in the order admission tries them, which can mutate and which are inert, and what PSP does
 * with a bare pod `{containers: [{name: c, image: x}]}` in that audience. A usable PSP is *shadowed*
 * when an earlier-preferred one admits, unchanged, every pod it admits (core `psp/shadowing.ts`): it
 * then never decides anything for this audience.
 */

import type { ConversionReport, ReportGroup, Shadowing } from "@psp2gk/core";
import type { PspUse } from "../inspect/model.js";
import { table } from "../output.js";
import type { SimulateReport } from "../simulate/report.js";

export interface ExplainPsp extends PspUse {
  /** null when admission can use it; else why it is skipped. */
  inert: string | null;
  /** Concerns whose settings can change a pod; empty = never mutates. */
  mayMutate: string[];
  /**
   * null unless shadowed: the PSP admission always prefers over this one for every pod this one
   * admits, and why (`covers`: admits each such pod unchanged; `identical`: the same policy).
   */
  shadowedBy: { psp: string; reason: Shadowing["reason"] } | null;
}

export function shadowing(s: Shadowing | undefined): ExplainPsp["shadowedBy"] {
  return s ? { psp: s.shadowedBy, reason: s.reason } : null;
}

export interface ExplainReport {
  format: "psp2gk-explain/v1";
  audience: { namespace: string; serviceAccount: string; user: { name: string; groups: string[] } | null };
  /** Usable PSPs by name: the order admission tries them. */
  psps: ExplainPsp[];
  barePod: Pick<SimulateReport, "allowed" | "psp" | "mutations" | "errors" | "message">;
  /** What `psp2gk convert` emits for this namespace (same plan as `convert`, report.json `groups`). */
  conversion: ExplainConversion;
}

export type ExplainConversion =
  | { status: "refused"; codes: string[] }
  | { status: "exempt" }
  | {
      status: "converted";
      group: string;
      where: string;
      style: ReportGroup["style"];
      perField: string[];
      constraints: string[];
      mutation: ReportGroup["mutation"];
      mutators: number;
    };

/** The conversion answer for `namespace`, from a conversion report. */
export function conversionFor(report: ConversionReport, namespace: string): ExplainConversion {
  if (report.status === "refused") {
    return {
      status: "refused",
      codes: [...new Set(report.findings.filter((f) => f.level === "error").map((f) => f.code))],
    };
  }
  if (report.exemptNamespaces.includes(namespace)) return { status: "exempt" };
  const group =
    report.groups.find((g) => Array.isArray(g.namespaces) && g.namespaces.includes(namespace)) ??
    report.groups.find((g) => g.namespaces === "all");
  if (!group) return { status: "exempt" };
  return {
    status: "converted",
    group: group.id,
    where: group.where,
    style: group.style,
    perField: group.perField,
    constraints: group.constraints,
    mutation: group.mutation,
    mutators: group.mutators.length,
  };
}

function conversionWords(c: ExplainConversion, namespace: string): string {
  if (c.status === "refused") return `psp2gk convert refuses this cluster (${c.codes.join(", ")}).`;
  if (c.status === "exempt")
    return `psp2gk convert exempts namespace ${namespace}: Gatekeeper neither validates nor mutates its pods.`;
  const what =
    c.style === "per-field"
      ? `per-field constraints of ${c.perField.join(", ")} (${c.constraints.join(", ")})`
      : c.style === "policy-set"
        ? `the policy-set constraint ${c.constraints.join(", ")} (a pod is admitted when one PSP it may use admits it)`
        : c.constraints.length > 0
          ? `the constraint ${c.constraints.join(", ")}, which denies every pod (no PSP usable)`
          : "nothing: no PSP is usable and --on-uncovered report leaves it unchecked";
  const defaults = c.mutation.psp
    ? `${c.mutators} mutator(s) write ${c.mutation.psp}'s defaults${c.mutation.exact ? "" : " (not exactly PSP's per-pod choice: see mutation-ambiguity)"}`
    : `no defaults are written (${c.mutation.reason})`;
  return `After psp2gk convert: namespace ${namespace} is in group ${c.group} (${c.where}): ${what}; ${defaults}.`;
}

export function renderExplainText(r: ExplainReport): string {
  const a = r.audience;
  const who = a.user ? `, requester ${a.user.name} (groups ${a.user.groups.join(", ")})` : ", no requester";
  let out = `Pods in namespace ${a.namespace} running as service account ${a.serviceAccount}${who}\n\n`;
  if (r.psps.length === 0) {
    out += "may use no PSP: PSP admission rejects every pod here.\n";
  } else {
    out += "may use these PSPs, tried in this order (by name):\n";
    out += table(
      ["PSP", "STATUS", "VIA", "MUTATING"],
      r.psps.map((p) => [
        p.psp,
        p.inert ? `inert, skipped: ${p.inert}` : p.shadowedBy ? `usable, shadowed by ${p.shadowedBy.psp}` : "usable",
        p.via.map(viaText).join("\n"),
        p.mayMutate.length > 0 ? `yes (${p.mayMutate.join(", ")})` : "no",
      ]),
    );
    out +=
      "A pod gets the first PSP that admits it unchanged; if none does, the first that admits it after\n" +
      "its defaulting (on create only; an update must pass unchanged).\n";
    const shadowed = r.psps.filter((p) => p.shadowedBy);
    if (shadowed.length > 0) out += `\n${shadowed.map(shadowWords).join("\n")}\n`;
  }
  out += `\nA bare pod (one container, no security settings) ${bareWords(r.barePod)}\n`;
  out += `\n${conversionWords(r.conversion, a.namespace)}\n`;
  return out;
}

/** One plain-words line per shadowed PSP. */
function shadowWords(p: ExplainPsp): string {
  const by = p.shadowedBy?.psp ?? "";
  const why =
    p.shadowedBy?.reason === "identical"
      ? `${p.psp} is the same policy as ${by}, which PSP prefers (it sorts first)`
      : `every pod ${p.psp} admits is admitted unchanged by ${by}, which PSP prefers`;
  return `Shadowed: ${why}; ${p.psp} never decides anything for this audience.`;
}

function viaText(v: ExplainPsp["via"][number]): string {
  return v.kind === "system:masters" ? "super-user group system:masters" : `${v.binding} [${v.subject}]`;
}

function bareWords(b: ExplainReport["barePod"]): string {
  if (!b.allowed) {
    const lines = Object.entries(b.errors).flatMap(([psp, errs]) => errs.map((e) => `  ${psp}: ${e}`));
    return `is rejected${b.message ? `: ${b.message}` : ""}${lines.length ? `\n${lines.join("\n")}` : ""}`;
  }
  const mutations = Object.entries(b.mutations);
  if (mutations.length === 0) return `is admitted unchanged under ${b.psp}.`;
  return `is admitted under ${b.psp}, which sets:\n${mutations.map(([p, v]) => `  ${p} = ${JSON.stringify(v)}`).join("\n")}`;
}
