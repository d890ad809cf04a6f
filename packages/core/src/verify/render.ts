/**
 * `VerifyResult` as text (terminal) and Markdown (a PR comment, a migration ticket). JSON is the
 * result itself. Both list the counts first, then every disagreement (security regressions first),
 * then the workloads Gatekeeper's expansion judges otherwise than PSP judges their pods, then the
 * `kubernetes.io/psp` observations. Deterministic: the result is already sorted.
 */
import type { Difference, DisagreementKind } from "./classify.js";
import type { PodVerdict, VerifyResult } from "./verify.js";
import type { WorkloadVerdict } from "./workload-review.js";

type WorkloadKind = Exclude<WorkloadVerdict["kind"], "agree">;
const WORKLOAD_KIND_ORDER: readonly WorkloadKind[] = ["security-regression", "availability-regression"];
const WORKLOAD_TITLE: Record<WorkloadKind, string> = {
  "security-regression": "workload security regression (Gatekeeper admits the workload, PSP denies its pod)",
  "availability-regression": "workload availability regression (Gatekeeper rejects the workload, PSP admits its pod)",
};

function workloadDisagreements(result: VerifyResult): PodVerdict[] {
  return WORKLOAD_KIND_ORDER.flatMap((k) => result.pods.filter((p) => p.workload?.kind === k));
}

const workloadGkSide = (w: WorkloadVerdict) =>
  w.allowed
    ? `admits the workload${w.warnings.length > 0 ? ` (warnings: ${w.warnings.join("; ")})` : ""}`
    : `rejects the workload: ${w.reasons.join("; ")}`;
const workloadPspSide = (p: PodVerdict) =>
  p.psp.allowed ? `admits its pod under ${p.psp.psp ?? "(not evaluated)"}` : `denies its pod: ${p.psp.message ?? ""}`;

const KIND_ORDER: readonly DisagreementKind[] = [
  "security-regression",
  "availability-regression",
  "mutation-difference",
];

const TITLE: Record<DisagreementKind, string> = {
  "security-regression": "security regression (Gatekeeper admits, PSP denies)",
  "availability-regression": "availability regression (Gatekeeper denies, PSP admits)",
  "mutation-difference": "mutation difference (both admit; effective values PSP ≠ Gatekeeper)",
};

function disagreements(result: VerifyResult): PodVerdict[] {
  return KIND_ORDER.flatMap((k) => result.pods.filter((p) => p.kind === k));
}

const annotated = (result: VerifyResult) =>
  result.pods.filter((p) => p.pspAnnotation && (!p.pspAnnotation.stillChosen || p.pspAnnotation.reliedOnMutation));

function explanation(d: Difference): string {
  const f = d.explainedBy;
  return f ? `explained by [${f.code}]${f.concern ? ` (${f.concern})` : ""}` : "NOT explained by any finding";
}

const pspSide = (p: PodVerdict) =>
  p.psp.allowed ? `admits under ${p.psp.psp ?? "(not evaluated)"}` : `denies: ${p.psp.message ?? ""}`;
const gkSide = (p: PodVerdict) =>
  p.gatekeeper.allowed
    ? `admits${p.gatekeeper.warnings.length > 0 ? ` (warnings: ${p.gatekeeper.warnings.join("; ")})` : ""}`
    : `denies: ${p.gatekeeper.reasons.join("; ")}`;

