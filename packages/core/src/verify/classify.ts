/**
 * Comparing the PSP engine's decision with the converted policies' for one request, and finding the
 * converter's finding that already predicted a difference.
 *
 * Classes:
 * - security regression: Gatekeeper admits a pod PSP denies (the conversion is looser);
 * - availability regression: Gatekeeper denies a pod PSP admits (stricter);
 * - mutation difference: both admit a CREATE, but the stored pods differ in an effective value
 *   (`effective-view.ts`: where a value is written does not matter, what the kubelet applies does).
 *
 * A difference is *explained* when a finding of the conversion names it:
 * - looser: the pod's namespace is exempt (`exempt-namespace` naming it) and Gatekeeper neither
 *   mutated nor flagged the pod; a non-blocking violation and `enforcement-not-deny`; otherwise any error-level finding
 *   (the converter said its output is looser than PSP);
 * - stricter: an UPDATE refused for a mutated spec — a `mutation-not-on-update` warning; otherwise a
 *   warning or error of a concern whose constraint refused the pod;
 * - a different effective value: the pod's namespace is exempt and Gatekeeper left the pod alone
 *   (`exempt-namespace`); otherwise a finding of that field's concern (not `mutation-not-on-update`,
 *   which is about UPDATE).
 */
import type { Finding } from "../model/findings.js";
import type { AdmissionResult } from "../psp/admission-types.js";
import { concernOfField, diffViews, effectiveView } from "./effective-view.js";
import type { GatekeeperOutcome } from "./replay.js";

export type DisagreementKind = "security-regression" | "availability-regression" | "mutation-difference";

export interface Difference {
  /** What differs: the two decisions with their reasons, or one effective field `path: psp ≠ gatekeeper`. */
  description: string;
  /** The conversion's finding that predicted it, if any. */
  explainedBy?: Finding;
}

export interface Classification {
  /** `agree` when both sides decide alike and (after a CREATE both admit) store equivalent pods. */
  kind: DisagreementKind | "agree";
  differences: Difference[];
}

/** What classification needs from a conversion. */
export interface ConversionFacts {
  findings: readonly Finding[];
  /** `Kind/name` of each constraint → its concern (annotation `psp2gk.io/concern`). */
  constraintConcerns: ReadonlyMap<string, string>;
}

export const MUTATION_NOT_ON_UPDATE = "mutation-not-on-update";

/** `Kind/name` → concern, from the constraints' `psp2gk.io/concern` annotation. */
export function constraintConcernsOf(constraints: readonly Record<string, unknown>[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const k of constraints) {
    const meta = (k.metadata ?? {}) as { name?: unknown; annotations?: Record<string, unknown> };
    const concern = meta.annotations?.["psp2gk.io/concern"];
    if (typeof concern === "string") out.set(`${String(k.kind)}/${String(meta.name)}`, concern);
  }
  return out;
}

/** The `exempt-namespace` finding naming the pod's namespace, when Gatekeeper did nothing to the pod. */
function exemptNamespace(gk: GatekeeperOutcome, namespace: string, facts: ConversionFacts): Finding | undefined {
  if (gk.violations.length > 0 || gk.mutations.length > 0) return undefined;
  return facts.findings.find(
    (f) => f.code === "exempt-namespace" && (f.objects ?? []).includes(`Namespace/${namespace}`),
  );
}

function explainLooser(gk: GatekeeperOutcome, namespace: string, facts: ConversionFacts): Finding | undefined {
  const find = (p: (f: Finding) => boolean) => facts.findings.find(p);
  const exempt = exemptNamespace(gk, namespace, facts);
  if (exempt) return exempt;
  if (gk.violations.some((v) => !v.blocks)) {
    const notDeny = find((f) => f.code === "enforcement-not-deny");
    if (notDeny) return notDeny;
  }
  return find((f) => f.level === "error");
}

function explainStricter(gk: GatekeeperOutcome, facts: ConversionFacts): Finding | undefined {
  if (gk.deniedBy === "immutable-spec") {
    return facts.findings.find((f) => f.code === MUTATION_NOT_ON_UPDATE && f.level === "warning");
  }
  const concerns = gk.violations.filter((v) => v.blocks).map((v) => facts.constraintConcerns.get(v.constraint));
  return facts.findings.find((f) => f.level !== "info" && f.concern !== undefined && concerns.includes(f.concern));
}

const decision = (allowed: boolean, reason: string) =>
  `${allowed ? "admits" : "denies"}${reason ? ` (${reason})` : ""}`;

export function classify(
  engine: AdmissionResult,
  gk: GatekeeperOutcome,
  context: { operation: "create" | "update"; namespace: string },
  facts: ConversionFacts,
): Classification {
  if (gk.allowed !== engine.allowed) {
    const description = `Gatekeeper ${decision(gk.allowed, gk.reasons.join("; "))}, PSP ${decision(engine.allowed, engine.message ?? "")}`;
    const explainedBy = gk.allowed ? explainLooser(gk, context.namespace, facts) : explainStricter(gk, facts);
    return {
      kind: gk.allowed ? "security-regression" : "availability-regression",
      differences: [{ description, ...(explainedBy ? { explainedBy } : {}) }],
    };
  }
  if (!gk.allowed || context.operation !== "create") return { kind: "agree", differences: [] };
  const exempt = exemptNamespace(gk, context.namespace, facts);
  const differences: Difference[] = diffViews(effectiveView(engine.pod), effectiveView(gk.pod)).map((line) => {
    const concern = concernOfField(line.slice(0, line.indexOf(":")));
    const explainedBy =
      exempt ?? facts.findings.find((f) => f.concern === concern && f.code !== MUTATION_NOT_ON_UPDATE);
    return { description: line, ...(explainedBy ? { explainedBy } : {}) };
  });
  return { kind: differences.length > 0 ? "mutation-difference" : "agree", differences };
}
