/**
 * One pod through a conversion, compared with the PSP engine: the shared core of the whole-PSP harness
 * (single-psp-cases.test.ts) and the whole-PSP fuzz (single-psp-fuzz.test.ts).
 *
 * Gatekeeper side, in the API server's order: the mutating webhook (the conversion's mutators); on
 * CREATE the registry's PrepareForCreate, of which only the seccomp field ↔ annotation copy matters
 * here (psp-semantics.md §0); core pod validation (`psp/core-validation.ts`); the validating webhook
 * (the constraints); and on UPDATE the refusal of a changed (immutable) pod spec. A difference from the engine is *accepted* only when the conversion reports
 * it with a finding of the concern at fault: stricter than PSP — a warning/error of a concern whose
 * constraint refused the pod; looser — an error-level finding; different effective values (after an
 * admitted CREATE) — a finding of the field's concern; an UPDATE refused for a mutated spec — a
 * `mutation-not-on-update` warning. Anything else is *unexplained*.
 */

import { annotationForField } from "../../src/concerns/seccomp/profiles.js";
import type { ConversionResult } from "../../src/convert/convert.js";
import { GatekeeperSimulator } from "../../src/gatekeeper/index.js";
import type { Finding } from "../../src/model/findings.js";
import type { Pod, PodSecurityPolicy, SeccompProfile } from "../../src/model/k8s-types.js";
import type { AdmissionResult } from "../../src/psp/admission-types.js";
import { admit } from "../../src/psp/admit.js";
import { validateCorePod } from "../../src/psp/core-validation.js";
import { deepCopy, semanticEqual } from "../../src/psp/plain-data.js";
import { allowAllContext } from "../../src/psp/policy-context.js";
import { diffViews, effectiveView } from "../../src/verify/effective-view.js";

export const REQUESTER = { username: "case-requester", groups: ["system:authenticated"] };

/** Which concern owns a field of the effective view (verify/effective-view.ts). */
const FIELD_CONCERN: Record<string, string> = {
  runAsUser: "run-as-user",
  runAsNonRoot: "run-as-user",
  runAsGroup: "run-as-group",
  seLinuxOptions: "selinux",
  seccompProfile: "seccomp",
  appArmorProfile: "apparmor",
  privileged: "privileged",
  allowPrivilegeEscalation: "privilege-escalation",
  readOnlyRootFilesystem: "read-only-root-filesystem",
  procMount: "proc-mount",
  capabilitiesAdd: "capabilities",
  capabilitiesDrop: "capabilities",
  hostPorts: "host-network-and-ports",
  hostNetwork: "host-network-and-ports",
  hostPID: "host-namespaces",
  hostIPC: "host-namespaces",
  fsGroup: "fs-group",
  supplementalGroups: "supplemental-groups",
  runtimeClassName: "runtime-class",
  sysctls: "sysctls",
};

/** `containers[0].runAsUser: 1 ≠ 2` → run-as-user. */
function concernOfDiff(line: string): string | undefined {
  const path = line.slice(0, line.indexOf(":"));
  const field = path.split(".").pop() ?? "";
  return FIELD_CONCERN[field];
}

const POD_SECCOMP = "seccomp.security.alpha.kubernetes.io/pod";
const CONTAINER_SECCOMP = "container.seccomp.security.alpha.kubernetes.io/";

function fieldForAnnotation(value: string): SeccompProfile | undefined {
  if (value === "runtime/default" || value === "docker/default") return { type: "RuntimeDefault" };
  if (value === "unconfined") return { type: "Unconfined" };
  if (value.startsWith("localhost/")) return { type: "Localhost", localhostProfile: value.slice("localhost/".length) };
  return undefined;
}

/**
 * The registry's PrepareForCreate (pkg/registry/core/pod/strategy.go, applySeccompVersionSkew, v1.19+):
 * a seccomp field without its annotation gets the annotation, an annotation without its field gets
 * the field — for the pod and for each init/regular container. Runs after all mutating admission,
 * before validation and the validating webhooks.
 */