function summaryLines(result: VerifyResult): string[] {
  const c = result.counts;
  const rows: [string, number][] = [
    ["pods replayed", c.pods],
    ["agree", c.agree],
    ["security regressions", c.securityRegressions],
    ["availability regressions", c.availabilityRegressions],
    ["mutation differences", c.mutationDifferences],
    ["not explained by a finding", c.unexplained],
    ["kubernetes.io/psp no longer chosen", c.pspChanged],
    ["relied on PSP mutation", c.reliedOnMutation],
    ...workloadRows(result),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
}

function workloadRows(result: VerifyResult): [string, number][] {
  const w = result.counts.workloads;
  if (!w) return [];
  return [
    ["workloads reviewed (expansion)", w.reviewed],
    ["workloads agree", w.agree],
    ["workload security regressions", w.securityRegressions],
    ["workload availability regressions", w.availabilityRegressions],
    ["workloads not explained", w.unexplained],
  ];
}

/** The annotated PSP only a requester's own grant reaches: who has it, and what to do. */
function requesterGrantHint(p: PodVerdict): string {
  const grants = p.pspAnnotation?.requesterGrants;
  if (!grants) return "";
  return `; ${p.pspAnnotation?.annotated} is usable here only by requesters with a grant of their own (${grants.join(", ")}), not by the pod's service account nor ${p.requester.user}: created by a requester with its own grant? replay with --as`;
}

function annotationLine(p: PodVerdict): string {
  const a = p.pspAnnotation;
  if (!a) return "";
  const chosen = a.stillChosen
    ? `still chosen: ${a.annotated}`
    : `admitted by ${a.annotated}, now ${a.chosenNow === null ? "denied" : `${a.chosenNow} would be chosen`} (replaying ${a.replayedFrom})`;
  const relied =
    a.reliedOnMutation === null
      ? "reliance on mutation unknown (owner's pod template not in the input)"
      : a.reliedOnMutation
        ? `relied on PSP mutation: ${a.mutationEvidence.join(", ")}`
        : "did not rely on PSP mutation";
  return `${chosen}; ${relied}${requesterGrantHint(p)}`;
}

export function renderVerifyText(result: VerifyResult): string {
  if (result.status === "nothing-converted") {
    const lines = ["psp2gk verify: the conversion was refused, so there is nothing converted to verify against:"];
    for (const f of result.refusal) lines.push(`  error [${f.code}] ${f.message}`);
    return `${lines.join("\n")}\n`;
  }
  const lines = [
    `psp2gk verify: ${result.counts.pods} pod(s) through PSP and through the ${result.policies === "converted" ? "converted directory" : "policies converted in memory"}`,
    ...summaryLines(result),
  ];
  for (const p of disagreements(result)) {
    lines.push("", `${TITLE[p.kind as DisagreementKind]}: ${p.object} (${p.source})`);
    lines.push(`  requester: ${p.requester.user} [${p.requester.reason}]; service account ${p.serviceAccount}`);
    lines.push(`  PSP: ${pspSide(p)}`, `  Gatekeeper: ${gkSide(p)}`);
    if (p.kind === "mutation-difference") {
      for (const d of p.differences) lines.push(`  ${d.description}  (${d.explainedBy?.code ?? "NOT explained"})`);
    }
    // Each explaining finding once per pod: a mutation difference often has several fields of one cause.
    const findings = [
      ...new Map(
        p.differences.flatMap((d) => (d.explainedBy ? [[d.explainedBy.code + d.explainedBy.message, d]] : [])),
      ).values(),
    ];
    for (const d of findings) lines.push(`  ${explanation(d)}: ${d.explainedBy?.message ?? ""}`);
    if (p.differences.some((d) => !d.explainedBy)) lines.push("  NOT explained by any finding");
  }
  for (const p of workloadDisagreements(result)) {
    const w = p.workload as WorkloadVerdict;
    lines.push("", `${WORKLOAD_TITLE[w.kind as WorkloadKind]}: ${p.object} (${p.source})`);
    lines.push(`  requester of the workload: ${w.requester.user} [${w.requester.reason}]`);
    lines.push(`  PSP: ${workloadPspSide(p)}`, `  Gatekeeper (${w.expandedBy.join(", ")}): ${workloadGkSide(w)}`);
    for (const d of w.differences) {
      lines.push(`  ${d.explainedBy ? `${explanation(d)}: ${d.explainedBy.message}` : "NOT explained by any finding"}`);
    }
    if (w.cause) lines.push(`  cause: ${w.cause}`);
  }
  const psp = annotated(result);
  if (psp.length > 0) {
    lines.push("", "kubernetes.io/psp:");
    for (const p of psp) lines.push(`  ${p.object}: ${annotationLine(p)}`);
  }
  if (result.notes.length > 0) lines.push("", ...result.notes.map((n) => `note: ${n}`));
  return `${lines.join("\n")}\n`;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderVerifyMarkdown(result: VerifyResult): string {
  if (result.status === "nothing-converted") {
    return [
      "# psp2gk verify",
      "",
      "The conversion was refused: there is nothing converted to verify against.",
      "",
      ...result.refusal.map((f) => `- **${f.code}**: ${f.message}`),
      "",
    ].join("\n");
  }
  const c = result.counts;
  const out = [
    "# psp2gk verify",
    "",
    `Policies: ${result.policies === "converted" ? "the converted directory" : "converted in memory"}.`,
    "",
    "| | pods |",
    "|---|---:|",
    `| replayed | ${c.pods} |`,
    `| agree | ${c.agree} |`,
    `| security regressions | ${c.securityRegressions} |`,
    `| availability regressions | ${c.availabilityRegressions} |`,
    `| mutation differences | ${c.mutationDifferences} |`,
    `| not explained by a finding | ${c.unexplained} |`,
    `| kubernetes.io/psp no longer chosen | ${c.pspChanged} |`,
    `| relied on PSP mutation | ${c.reliedOnMutation} |`,
    ...workloadRows(result).map(([k, v]) => `| ${k} | ${v} |`),
  ];
  for (const kind of KIND_ORDER) {
    const pods = result.pods.filter((p) => p.kind === kind);
    if (pods.length === 0) continue;
    out.push(
      "",
      `## ${TITLE[kind]}`,
      "",
      "| pod | PSP | Gatekeeper | difference | explained by |",
      "|---|---|---|---|---|",
    );
    for (const p of pods) {
      for (const d of p.differences) {
        const f = d.explainedBy;
        out.push(
          `| ${cell(`${p.object} (${p.source})`)} | ${cell(pspSide(p))} | ${cell(gkSide(p))} | ${cell(kind === "mutation-difference" ? d.description : "decision")} | ${f ? cell(`\`${f.code}\`${f.concern ? ` (${f.concern})` : ""}`) : "**none**"} |`,
        );
      }
    }
  }
  const workloads = workloadDisagreements(result);
  if (workloads.length > 0) {
    out.push(
      "",
      "## workloads (Gatekeeper's expansion against PSP's decision for their pods)",
      "",
      "| workload | class | PSP (its pod) | Gatekeeper (the workload) | explained by | cause |",
      "|---|---|---|---|---|---|",
    );
    for (const p of workloads) {
      const w = p.workload as WorkloadVerdict;
      const f = w.differences.find((d) => d.explainedBy)?.explainedBy;
      out.push(
        `| ${cell(`${p.object} (${p.source})`)} | ${w.kind} | ${cell(workloadPspSide(p))} | ${cell(workloadGkSide(w))} | ${f ? cell(`\`${f.code}\`${f.concern ? ` (${f.concern})` : ""}`) : "**none**"} | ${cell(w.cause ?? "")} |`,
      );
    }
  }
  const psp = annotated(result);
  if (psp.length > 0) {
    out.push("", "## kubernetes.io/psp", "");
    for (const p of psp) out.push(`- ${p.object}: ${annotationLine(p)}`);
  }
  if (result.notes.length > 0) out.push("", ...result.notes.map((n) => `> ${n}`));
  return `${out.join("\n")}\n`;
}
