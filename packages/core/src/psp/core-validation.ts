/**
 * The slice of core pod validation (pkg/apis/core/validation) that can reject a pod PSP has just
 * admitted — psp-semantics.md §0: ValidateSecurityContext's privilege-escalation contradictions and
 * validateProjectionSources' service-account-token rule. The API server runs it after all mutating
 * admission (PSP's defaulting included), so a PSP that defaults `allowPrivilegeEscalation: false`
 * onto a privileged container produces a pod the API server then refuses.
 *
 * Kept apart from the PSP engine on purpose: `AdmissionResult.apiValidation` reports it separately,
 * so later stages can tell PSP's decision from the API server's.
 */
import type { Pod } from "../model/k8s-types.js";
import { serviceAccountNameOf } from "./authorization.js";
import { type FieldError, forbidden, formatFieldError, invalid } from "./field-error.js";
import { containersOf } from "./security-context.js";

/** Only the literal `CAP_SYS_ADMIN` is checked (not `SYS_ADMIN`), exactly as the validation code does. */
const SYS_ADMIN = "CAP_SYS_ADMIN";

/** Volumes first, then containers: the order ValidatePodSpec reports them in. */
export function validateCorePod(pod: Pod): FieldError[] {
  return [...validateTokenProjections(pod), ...validateEscalation(pod)];
}

/**
 * validateProjectionSources: a `serviceAccountToken` projection needs the pod to have a service
 * account (found by the oracle differential: test/cases/own/oracle-regressions.yaml).
 */
function validateTokenProjections(pod: Pod): FieldError[] {
  if (serviceAccountNameOf(pod)) return [];
  const errors: FieldError[] = [];
  (pod.spec.volumes ?? []).forEach((v, i) => {
    const sources = (v.projected as { sources?: unknown[] } | undefined)?.sources ?? [];
    sources.forEach((s, j) => {
      if ((s as { serviceAccountToken?: unknown } | null)?.serviceAccountToken != null) {
        errors.push(
          forbidden(
            `spec.volumes[${i}].projected.sources[${j}].serviceAccountToken`,
            "must not be specified when serviceAccountName is not set",
          ),
        );
      }
    });
  });
  return errors;
}

/** `allowPrivilegeEscalation: false` contradicts `privileged: true` and an added `CAP_SYS_ADMIN`. */
function validateEscalation(pod: Pod): FieldError[] {
  const errors: FieldError[] = [];
  for (const ref of containersOf(pod)) {
    const sc = ref.container.securityContext;
    if (sc?.allowPrivilegeEscalation !== false) continue;
    const path = `${ref.path}.securityContext`;
    if (sc.privileged === true) {
      errors.push(invalid(path, sc, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
    }
    for (const cap of sc.capabilities?.add ?? []) {
      if (cap === SYS_ADMIN) {
        errors.push(
          invalid(path, sc, "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"),
        );
      }
    }
  }
  return errors;
}

/**
 * The API server's message for an invalid pod: `Pod "name" is invalid: <error>` for one error, the
 * errors joined by ", " in brackets for several (utilerrors.Aggregate).
 */
export function invalidPodMessage(pod: Pod, errors: readonly FieldError[]): string {
  const name = pod.metadata.name ?? "";
  const body =
    errors.length === 1 ? formatFieldError(errors[0] as FieldError) : `[${errors.map(formatFieldError).join(", ")}]`;
  return `Pod ${JSON.stringify(name)} is invalid: ${body}`;
}
