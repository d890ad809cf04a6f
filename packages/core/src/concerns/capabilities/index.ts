/**
 * Capabilities: defaultAddCapabilities and requiredDropCapabilities are written into each
 * container; allowedCapabilities (or `*`) bounds what may be added. See README.md.
 */
import type { Container, Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import type { Concern } from "../../psp/concern.js";
import { coversCapabilities } from "./covers.js";
import { generateCapabilities } from "./generate.js";
import { validateCapabilities } from "./validation.js";

function defaultContainerCapabilities(_pod: Pod, container: Container, psp: PodSecurityPolicy): void {
  const result = generateCapabilities(container.securityContext?.capabilities, {
    defaultAdd: psp.spec.defaultAddCapabilities ?? [],
    requiredDrop: psp.spec.requiredDropCapabilities ?? [],
  });
  if (!result.changed) return;
  container.securityContext ??= {};
  container.securityContext.capabilities = result.capabilities;
}

export const concern: Concern = {
  name: "capabilities",
  coversUnchanged: coversCapabilities,
  pspFields: ["spec.defaultAddCapabilities", "spec.requiredDropCapabilities", "spec.allowedCapabilities"],
  mayMutate: (psp) =>
    (psp.spec.defaultAddCapabilities ?? []).length > 0 || (psp.spec.requiredDropCapabilities ?? []).length > 0,
  defaultContainer: defaultContainerCapabilities,
  validateContainer: validateCapabilities,
};
