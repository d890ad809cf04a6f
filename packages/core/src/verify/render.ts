/**
 * `VerifyResult` as text (terminal) and Markdown (a PR comment, a migration ticket). JSON is the
 * result itself. Both list the counts first, then every disagreement (security regressions first),
 * then the `kubernetes.io/psp` observations. Deterministic: the result is already sorted.
 */
import type { Difference, DisagreementKind } from "./classify.js";
import type { PodVerdict, VerifyResult } from "./verify.js";

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
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
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
  return `${chosen}; ${relied}`;
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
  const psp = annotated(result);
  if (psp.length > 0) {
    out.push("", "## kubernetes.io/psp", "");
    for (const p of psp) out.push(`- ${p.object}: ${annotationLine(p)}`);
  }
  if (result.notes.length > 0) out.push("", ...result.notes.map((n) => `> ${n}`));
  return `${out.join("\n")}\n`;
}
