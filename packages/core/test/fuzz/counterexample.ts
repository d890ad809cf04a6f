/**
 * A failing fuzz input → one psp-cases/v1 case, ready to paste into `test/cases/own/`: the cluster's
 * PSPs, `authorization: {mode: rbac, requestingUser, objects}`, the pod exactly as PSP saw it (after the
 * ServiceAccount admission plugin, so the case harnesses need no injection) and `expected` from our PSP
 * engine. The pod is first shrunk (oracle/minimise.ts) while the disagreement keeps its signature.
 */
import { stringify } from "yaml";
import type { ConversionResult } from "../../src/convert/convert.js";
import { bundleFromObjects } from "../../src/load/index.js";
import type { Bundle } from "../../src/model/bundle.js";
import { findingAppliesTo } from "../../src/model/findings.js";
import type { Pod } from "../../src/model/k8s-types.js";
import type { AdmissionResult } from "../../src/psp/admission-types.js";
import { admit } from "../../src/psp/admit.js";
import { formatFieldError } from "../../src/psp/field-error.js";
import { resolveRbac } from "../../src/rbac/resolve.js";
import { type PodVerdict, serviceAccountAdmission, verifyPods } from "../../src/verify/index.js";
import { minimisePod } from "../oracle/minimise.js";
import { type Cluster, clusterObjects, type FuzzOptions } from "./cluster-arbitrary.js";

type Obj = Record<string, unknown>;

const ALLOWED_LOOSER = new Set(["exempt-namespace", "enforcement-not-deny"]);

/** What `violations` looks at: a pod verdict, or a case replay shaped like one. */
export type VerdictLike = Pick<PodVerdict, "kind" | "differences" | "namespace"> &
  Partial<Pick<PodVerdict, "workload">> & { psp: { message?: string } };

/**
 * The two looser decisions verify explains with the group's mutation-ambiguity (a warning), checked
 * here independently: PSP refused the pod only because core validation rejected what its chosen PSP's
 * own defaults made of it (the pod as sent, undefaulted, is what Gatekeeper stores); or the PSP engine
 * admits unchanged the pod Gatekeeper stored (another PSP's defaults made it compliant). Nothing gets
 * in that PSP keeps out; only the decision on the pod as sent differs.
 */
function benignLooser(p: VerdictLike, storedAdmittedUnchanged: () => boolean): boolean {
  if (p.differences[0]?.explainedBy?.code !== "mutation-ambiguity") return false;
  return /^Pod "[^"]*" is invalid: /.test(p.psp.message ?? "") || storedAdmittedUnchanged();
}

/**
 * What the property forbids in one verdict: (a) a security regression not explained by an error-level
 * finding about the pod's namespace, by an option (exempt namespace, a non-deny enforcement action),
 * or as one of the benign cases above (checked with `storedAdmittedUnchanged`: does the PSP engine admit
 * unchanged the pod Gatekeeper stored?); (b) any difference without an explaining finding (on CREATE,
 * `mutation-not-on-update` explains nothing). Empty = the verdict is fine.
 */
export function violations(p: VerdictLike, storedAdmittedUnchanged: () => boolean = () => false): string[] {
  const out: string[] = [];
  if (p.kind === "security-regression") {
    const by = p.differences[0]?.explainedBy;
    // Stricter than classify: an error finding explains a looser decision only where it applies (classify
    // takes any error finding, e.g. an uncovered namespace elsewhere).
    const error = by?.level === "error" && findingAppliesTo(by, p.namespace);
    if (by && !(error || ALLOWED_LOOSER.has(by.code) || benignLooser(p, storedAdmittedUnchanged))) {
      out.push(
        `security regression explained only by ${by.level} ${by.code}${by.level === "error" ? " about other namespaces" : ""}`,
      );
    }
    if (!by) out.push("security regression");
  }
  for (const d of p.differences) {
    if (!d.explainedBy) out.push(`unexplained ${p.kind}: ${d.description}`);
    // Every pod here is a CREATE: a finding about UPDATE predicts nothing (classify takes any warning of
    // the refusing constraint's concern for a refusal, this one included).
    else if (d.explainedBy.code === "mutation-not-on-update" && p.kind !== "security-regression")
      out.push(`${p.kind} explained only by mutation-not-on-update (about UPDATE): ${d.description}`);
  }
  // A workload reviewed up front (ExpansionTemplates): refusing one whose pods PSP admits needs a reason,
  // the pod's finding or the cause verify names (admitting one whose pods are refused later is harmless).
  const w = p.workload;
  if (w?.kind === "availability-regression" && !w.cause) {
    for (const d of w.differences) if (!d.explainedBy) out.push(`unexplained workload refusal: ${d.description}`);
  }
  return out;
}

/** A stable shape of a verdict's problem (for shrinking: the same bug, not any bug). */
export function signature(p: PodVerdict | undefined): string | undefined {
  if (!p) return undefined;
  const v = violations(p);
  if (v.length === 0) return undefined;
  return `${p.kind}|${p.psp.allowed}|${p.gatekeeper.allowed}|${v.map((x) => x.split(":")[0]).join(",")}`;
}

