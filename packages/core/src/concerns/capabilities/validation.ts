/**
 * Capability validation of one container (`capabilities/capabilities.go Validate`).
 */
import type { Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import { type FieldError, invalid } from "../../psp/field-error.js";
import type { ContainerRef } from "../../psp/security-context.js";

/** The wildcard in `allowedCapabilities` (policy.AllowAllCapabilities). */
export const ALLOW_ALL_CAPABILITIES = "*";

export function validateCapabilities(_pod: Pod, ref: ContainerRef, psp: PodSecurityPolicy): FieldError[] {
  const path = `${ref.path}.securityContext.capabilities`;
  const defaultAdd = psp.spec.defaultAddCapabilities ?? [];
  const requiredDrop = psp.spec.requiredDropCapabilities ?? [];
  const allowed = psp.spec.allowedCapabilities ?? [];
  const caps = ref.container.securityContext?.capabilities;

  if (caps === undefined || caps === null) {
    // Defaulting would have created the object, so this is only reachable without mutation
    // (update, or a webhook-injected container).
    if (defaultAdd.length === 0 && requiredDrop.length === 0) return [];
    return [invalid(path, null, "required capabilities are not set on the securityContext")];
  }
  // `*` skips every check, the required drops included.
  if (allowed.includes(ALLOW_ALL_CAPABILITIES)) return [];

  const errors: FieldError[] = [];
  for (const cap of caps.add ?? []) {
    if (!defaultAdd.includes(cap) && !allowed.includes(cap)) {
      errors.push(invalid(`${path}.add`, cap, "capability may not be added"));
    }
  }
  const drops = caps.drop ?? [];
  for (const cap of requiredDrop) {
    if (!drops.includes(cap)) {
      errors.push(invalid(`${path}.drop`, [...drops], `${cap} is required to be dropped but was not found`));
    }
  }
  return errors;
}
