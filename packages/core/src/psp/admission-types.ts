/**
 * The admission engine's request and result: the contract between `psp/admit.ts` and its users
 * (CLI `simulate`/`explain`, the oracle differential, `verify`).
 */
import type { Pod, PodSecurityPolicy } from "../model/k8s-types.js";
import type { Authorizer, Identity } from "./authorizer.js";
import type { FieldError } from "./field-error.js";

export interface AdmissionRequest {
  operation: "create" | "update";
  /** Request namespace; defaults to `pod.metadata.namespace`, then `default`. */
  namespace?: string;
  /** The requesting user (the identity that sent the request). Undefined = no user (only the SA counts). */
  user?: Identity;
  /** The stored pod, for `update`. */
  oldPod?: Pod;
}

/** Every PSP in the cluster (admission lists all of them, not only the authorized) and who may use them. */
export interface PolicyContext {
  psps: readonly PodSecurityPolicy[];
  authorizer: Authorizer;
}

/** What one PSP made of the pod during selection. */
export interface PolicyOutcome {
  psp: string;
  /** Skipped because its strategies cannot be built (inert), with the reason. */
  inert?: string;
  /** Did the pod (after this PSP's defaulting) validate? */
  valid: boolean;
  /** Did this PSP's defaulting change the pod? */
  mutated: boolean;
  /** Was the SA or user authorized to use it? (Only asked for PSPs the pod passes, as Kubernetes does.) */
  authorized?: boolean;
  errors: FieldError[];
}

export interface AdmissionResult {
  allowed: boolean;
  /** The chosen PSP (value of `kubernetes.io/psp` on create; the validating PSP on update); null when denied or not evaluated. */
  psp: string | null;
  /** The resulting pod: mutated copy with the `kubernetes.io/psp` annotation on create; the input pod otherwise. */
  pod: Pod;
  /** Fields PSP changed, path → new value (paths like `spec.containers[0].securityContext.runAsUser`, `metadata.annotations["k"]`); excludes `kubernetes.io/psp`. */
  mutations: Record<string, unknown>;
  /** Validation errors per PSP, only for PSPs the SA or user is authorized to use (as the rejection message lists them). */
  errors: Record<string, FieldError[]>;
  /** Kubernetes-style rejection message (`PodSecurityPolicy: unable to admit pod: [...]`) when denied. */
  message?: string;
  /** Set when PSP does not evaluate this request at all (e.g. an update that only changes GC fields). */
  notEvaluated?: string;
  /** Every PSP's outcome in evaluation order, for `explain` and debugging. */
  trace: PolicyOutcome[];
  /**
   * Who refused the pod when `allowed` is false: PSP admission, or core API validation that runs after
   * PSP's mutation (psp-semantics.md §0). For `api-validation`, `psp` and `mutations` still describe
   * what PSP chose and wrote. (Additive field.)
   */
  rejectedBy?: "psp-admission" | "api-validation";
  /** Core pod validation after PSP admitted the pod (see `core-validation.ts`); absent when PSP refused. (Additive field.) */
  apiValidation?: { errors: FieldError[]; message?: string };
}
