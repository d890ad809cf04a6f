/**
 * `verifyPods`: every pod and workload of the input through the PSP engine (the truth) and through the
 * converted policies, request by request as the API server would see them, and every disagreement
 * classified (`classify.ts`) with the finding that predicted it.
 *
 * Per pod (a workload stands for the pod its controller creates, `workloads.ts`):
 * 1. the ServiceAccount admission plugin's additions (`api-server.ts`), seen by both sides;
 * 2. the requester (`requester.ts`): the controller for owned pods, `as` for bare pods;
 * 3. PSP: `admit` (CREATE) with the cluster's PSPs and RBAC;
 * 4. Gatekeeper: `replayGatekeeper` (mutators, PrepareForCreate, core validation, constraints);
 * 5. for a pod carrying `kubernetes.io/psp`: is that PSP still the one chosen, and did the pod rely on
 *    its defaults (the owner's pod template against the stored pod, as pspmigrator compares them)?
 *    When only a requester's own grant reaches that PSP, the pod was likely created by such a
 *    requester: the check names who (replay with `--as`);
 * 6. for a workload, when the policies carry ExpansionTemplates: the workload itself through
 *    Gatekeeper's expansion (`workload-review.ts`), rejected iff PSP denies its pod.
 *
 * Pure and deterministic: pods are processed and listed sorted by kind, namespace, name.
 */
import { type ConversionResult, type ConvertOptions, convert } from "../convert/convert.js";
import type { GatekeeperSimulator } from "../gatekeeper/index.js";
import type { Bundle, Loaded } from "../model/bundle.js";
import { formatSource } from "../model/diagnostics.js";
import type { Finding } from "../model/findings.js";
import type { Pod, Workload } from "../model/k8s-types.js";
import type { AdmissionResult, PolicyContext } from "../psp/admission-types.js";
import { admit, VALIDATED_PSP_ANNOTATION } from "../psp/admit.js";
import { serviceAccountIdentity } from "../psp/authorizer.js";
import { deepCopy, semanticEqual } from "../psp/plain-data.js";
import { type RbacModel, resolveRbac } from "../rbac/resolve.js";
import type { Grant } from "../rbac/types.js";
import { serviceAccountAdmission } from "./api-server.js";
import {
  type Classification,
  type ConversionFacts,
  classify,
  constraintConcernsOf,
  type Difference,
  type DisagreementKind,
} from "./classify.js";
import { diffViews, effectiveView } from "./effective-view.js";
import { type GatekeeperPolicySet, replayGatekeeper, type Simulators, simulatorsOf } from "./replay.js";
import { controllerOwner, type Requester, requesterOf, workloadRequesterOf } from "./requester.js";
import {
  type ExpansionMatcher,
  expansionMatcher,
  reviewWorkloadAdmission,
  type WorkloadVerdict,
} from "./workload-review.js";
import { podFromWorkload, podTemplateOf } from "./workloads.js";

/** Converted policies given by the caller (e.g. read back with `readConvertedOutput`). */
export interface ConvertedPolicies extends GatekeeperPolicySet {
  /** The conversion's findings, to explain differences. */
  findings: readonly Finding[];
  /** Said about the policies when they were read (`readConvertedOutput`); copied into the result. */
  notes?: readonly string[];
}

export interface VerifyOptions {
  /** The policies to verify; default: `convert(cluster, convertOptions)` in memory. */
  converted?: ConvertedPolicies;
  convertOptions?: ConvertOptions;
  /** Pods and workloads besides the cluster's own (`--pods`). */
  extra?: Pick<Bundle, "pods" | "workloads">;
  /**
   * Requester of bare pods without owner, and of workloads, (`--as`, `--as-group`); default
   * `psp2gk-verify`. Pods a user created through a grant of their own must be replayed as that user.
   */
  as?: { user: string; groups: readonly string[] };
  /** Called after each pod with (done, total), for progress on a terminal. */
  onProgress?: (done: number, total: number) => void;
}

export interface PspAnnotationCheck {
  /** The PSP named by `kubernetes.io/psp` (the one that admitted the pod). */
  annotated: string;
  /** The PSP the engine chooses now for the pod as its creator sends it (null: denied). */
  chosenNow: string | null;
  stillChosen: boolean;
  /** What the creator sent: the owner's pod template (`Kind/name`), or the stored pod itself. */
  replayedFrom: string;
  /**
   * Did the pod rely on PSP's defaults: its effective values differ from its owner's pod template
   * (pspmigrator's IsPodBeingMutatedByPSP, on effective values). null when the template is not in the input.
   */
  reliedOnMutation: boolean | null;
  /** The differing effective values (`path: template ≠ stored`). */
  mutationEvidence: string[];
  /**
   * When the annotated PSP is no longer chosen and neither the pod's service account nor the replayed
   * requester may use it, but other subjects may in the pod's namespace (`User/alice`, `Group/admins`,
   * `ServiceAccount/ci/deployer`): the pod was probably created by one of them; replay with `--as`.
   */
  requesterGrants?: string[];
}

