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
 *
 * Whole-cluster conversions add, always only with findings whose `scope` covers the pod's namespace:
 * - stricter through a policy-set constraint (`psp2gk.io/concern: policy-set`): a warning/error of a
 *   concern about the PSP that admitted the pod under PSP (the policy set composes the per-concern
 *   checks), else the group's `mutation-ambiguity` naming that PSP (another PSP's defaults were written),
 *   else `masters-narrowed` / `per-field-not-exact`;
 * - refused by core validation after mutation (e.g. a privileged container given
 *   `allowPrivilegeEscalation: false`), or a different effective value no concern finding explains: the
 *   group's `mutation-ambiguity`, when it names the PSP that admitted the pod under PSP.
 */
import { type Finding, findingAppliesTo } from "../model/findings.js";
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

const POLICY_SET = "policy-set";
const GROUP_STRICTER = ["mutation-ambiguity", "masters-narrowed", "per-field-not-exact"];

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

function explainLooser(
  engine: AdmissionResult,
  gk: GatekeeperOutcome,
  context: ClassifyContext,
  facts: ConversionFacts,
): Finding | undefined {
  const find = (p: (f: Finding) => boolean) => facts.findings.find(p);
  const exempt = exemptNamespace(gk, context.namespace, facts);
  if (exempt) return exempt;
  if (gk.violations.some((v) => !v.blocks)) {
    const notDeny = find((f) => f.code === "enforcement-not-deny");
    if (notDeny) return notDeny;
  }
  const here = facts.findings.filter((f) => findingAppliesTo(f, context.namespace));
  const anyAmbiguity = here.find((f) => f.code === "mutation-ambiguity");
  // PSP chose a PSP whose own defaults made the pod invalid (API validation refused it after PSP); the
  // group's mutators do not write that PSP's defaults, so the pod stays as sent — one that PSP allows.
  if (engine.rejectedBy === "api-validation") {
    const named = ambiguityFor(engine, here);
    if (named) return named;
  }
  // Another PSP's defaults, written for the whole group, made the pod one that PSP itself admits as
  // stored: nothing gets in that PSP keeps out, only the decision on the pod as sent differs.
  if (anyAmbiguity && context.admitStored) {
    const stored = context.admitStored(gk.pod);
    if (stored.allowed && Object.keys(stored.mutations ?? {}).length === 0) return anyAmbiguity;
  }
  // The converter's own warning that unauthenticated requests are not told apart from authenticated ones.
  const unauthenticated =
    context.requesterGroups !== undefined && !context.requesterGroups.includes("system:authenticated");
  const anonymous = unauthenticated ? here.find((f) => f.code === "authenticated-grant-only") : undefined;
  if (anonymous) return anonymous;
  // Otherwise only an error about this namespace: the converter said its output is looser here.
  return here.find((f) => f.level === "error");
}

function explainStricter(
  engine: AdmissionResult,
  gk: GatekeeperOutcome,
  namespace: string,
  facts: ConversionFacts,
): Finding | undefined {
  const here = facts.findings.filter((f) => findingAppliesTo(f, namespace));
  if (gk.deniedBy === "immutable-spec") {
    return here.find((f) => f.code === MUTATION_NOT_ON_UPDATE && f.level === "warning");
  }
  const ambiguity = ambiguityFor(engine, here);
  if (gk.deniedBy === "core-validation" || gk.deniedBy === "mutation-failure") return ambiguity;
  const blocking = gk.violations.filter((v) => v.blocks);
  const concerns = blocking.map((v) => facts.constraintConcerns.get(v.constraint));
  // mutation-not-on-update is about UPDATE: it explains no refusal of a CREATE.
  const concernFindings = here.filter(
    (f) => f.level !== "info" && f.concern !== undefined && f.code !== MUTATION_NOT_ON_UPDATE,
  );
  const perFieldForced = here.find((f) => f.code === "per-field-not-exact");
  if (!concerns.includes(POLICY_SET)) {
    // Per-field: the concern's own approximation, else defaults that were not (or differently) written,
    // else the forced per-field style.
    return concernFindings.find((f) => concerns.includes(f.concern)) ?? ambiguity ?? perFieldForced;
  }
  // A policy set composes every concern's checks of each PSP: an approximation of a concern of the PSP that
  // admitted the pod under PSP, or another PSP's defaults written for the whole group, can make it refuse.
  const chosen = engine.psp ?? "";
  return (
    concernFindings.find((f) => (f.psps ?? []).includes(chosen)) ??
    ambiguity ??
    here.find((f) => GROUP_STRICTER.includes(f.code) && f.code !== "mutation-ambiguity")
  );
}

/** The group's `mutation-ambiguity`, when it names the PSP that admitted the pod under PSP. */
function ambiguityFor(engine: AdmissionResult, here: readonly Finding[]): Finding | undefined {
  const chosen = engine.psp;
  if (!chosen) return undefined;
  return here.find((f) => f.code === "mutation-ambiguity" && (f.psps ?? []).includes(chosen));
}

const decision = (allowed: boolean, reason: string) =>
  `${allowed ? "admits" : "denies"}${reason ? ` (${reason})` : ""}`;

export interface ClassifyContext {
  operation: "create" | "update";
  namespace: string;
  /**
   * The PSP engine on the pod Gatekeeper stored, as the same requester creates it: tells a pod that
   * another PSP's defaults made compliant (PSP admits it as stored) from a pod let in looser.
   */
  admitStored?: (pod: GatekeeperOutcome["pod"]) => AdmissionResult;
  /** The requester's groups, when known. */
  requesterGroups?: readonly string[];
}

export function classify(
  engine: AdmissionResult,
  gk: GatekeeperOutcome,
  context: ClassifyContext,
  facts: ConversionFacts,
): Classification {
  if (gk.allowed !== engine.allowed) {
    const description = `Gatekeeper ${decision(gk.allowed, gk.reasons.join("; "))}, PSP ${decision(engine.allowed, engine.message ?? "")}`;
    const explainedBy = gk.allowed
      ? explainLooser(engine, gk, context, facts)
      : explainStricter(engine, gk, context.namespace, facts);
    return {
      kind: gk.allowed ? "security-regression" : "availability-regression",
      differences: [{ description, ...(explainedBy ? { explainedBy } : {}) }],
    };
  }
  if (!gk.allowed || context.operation !== "create") return { kind: "agree", differences: [] };
  const exempt = exemptNamespace(gk, context.namespace, facts);
  const here = facts.findings.filter((f) => findingAppliesTo(f, context.namespace));
  const ambiguity = ambiguityFor(engine, here);
  const differences: Difference[] = diffViews(effectiveView(engine.pod), effectiveView(gk.pod)).map((line) => {
    const concern = concernOfField(line.slice(0, line.indexOf(":")));
    const explainedBy =
      exempt ??
      // PSP admitted the pod with another PSP than the one whose defaults were written: that is the cause,
      // before any approximation of the field's concern.
      ambiguity ??
      here.find((f) => f.concern === concern && f.code !== MUTATION_NOT_ON_UPDATE) ??
      here.find((f) => f.code === "per-field-not-exact");
    return { description: line, ...(explainedBy ? { explainedBy } : {}) };
  });
  return { kind: differences.length > 0 ? "mutation-difference" : "agree", differences };
}
