/**
 * The slice of core pod validation (pkg/apis/core/validation ValidateSecurityContext) that can reject
 * a pod PSP has just admitted — psp-semantics.md §0. The API server runs it after all mutating
 * admission (PSP's defaulting included), so a PSP that defaults `allowPrivilegeEscalation: false`
 * onto a privileged container produces a pod the API server then refuses.
 *
 * Kept apart from the PSP engine on purpose: `AdmissionResult.apiValidation` reports it separately,
 * so later stages can tell PSP's decision from the API server's.
 */
import type { Pod } from "../model/k8s-types.js";
import { type FieldError, formatFieldError, invalid } from "./field-error.js";
import { containersOf } from "./security-context.js";

/** Only the literal `CAP_SYS_ADMIN` is checked (not `SYS_ADMIN`), exactly as the validation code does. */
const SYS_ADMIN = "CAP_SYS_ADMIN";

export function validateCorePod(pod: Pod): FieldError[] {
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