export interface PodVerdict {
  /** `Pod/ns/name`, or `Deployment/ns/name` for the pod its controller creates. */
  object: string;
  /** `file:line` of the object. */
  source: string;
  namespace: string;
  serviceAccount: string;
  requester: { user: string; groups: string[]; reason: string };
  psp: { allowed: boolean; psp: string | null; message?: string; mutations: string[] };
  gatekeeper: {
    allowed: boolean;
    reasons: string[];
    /** Mutators that changed the pod (`Kind/name`), in order. */
    mutators: string[];
    /** Non-blocking violations (warn/dryrun), `Kind/name: message`. */
    warnings: string[];
    notes: string[];
  };
  kind: DisagreementKind | "agree";
  differences: Difference[];
  /** Only for pods carrying `kubernetes.io/psp`. */
  pspAnnotation?: PspAnnotationCheck;
  /** Only for workloads, when the policies carry an ExpansionTemplate for their kind. */
  workload?: WorkloadVerdict;
  /** What the ServiceAccount admission plugin added before both sides saw the pod. */
  serviceAccountAdmission: string[];
}

export interface VerifyCounts {
  pods: number;
  agree: number;
  securityRegressions: number;
  availabilityRegressions: number;
  mutationDifferences: number;
  /** Disagreements for which some difference has no explaining finding. */
  unexplained: number;
  /** Pods carrying `kubernetes.io/psp` whose PSP would no longer be chosen / which relied on mutation. */
  pspChanged: number;
  reliedOnMutation: number;
  /** Workloads reviewed themselves through the ExpansionTemplates (only when the policies carry some). */
  workloads?: WorkloadCounts;
}

export interface WorkloadCounts {
  reviewed: number;
  agree: number;
  securityRegressions: number;
  availabilityRegressions: number;
  /** Workload disagreements no finding explains. */
  unexplained: number;
}

