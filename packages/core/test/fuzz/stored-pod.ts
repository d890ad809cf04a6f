/**
 * The PSP engine on the pod Gatekeeper stored, created again by the same requester: admitted, and left
 * unchanged? Then nothing got in that PSP keeps out (see `violations` in counterexample.ts).
 */
import type { Bundle } from "../../src/model/bundle.js";
import type { Pod } from "../../src/model/k8s-types.js";
import { admit, VALIDATED_PSP_ANNOTATION } from "../../src/psp/admit.js";
import type { Identity } from "../../src/psp/authorizer.js";
import { resolveRbac } from "../../src/rbac/resolve.js";

export function storedPodAdmittedUnchanged(bundle: Bundle, stored: Pod, namespace: string, user: Identity): boolean {
  const pod = structuredClone(stored);
  delete pod.metadata.annotations?.[VALIDATED_PSP_ANNOTATION];
  const again = admit(
    pod,
    { operation: "create", namespace, user },
    { psps: bundle.psps.map((p) => p.object), authorizer: resolveRbac(bundle).authorizer },
  );
  return again.allowed && Object.keys(again.mutations).length === 0;
}
