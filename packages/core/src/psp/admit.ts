/**
 * The reference PSP admission engine: Kubernetes' PodSecurityPolicy admission plugin (≤ v1.24,
 * plugin/pkg/admission/security/podsecuritypolicy/admission.go) as a pure function.
 * See ./README.md for the algorithm and psp-semantics.md §1–§3 for the behaviour it reproduces.
 *
 * `admit` keeps no state between calls; the only cache (sorted PSPs + inert reasons, selection.ts)
 * is keyed weakly by the caller's PSP list.
 */
import type { Pod } from "../model/k8s-types.js";
import type { AdmissionRequest, AdmissionResult, PolicyContext, PolicyOutcome } from "./admission-types.js";
import { isAuthorizedForPolicy, requestIdentities } from "./authorization.js";
import { invalidPodMessage, validateCorePod } from "./core-validation.js";
import type { FieldError } from "./field-error.js";
import { isOnlyGcFieldChange } from "./gc-only.js";
import { NO_PROVIDERS_MESSAGE, rejectionMessage } from "./messages.js";
import { diffPods } from "./pod-diff.js";
import { applyPolicy } from "./provider.js";
import { evaluationOrder } from "./selection.js";

/** The annotation admission writes with the chosen PSP on create and reads as a hint on update. */
export const VALIDATED_PSP_ANNOTATION = "kubernetes.io/psp";

/** Request namespace: explicit, else the pod's, else `default` (as kubectl would send it). */
export function requestNamespace(pod: Pod, request: AdmissionRequest): string {
  return request.namespace ?? pod.metadata.namespace ?? "default";
}

export function admit(pod: Pod, request: AdmissionRequest, policies: PolicyContext): AdmissionResult {
  if (request.operation === "update" && isOnlyGcFieldChange(pod, request.oldPod)) {
    return {
      allowed: true,
      psp: null,
      pod,
      mutations: {},
      errors: {},
      notEvaluated: "update changes only metadata.ownerReferences/metadata.finalizers (or nothing)",
      trace: [],
      ...coreValidation(pod),
    };
  }
  const decision = computeSecurityContext(pod, request, policies);
  if (decision.kind === "no-providers") {
    return {
      allowed: false,
      psp: null,
      pod,
      mutations: {},
      errors: {},
      message: NO_PROVIDERS_MESSAGE,
      trace: decision.trace,
      rejectedBy: "psp-admission",
    };
  }
  if (decision.kind === "rejected") {
    return {
      allowed: false,
      psp: null,
      pod,
      mutations: {},
      errors: decision.errors,
      message: rejectionMessage(request.operation, decision.list),
      trace: decision.trace,
      rejectedBy: "psp-admission",
    };
  }
  // Admitted by PSP. On create the chosen copy (with PSP's defaults) becomes the pod and is annotated;
  // on update nothing is written (the chosen copy equals the input).
  const mutations = request.operation === "create" ? diffPods(pod, decision.pod) : {};
  const result: Pod =
    request.operation === "create"
      ? {
          ...decision.pod,
          metadata: {
            ...decision.pod.metadata,
            annotations: { ...decision.pod.metadata.annotations, [VALIDATED_PSP_ANNOTATION]: decision.psp },
          },
        }
      : pod;
  return {
    allowed: true,
    psp: decision.psp,
    pod: result,
    mutations,
    errors: {},
    trace: decision.trace,
    ...coreValidation(result),
  };
}

/** Core pod validation after PSP admitted the pod; turns the result into a rejection when it fails. */
function coreValidation(
  pod: Pod,
): Pick<AdmissionResult, "apiValidation"> & Partial<Pick<AdmissionResult, "allowed" | "message" | "rejectedBy">> {
  const errors = validateCorePod(pod);
  if (errors.length === 0) return { apiValidation: { errors } };
  const message = invalidPodMessage(pod, errors);
  return { apiValidation: { errors, message }, allowed: false, message, rejectedBy: "api-validation" };
}

type Decision =
  | { kind: "admitted"; psp: string; pod: Pod; trace: PolicyOutcome[] }
  | { kind: "rejected"; errors: Record<string, FieldError[]>; list: FieldError[]; trace: PolicyOutcome[] }
  | { kind: "no-providers"; trace: PolicyOutcome[] };

/**
 * admission.go computeSecurityContext: try every usable PSP in order on a deep copy; the first
 * authorized one that validates without changing the pod wins at once; otherwise the first
 * authorized one that validates after defaulting (create only).
 */
function computeSecurityContext(pod: Pod, request: AdmissionRequest, policies: PolicyContext): Decision {
  const mutationAllowed = request.operation === "create";
  const namespace = requestNamespace(pod, request);
  const identities = requestIdentities(pod, namespace, request.user);
  const authorized = (psp: string) => isAuthorizedForPolicy(policies.authorizer, identities, psp, namespace);
  const hint = mutationAllowed ? undefined : pod.metadata.annotations?.[VALIDATED_PSP_ANNOTATION];

  const trace: PolicyOutcome[] = [];
  const failed: PolicyOutcome[] = [];
  let providers = 0;
  let firstMutating: { psp: string; pod: Pod } | undefined;

  for (const { psp, name, inert } of evaluationOrder(policies.psps, hint)) {
    if (inert) {
      trace.push({ psp: name, inert, valid: false, mutated: false, errors: [] });
      continue;
    }
    providers++;
    const outcome = applyPolicy(pod, psp);
    const entry: PolicyOutcome = {
      psp: name,
      valid: outcome.errors.length === 0,
      mutated: outcome.mutated,
      errors: outcome.errors,
    };
    trace.push(entry);
    if (!entry.valid) {
      failed.push(entry);
      continue;
    }
    // A PSP that would need to change the pod is skipped silently when mutation is not allowed,
    // before authorization is asked.
    if (entry.mutated && !mutationAllowed) continue;
    entry.authorized = authorized(name);
    if (!entry.authorized) continue;
    if (!entry.mutated) return { kind: "admitted", psp: name, pod: outcome.pod, trace };
    firstMutating ??= { psp: name, pod: outcome.pod };
  }

  if (providers === 0) return { kind: "no-providers", trace };
  if (firstMutating) return { kind: "admitted", psp: firstMutating.psp, pod: firstMutating.pod, trace };

  // Rejected: only PSPs the SA or user may use contribute their errors.
  // Kubernetes walks a map here (random order); we keep evaluation order so messages are stable.
  const errors: Record<string, FieldError[]> = {};
  const list: FieldError[] = [];
  for (const entry of failed) {
    entry.authorized = authorized(entry.psp);
    if (!entry.authorized) continue;
    errors[entry.psp] = entry.errors;
    list.push(...entry.errors);
  }
  return { kind: "rejected", errors, list, trace };
}