export function prepareForCreate(podIn: Pod): Pod {
  const pod = deepCopy(podIn);
  const annotations = { ...(pod.metadata.annotations ?? {}) };
  const sync = (key: string, get: () => SeccompProfile | undefined, set: (f: SeccompProfile) => void) => {
    const field = get();
    if (field && annotations[key] === undefined) {
      const value = annotationForField(field);
      if (value !== "") annotations[key] = value;
    } else if (!field && annotations[key] !== undefined) {
      const derived = fieldForAnnotation(annotations[key] as string);
      if (derived) set(derived);
    }
  };
  sync(
    POD_SECCOMP,
    () => pod.spec.securityContext?.seccompProfile ?? undefined,
    (f) => {
      pod.spec.securityContext = { ...(pod.spec.securityContext ?? {}), seccompProfile: f };
    },
  );
  for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])]) {
    sync(
      `${CONTAINER_SECCOMP}${c.name}`,
      () => c.securityContext?.seccompProfile ?? undefined,
      (f) => {
        c.securityContext = { ...(c.securityContext ?? {}), seccompProfile: f };
      },
    );
  }
  if (Object.keys(annotations).length > 0) pod.metadata.annotations = annotations;
  return pod;
}

export interface Comparison {
  engine: AdmissionResult;
  gkAllowed: boolean;
  /** The pod as the API server would store it after Gatekeeper. */
  mutated: Pod;
  accepted: string[];
  unexplained: string[];
  sims: Simulators;
}

/** The mutating and the validating webhook, apart, so PrepareForCreate can run between them; and both. */
export interface Simulators {
  mutating: GatekeeperSimulator;
  validating: GatekeeperSimulator;
  both: GatekeeperSimulator;
}

export function simulatorOf(result: ConversionResult): Simulators {
  return {
    mutating: new GatekeeperSimulator({ templates: [], constraints: [], mutators: result.mutators }),
    validating: new GatekeeperSimulator({ templates: result.templates, constraints: result.constraints }),
    both: new GatekeeperSimulator({
      templates: result.templates,
      constraints: result.constraints,
      mutators: result.mutators,
    }),
  };
}

