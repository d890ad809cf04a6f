/**
 * Field errors in the shape of Kubernetes' `field.Error` (k8s.io/apimachinery/pkg/util/validation/field),
 * so our messages read like the API server's: `spec.containers[0].securityContext.runAsUser: Invalid value: 0: must be in the ranges: [{1 1}]`.
 */
export type FieldErrorType = "Invalid" | "Forbidden" | "Required" | "NotSupported" | "Duplicate";

export interface FieldError {
  type: FieldErrorType;
  /** Field path, e.g. `spec.containers[0].securityContext.runAsUser`. */
  path: string;
  /** The offending value (omitted for Required/Forbidden, as Kubernetes omits it). */
  value?: unknown;
  detail: string;
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  Invalid: "Invalid value",
  Forbidden: "Forbidden",
  Required: "Required value",
  NotSupported: "Unsupported value",
  Duplicate: "Duplicate value",
};

/**
 * The value rendering of field.Error.ErrorBody: strings quoted, numbers and bools bare, and a nil
 * value (or nil pointer, e.g. an unset `allowPrivilegeEscalation`) becomes the *string* "null", which
 * Go then prints quoted: `Invalid value: "null"`.
 */
function renderValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === null || value === undefined) return '"null"';
  return JSON.stringify(value);
}

export function formatFieldError(e: FieldError): string {
  const head = `${e.path}: ${TYPE_TEXT[e.type]}`;
  const withValue = e.type === "Required" || e.type === "Forbidden" ? head : `${head}: ${renderValue(e.value)}`;
  return e.detail ? `${withValue}: ${e.detail}` : withValue;
}

export const invalid = (path: string, value: unknown, detail: string): FieldError => ({
  type: "Invalid",
  path,
  value,
  detail,
});
export const forbidden = (path: string, detail: string): FieldError => ({ type: "Forbidden", path, detail });
export const required = (path: string, detail: string): FieldError => ({ type: "Required", path, detail });