/**
 * Shrinking drops any field; keep only pods the API server would take as written (every volume has a
 * source, every port its containerPort, every mount a volume), so the case shows a PSP decision.
 */
export function wellFormed(pod: Pod): boolean {
  const volumes = pod.spec.volumes ?? [];
  const names = new Set(volumes.map((v) => v.name));
  if (volumes.some((v) => Object.keys(v).filter((k) => k !== "name").length !== 1)) return false;
  const projected = volumes.map((v) => v.projected as { sources?: unknown[] } | undefined).filter((p) => p);
  if (projected.some((p) => !p?.sources || p.sources.length === 0)) return false;
  for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])]) {
    if ((c.ports ?? []).some((p) => p.containerPort === undefined)) return false;
    if ((c.volumeMounts ?? []).some((m) => !names.has(m.name))) return false;
  }
  return true;
}

/** One pod through `verifyPods` with the given conversion. */
export function verifyOnePod(
  bundle: Bundle,
  converted: ConversionResult,
  pod: Pod,
  as: Cluster["requester"],
): PodVerdict | undefined {
  const loaded = [{ object: pod, source: { file: "<fuzz>", line: 1, col: 1 } }];
  const r = verifyPods(bundle, { converted, extra: { pods: loaded, workloads: [] }, as });
  return r.pods[0];
}

function expectedOf(engine: AdmissionResult): Obj {
  if (engine.allowed) return { allowed: true, psp: engine.psp, mutations: engine.mutations };
  if (engine.rejectedBy === "api-validation") {
    return { allowed: false, psp: engine.psp, mutations: engine.mutations, rejectedBy: "api-validation" };
  }
  const fragments = [...new Set(Object.values(engine.errors).flat().map(formatFieldError))].sort();
  return { allowed: false, psp: null, errorContains: fragments.length > 0 ? fragments : [engine.message ?? ""] };
}

export interface Counterexample {
  case: Obj;
  yaml: string;
}

/** The case for `pod` (as generated) in `cluster`; `why` is what the property saw. */
export async function counterexampleCase(
  cluster: Cluster,
  converted: ConversionResult,
  podIn: Pod,
  seed: number,
  why: string,
  options: FuzzOptions,
): Promise<Counterexample> {
  const bundle = bundleFromObjects(clusterObjects(cluster));
  const target = signature(verifyOnePod(bundle, converted, podIn, cluster.requester));
  const { pod } = target
    ? await minimisePod(
        podIn,
        async (p) => (wellFormed(p) ? signature(verifyOnePod(bundle, converted, p, cluster.requester)) : undefined),
        200,
      )
    : { pod: podIn };
  const verdict = verifyOnePod(bundle, converted, pod, cluster.requester);
  // Owned pods are sent by their controller (verifyPods' requesterOf), bare pods by the cluster's requester.
  const requester = verdict ? { user: verdict.requester.user, groups: verdict.requester.groups } : cluster.requester;
  // The pod as PSP and Gatekeeper saw it: verifyPods runs the ServiceAccount admission plugin first.
  const namespace = pod.metadata.namespace ?? "default";
  const sent = serviceAccountAdmission({ ...pod, metadata: { ...pod.metadata, namespace } }, undefined).pod;
  const engine = admit(
    structuredClone(sent),
    { operation: "create", namespace, user: requester },
    { psps: bundle.psps.map((p) => p.object), authorizer: resolveRbac(bundle).authorizer },
  );
  const { apiVersion: _a, kind: _k, ...podFields } = sent;
  const gk = verdict
    ? `Gatekeeper ${verdict.gatekeeper.allowed ? "admits" : "denies"}${verdict.gatekeeper.reasons.length ? ` (${verdict.gatekeeper.reasons.join("; ")})` : ""}; ${violations(verdict).join("; ")}`
    : why;
  const defaults = options.style === "auto" && options.mutation === "auto" && !options.workloads;
  const c: Obj = {
    name: `fuzz/cluster-seed-${seed}`,
    covers: ["rbac", "whole-cluster-conversion"],
    source: `psp2gk cluster fuzz (packages/core/test/fuzz/cluster-fuzz.test.ts, PSP2GK_FUZZ_SEED=${seed})`,
    note: `Expected is our PSP engine's decision. The conversion${defaults ? "" : ` (--style ${options.style} --mutation ${options.mutation}${options.workloads ? " --workloads" : ""})`} disagreed: ${gk}`,
    // Not part of psp-cases/v1: read by case-replay.ts only (other harnesses ignore it).
    ...(defaults ? {} : { convertOptions: options }),
    operation: "create",
    psps: cluster.psps,
    authorization: {
      mode: "rbac",
      requestingUser: { name: requester.user, groups: requester.groups },
      objects: cluster.rbac,
    },
    pod: podFields,
    expected: expectedOf(engine),
  };
  return { case: c, yaml: stringify([c], { lineWidth: 120, aliasDuplicateObjects: false }) };
}
