/**
 * Updates the PSP plugin does not evaluate at all (psp-semantics.md §1): when old and new pod differ
 * only in `metadata.ownerReferences` / `metadata.finalizers` — or not at all. Mirrors
 * rbacregistry.IsOnlyMutatingGCFields: copy the old object, give it the new GC fields, compare
 * semantically.
 */
import type { Pod } from "../model/k8s-types.js";
import { semanticEqual } from "./plain-data.js";

export function isOnlyGcFieldChange(pod: Pod, oldPod: Pod | undefined): boolean {
  if (!oldPod) return false;
  const oldWithNewGc: Pod = {
    ...oldPod,
    metadata: {
      ...oldPod.metadata,
      ownerReferences: pod.metadata.ownerReferences,
      finalizers: pod.metadata.finalizers,
    },
  };
  return semanticEqual(oldWithNewGc, pod);
}