export function compare(
  result: ConversionResult,
  psp: PodSecurityPolicy,
  podIn: Pod,
  operation: "create" | "update",
  oldPodIn?: Pod,
  sims: Simulators = simulatorOf(result),
): Comparison {
  const pod = deepCopy(podIn);
  const oldPod = oldPodIn ? deepCopy(oldPodIn) : undefined;
  const engine = admit(
    pod,
    { operation, user: { user: REQUESTER.username, groups: REQUESTER.groups }, ...(oldPod ? { oldPod } : {}) },
    allowAllContext([psp]),
  );
  const request = {
    operation: operation === "create" ? ("CREATE" as const) : ("UPDATE" as const),
    userInfo: REQUESTER,
    ...(oldPodIn ? { oldPod: deepCopy(oldPodIn) } : {}),
  };
  const mutation = sims.mutating.reviewPod(deepCopy(podIn), request);
  const prepared =
    operation === "create"
      ? prepareForCreate(mutation.mutatedPod as unknown as Pod)
      : (mutation.mutatedPod as unknown as Pod);
  const review = sims.validating.reviewPod(deepCopy(prepared), request);
  const mutated = review.mutatedPod as unknown as Pod;
  const constraintConcern = new Map(
    result.constraints.map((k) => [
      `${String(k.kind)}/${String((k.metadata as { name: string }).name)}`,
      (k.metadata as { annotations: Record<string, string> }).annotations["psp2gk.io/concern"],
    ]),
  );
  let gkAllowed = review.allowed;
  let why = review.violations.flatMap((v) => v.messages).join("; ");
  if (gkAllowed && validateCorePod(mutated).length > 0) {
    gkAllowed = false; // the API server's validation after all mutating admission
    why = "core pod validation";
  }
  if (gkAllowed && operation === "update" && !semanticEqual(podIn.spec, mutated.spec)) {
    gkAllowed = false; // pod spec is immutable: the API server refuses the mutated update
    why = "mutation of the immutable pod spec on update";
  }

  const accepted: string[] = [];
  const unexplained: string[] = [];
  const accept = (problem: string, finding: Finding | undefined) => {
    if (finding) accepted.push(`${problem} — [${finding.code}] (${finding.concern ?? "convert"})`);
    else unexplained.push(problem);
  };
  const find = (p: (f: Finding) => boolean) => result.findings.find(p);
  if (gkAllowed !== engine.allowed) {
    const problem = `Gatekeeper ${gkAllowed ? "allows" : "denies"} (${why}), PSP ${engine.allowed ? "allows" : "denies"} (${engine.message ?? ""})`;
    if (gkAllowed) {
      accept(
        problem,
        find((f) => f.level === "error"),
      );
    } else if (why.startsWith("mutation of the immutable pod spec")) {
      accept(
        problem,
        find((f) => f.code === "mutation-not-on-update" && f.level === "warning"),
      );
    } else {
      const concerns = review.violations.map((v) => constraintConcern.get(v.constraint));
      accept(
        problem,
        find((f) => f.level !== "info" && f.concern !== undefined && concerns.includes(f.concern)),
      );
    }
  }
  if (gkAllowed && engine.allowed && operation === "create") {
    for (const line of diffViews(effectiveView(engine.pod), effectiveView(mutated))) {
      const concern = concernOfDiff(line);
      // (Not the UPDATE finding: this is a CREATE.)
      accept(
        line,
        find((f) => f.concern === concern && f.code !== "mutation-not-on-update"),
      );
    }
  }
  return { engine, gkAllowed, mutated, accepted, unexplained, sims };
}

/**
 * After an admitted CREATE: an UPDATE (a label change) of the pod as Gatekeeper stored it. PSP validates
 * it unchanged; Gatekeeper must admit it and mutate nothing. Returns the problems (empty = fine).
 */
export function updateOfStored(c: Comparison, psp: PodSecurityPolicy): string[] {
  const stored = deepCopy(c.mutated);
  const updated = deepCopy(stored);
  updated.metadata.labels = { ...updated.metadata.labels, "psp2gk.io/updated": "yes" };
  const again = admit(
    updated,
    { operation: "update", user: { user: REQUESTER.username, groups: REQUESTER.groups }, oldPod: stored },
    allowAllContext([psp]),
  );
  const gk = c.sims.both.reviewPod(deepCopy(updated), { operation: "UPDATE", userInfo: REQUESTER, oldPod: stored });
  const problems: string[] = [];
  if (gk.mutations.length > 0)
    problems.push(`Gatekeeper mutates the stored pod on update: ${JSON.stringify(gk.mutations)}`);
  if (!gk.allowed) problems.push(`Gatekeeper refuses the update: ${JSON.stringify(gk.violations)}`);
  if (!again.allowed) problems.push(`PSP refuses the pod Gatekeeper stored: ${again.message}`);
  return problems;
}

/**
 * Migration: a pod PSP admitted and stored (with PSP's defaults, before Gatekeeper), updated (a label)
 * once the converted policies are installed. PSP would validate it unchanged; any difference from
 * Gatekeeper (typically a mutator writing a default at another place, which the API server refuses on
 * an immutable spec) must be reported. Returns the unexplained differences.
 */
export function updateOfPspCreated(
  result: ConversionResult,
  psp: PodSecurityPolicy,
  c: Comparison,
  sims: Simulators,
): string[] {
  const stored = prepareForCreate(c.engine.pod);
  const updated = deepCopy(stored);
  updated.metadata.labels = { ...updated.metadata.labels, "psp2gk.io/updated": "yes" };
  return compare(result, psp, updated, "update", stored, sims).unexplained;
}