export interface VerifyResult {
  /** `nothing-converted`: the conversion was refused, there is nothing to verify against. */
  status: "verified" | "nothing-converted";
  policies: "in-memory" | "converted";
  counts: VerifyCounts;
  /** Every pod, sorted by object reference. */
  pods: PodVerdict[];
  /** With `nothing-converted`: the error findings that refused the conversion. */
  refusal: Finding[];
  notes: string[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const ref = (kind: string, meta: { namespace?: string; name?: string }) =>
  `${kind}/${meta.namespace ?? "default"}/${meta.name ?? "<unnamed>"}`;

interface Subject {
  object: string;
  source: string;
  pod: Pod;
  /** The workload the pod stands for. */
  workload?: Workload;
}

/** True when `child` (a ReplicaSet or Job) is a current copy of an owner's template in the input. */
function duplicatesOwner(child: Workload, workloads: readonly Loaded<Workload>[]): boolean {
  const owner = controllerOwner(child.metadata.ownerReferences);
  if (!owner) return false;
  const match = workloads.find(
    (w) =>
      w.object.kind === owner.kind &&
      w.object.metadata.name === owner.name &&
      (w.object.metadata.namespace ?? "default") === (child.metadata.namespace ?? "default"),
  );
  if (!match) return false;
  const strip = (t: Record<string, unknown>) => {
    // The ReplicaSet's copy carries the pod-template-hash label its Deployment's template lacks.
    const copy = deepCopy(t) as { metadata?: { labels?: Record<string, string> } };
    delete copy.metadata?.labels?.["pod-template-hash"];
    return copy;
  };
  return semanticEqual(strip(podTemplateOf(child)), strip(podTemplateOf(match.object)));
}

function subjectsOf(cluster: Bundle, extra: VerifyOptions["extra"], notes: string[]): Subject[] {
  const pods = [...cluster.pods, ...(extra?.pods ?? [])];
  const workloads = [...cluster.workloads, ...(extra?.workloads ?? [])];
  const subjects: Subject[] = [];
  for (const { object, source } of pods) {
    subjects.push({
      object: ref("Pod", object.metadata),
      source: formatSource(source),
      pod: object,
    });
  }
  let skipped = 0;
  for (const { object, source } of workloads) {
    if (duplicatesOwner(object, workloads)) {
      skipped++;
      continue;
    }
    subjects.push({
      object: ref(object.kind, object.metadata),
      source: formatSource(source),
      pod: podFromWorkload(object),
      workload: object,
    });
  }
  if (skipped > 0) {
    notes.push(`${skipped} ReplicaSet(s)/Job(s) skipped: same pod template as their Deployment/CronJob in the input`);
  }
  subjects.sort((a, b) => cmp(a.object, b.object));
  const unique: Subject[] = [];
  for (const s of subjects) {
    if (unique.at(-1)?.object === s.object) {
      // The same file read twice (a directory given with -f and again with --pods) is not a conflict.
      if (unique.at(-1)?.source === s.source) continue;
      notes.push(`${s.object} is given twice (${unique.at(-1)?.source}, ${s.source}); the first is verified`);
      continue;
    }
    unique.push(s);
  }
  return unique;
}

/** The owner's pod template as a pod (`Kind/name` of the owner), when the owner is in the input. */
function ownerTemplate(pod: Pod, workloads: readonly Loaded<Workload>[]): { from: string; pod: Pod } | undefined {
  const owner = controllerOwner(pod.metadata.ownerReferences);
  if (!owner) return undefined;
  const ns = pod.metadata.namespace ?? "default";
  const inNs = workloads.filter((w) => (w.object.metadata.namespace ?? "default") === ns).map((w) => w.object);
  const hash = pod.metadata.labels?.["pod-template-hash"];
  const found =
    inNs.find((w) => w.kind === owner.kind && w.metadata.name === owner.name) ??
    // Only the Deployment was dumped: its ReplicaSet is `<deployment>-<pod-template-hash>`.
    (owner.kind === "ReplicaSet" && hash
      ? inNs.find((w) => w.kind === "Deployment" && `${w.metadata.name}-${hash}` === owner.name)
      : undefined) ??
    // Only the CronJob was dumped: its Jobs are `<cronjob>-<scheduled minute>`.
    (owner.kind === "Job"
      ? inNs.find(
          (w) =>
            w.kind === "CronJob" &&
            /^\d+$/.test(owner.name.slice(w.metadata.name.length + 1)) &&
            owner.name.startsWith(`${w.metadata.name}-`),
        )
      : undefined);
  if (!found) return undefined;
  const template = podFromWorkload(found);
  template.metadata.name = pod.metadata.name;
  template.metadata.ownerReferences = pod.metadata.ownerReferences;
  return { from: `${found.kind}/${found.metadata.name}`, pod: template };
}

interface Context {
  policies: PolicyContext;
  sims: Simulators;
  facts: ConversionFacts;
  namespaces: readonly unknown[];
  automount: (namespace: string, sa: string) => boolean | undefined;
  workloads: readonly Loaded<Workload>[];
  as: VerifyOptions["as"];
  rbac: RbacModel;
  /** With ExpansionTemplates: the simulator that expands workloads, and which templates apply. */
  expansion?: { sim: GatekeeperSimulator; matcher: ExpansionMatcher };
  /** Workloads no ExpansionTemplate applies to (`Kind/ns/name`), for a note. */
  notExpanded: string[];
}

function admitAsCreated(
  pod: Pod,
  requester: Requester,
  ctx: Context,
): { engine: AdmissionResult; sent: Pod; added: string[] } {
  const namespace = pod.metadata.namespace ?? "default";
  const withNs = deepCopy(pod);
  withNs.metadata.namespace = namespace;
  const sa = withNs.spec.serviceAccountName || withNs.spec.serviceAccount || "default";
  const { pod: sent, added } = serviceAccountAdmission(withNs, ctx.automount(namespace, sa));
  const engine = admit(deepCopy(sent), { operation: "create", namespace, user: requester.identity }, ctx.policies);
  return { engine, sent, added };
}

function verifyOne(subject: Subject, ctx: Context): PodVerdict {
  const requester = requesterOf(subject.pod.metadata.ownerReferences, ctx.as);
  const { engine, sent, added } = admitAsCreated(subject.pod, requester, ctx);
  const namespace = sent.metadata.namespace as string;
  const gk = replayGatekeeper(ctx.sims, sent, {
    operation: "create",
    userInfo: { username: requester.identity.user, groups: [...requester.identity.groups] },
    namespaces: ctx.namespaces,
  });
  const classification: Classification = classify(
    engine,
    gk,
    {
      operation: "create",
      namespace,
      admitStored: (stored) =>
        admit(deepCopy(stored), { operation: "create", namespace, user: requester.identity }, ctx.policies),
      requesterGroups: requester.identity.groups,
    },
    ctx.facts,
  );
  const verdict: PodVerdict = {
    object: subject.object,
    source: subject.source,
    namespace,
    serviceAccount: sent.spec.serviceAccountName as string,
    requester: { user: requester.identity.user, groups: [...requester.identity.groups], reason: requester.reason },
    psp: {
      allowed: engine.allowed,
      psp: engine.psp,
      ...(engine.message ? { message: engine.message } : {}),
      mutations: Object.keys(engine.mutations).sort(),
    },
    gatekeeper: {
      allowed: gk.allowed,
      reasons: gk.reasons,
      mutators: [...new Set(gk.mutations.map((m) => m.mutator))],
      warnings: gk.violations.filter((v) => !v.blocks).flatMap((v) => v.messages.map((m) => `${v.constraint}: ${m}`)),
      notes: gk.notes,
    },
    kind: classification.kind,
    differences: classification.differences,
    serviceAccountAdmission: added,
  };
  const annotated = subject.pod.metadata.annotations?.[VALIDATED_PSP_ANNOTATION];
  if (annotated !== undefined && !subject.workload)
    verdict.pspAnnotation = checkAnnotation(subject.pod, annotated, engine, ctx);
  if (subject.workload && ctx.expansion) {
    const expandedBy = ctx.expansion.matcher(subject.workload);
    if (expandedBy.length === 0) ctx.notExpanded.push(subject.object);
    else {
      verdict.workload = reviewWorkloadAdmission(ctx.expansion.sim, {
        workload: subject.workload,
        expandedBy,
        requester: workloadRequesterOf(subject.workload.metadata.ownerReferences, ctx.as),
        engine,
        pod: verdict,
        namespaces: ctx.namespaces,
        facts: ctx.facts,
      });
    }
  }
  return verdict;
}

const subjectRef = (g: Grant) =>
  g.subject.kind === "ServiceAccount"
    ? `ServiceAccount/${g.subject.namespace ?? ""}/${g.subject.name}`
    : `${g.subject.kind}/${g.subject.name}`;

/**
 * Subjects that may use `psp` for a pod in `namespace` when neither the pod's service account nor
 * the replayed requester may: only a requester with a grant of its own could have used it.
 */
function requesterOnlyGrants(stored: Pod, psp: string, requester: Requester, ctx: Context): string[] {
  const namespace = stored.metadata.namespace ?? "default";
  const sa = stored.spec.serviceAccountName || stored.spec.serviceAccount || "default";
  const { authorizer, psps } = ctx.policies;
  // A PSP that is gone cannot be chosen whoever asks.
  if (!psps.some((p) => p.metadata.name === psp)) return [];
  if (authorizer.canUse(serviceAccountIdentity(namespace, sa), psp, namespace)) return [];
  if (authorizer.canUse(requester.identity, psp, namespace)) return [];
  const inScope = ctx.rbac.grants([psp]).filter((g) => ("cluster" in g.scope ? true : g.scope.namespace === namespace));
  return [...new Set(inScope.map(subjectRef))].sort(cmp);
}

function checkAnnotation(stored: Pod, annotated: string, engine: AdmissionResult, ctx: Context): PspAnnotationCheck {
  const template = ownerTemplate(stored, ctx.workloads);
  const requester = requesterOf(stored.metadata.ownerReferences, ctx.as);
  let check: PspAnnotationCheck;
  if (!template) {
    check = {
      annotated,
      chosenNow: engine.psp,
      stillChosen: engine.psp === annotated,
      replayedFrom: "the stored pod",
      reliedOnMutation: null,
      mutationEvidence: [],
    };
  } else {
    const fromTemplate = admitAsCreated(template.pod, requester, ctx);
    const evidence = diffViews(effectiveView(fromTemplate.sent), effectiveView(stored));
    check = {
      annotated,
      chosenNow: fromTemplate.engine.psp,
      stillChosen: fromTemplate.engine.psp === annotated,
      replayedFrom: template.from,
      reliedOnMutation: evidence.length > 0,
      mutationEvidence: evidence,
    };
  }
  // Controllers and kubelets are known requesters; only a pod replayed as `--as` may have had another.
  if (!check.stillChosen && requester.fromAs) {
    const grants = requesterOnlyGrants(stored, annotated, requester, ctx);
    if (grants.length > 0) check.requesterGrants = grants;
  }
  return check;
}

/** What the user should know about workloads and expansion. */
function expansionNotes(subjects: readonly Subject[], ctx: Context): string[] {
  if (!subjects.some((s) => s.workload)) return [];
  if (!ctx.expansion) {
    return [
      "no ExpansionTemplates (convert --workloads): Gatekeeper admits workloads as PSP did, and checks their pods when the controllers create them",
    ];
  }
  if (ctx.notExpanded.length === 0) return [];
  return [`no ExpansionTemplate applies to ${ctx.notExpanded.join(", ")}: only their pods are checked`];
}

function emptyCounts(): VerifyCounts {
  return {
    pods: 0,
    agree: 0,
    securityRegressions: 0,
    availabilityRegressions: 0,
    mutationDifferences: 0,
    unexplained: 0,
    pspChanged: 0,
    reliedOnMutation: 0,
  };
}

function count(pods: readonly PodVerdict[]): VerifyCounts {
  const c = emptyCounts();
  for (const p of pods) {
    c.pods++;
    if (p.kind === "agree") c.agree++;
    else if (p.kind === "security-regression") c.securityRegressions++;
    else if (p.kind === "availability-regression") c.availabilityRegressions++;
    else c.mutationDifferences++;
    if (p.differences.some((d) => !d.explainedBy)) c.unexplained++;
    if (p.pspAnnotation && !p.pspAnnotation.stillChosen) c.pspChanged++;
    if (p.pspAnnotation?.reliedOnMutation) c.reliedOnMutation++;
  }
  return c;
}

function countWorkloads(pods: readonly PodVerdict[]): WorkloadCounts {
  const c: WorkloadCounts = {
    reviewed: 0,
    agree: 0,
    securityRegressions: 0,
    availabilityRegressions: 0,
    unexplained: 0,
  };
  for (const { workload: w } of pods) {
    if (!w) continue;
    c.reviewed++;
    if (w.kind === "agree") c.agree++;
    else if (w.kind === "security-regression") c.securityRegressions++;
    else c.availabilityRegressions++;
    if (w.differences.some((d) => !d.explainedBy)) c.unexplained++;
  }
  return c;
}

/**
 * Verifies the cluster's pods and workloads (plus `options.extra`) against the converted policies.
 * Throws `GatekeeperInputError` when the given policies are not valid Gatekeeper objects.
 */
export function verifyPods(cluster: Bundle, options: VerifyOptions = {}): VerifyResult {
  const notes: string[] = [];
  let policies: ConvertedPolicies;
  if (options.converted) {
    policies = options.converted;
    notes.push(...(options.converted.notes ?? []));
  } else {
    const result: ConversionResult = convert(cluster, options.convertOptions ?? {});
    if (result.status !== "converted") {
      return {
        status: "nothing-converted",
        policies: "in-memory",
        counts: emptyCounts(),
        pods: [],
        refusal: result.findings.filter((f) => f.level === "error"),
        notes,
      };
    }
    policies = result;
  }
  const rbac = resolveRbac(cluster);
  const serviceAccounts = new Map(
    cluster.serviceAccounts.map(({ object }) => [
      `${object.metadata.namespace ?? "default"}/${object.metadata.name}`,
      object.automountServiceAccountToken,
    ]),
  );
  const ctx: Context = {
    policies: { psps: cluster.psps.map((p) => p.object), authorizer: rbac.authorizer },
    sims: simulatorsOf(policies),
    facts: {
      findings: policies.findings,
      constraintConcerns: constraintConcernsOf(policies.constraints),
    },
    namespaces: cluster.namespaces.map((n) => n.object),
    automount: (ns, sa) => {
      const v = serviceAccounts.get(`${ns}/${sa}`);
      return typeof v === "boolean" ? v : undefined;
    },
    workloads: [...cluster.workloads, ...(options.extra?.workloads ?? [])],
    as: options.as,
    rbac,
    notExpanded: [],
  };
  const expansionTemplates = policies.expansionTemplates ?? [];
  const sims = ctx.sims;
  if (sims.expansion) ctx.expansion = { sim: sims.expansion, matcher: expansionMatcher(expansionTemplates) };
  const subjects = subjectsOf(cluster, options.extra, notes);
  const pods: PodVerdict[] = [];
  for (const subject of subjects) {
    pods.push(verifyOne(subject, ctx));
    options.onProgress?.(pods.length, subjects.length);
  }
  if (subjects.length === 0) notes.push("no Pod or workload in the input: nothing was replayed");
  notes.push(...expansionNotes(subjects, ctx));
  const counts = count(pods);
  if (ctx.expansion) counts.workloads = countWorkloads(pods);
  return {
    status: "verified",
    policies: options.converted ? "converted" : "in-memory",
    counts,
    pods,
    refusal: [],
    notes,
  };
}
