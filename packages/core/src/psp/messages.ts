/**
 * The rejection messages of the PSP admission plugin, as `admission.go` builds them:
 * `fmt.Errorf("PodSecurityPolicy: unable to admit pod: %v", validationErrs)` where `validationErrs` is a
 * `field.ErrorList`. Go's `%v` of a slice prints `[` + the elements' `Error()` joined by one space + `]`,
 * so two errors read `[a: Invalid value: 1: x b: Forbidden: y]` and no errors read `[]`.
 */
import { type FieldError, formatFieldError } from "./field-error.js";

export const PLUGIN_PREFIX = "PodSecurityPolicy: ";

/** `%v` of a field.ErrorList. */
export function formatErrorList(errors: readonly FieldError[]): string {
  return `[${errors.map(formatFieldError).join(" ")}]`;
}

/** Create is rejected by the mutating pass (`Admit`), update by the validating pass (`Validate`). */
export function rejectionMessage(operation: "create" | "update", errors: readonly FieldError[]): string {
  const verb = operation === "create" ? "unable to admit pod" : "unable to validate pod";
  return `${PLUGIN_PREFIX}${verb}: ${formatErrorList(errors)}`;
}

/** computeSecurityContext's error when no PSP could be turned into a provider (also: zero PSPs). */
export const NO_PROVIDERS_MESSAGE = `${PLUGIN_PREFIX}no providers available to validate pod request`;
