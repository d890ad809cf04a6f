/**
 * seLinux: MustRunAs (pod and every container must carry exactly the PSP's seLinuxOptions;
 * defaulted at pod level) or RunAsAny. See README.md.
 */
import type { Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import type { Concern } from "../../psp/concern.js";
import { coversSELinux } from "./covers.js";
import { validateContainerSELinux, validatePodSELinux } from "./validation.js";

/** Why `factory.go createSELinuxStrategy` / `selinux.NewMustRunAs` cannot build the strategy. */
function seLinuxInertReason(psp: PodSecurityPolicy): string | undefined {
  const strategy = psp.spec.seLinux;
  const rule = strategy?.rule as string | undefined;
  if (rule === "RunAsAny") return undefined;
  if (rule === "MustRunAs") {
    return strategy?.seLinuxOptions ? undefined : "seLinux: MustRunAs requires SELinuxOptions";
  }
  return `seLinux: Unrecognized SELinuxContext strategy type ${rule ?? ""}`;
}

/**
 * `provider.go MutatePod`: nil pod options get a copy of the PSP's whole object (empty strings
 * included). Containers then inherit it, so the container-level default never writes anything.
 */
function defaultPodSELinux(pod: Pod, psp: PodSecurityPolicy): void {
  const strategy = psp.spec.seLinux;
  if (strategy?.rule !== "MustRunAs" || !strategy.seLinuxOptions) return;
  const current = pod.spec.securityContext?.seLinuxOptions;
  if (current !== undefined && current !== null) return;
  pod.spec.securityContext ??= {};
  pod.spec.securityContext.seLinuxOptions = { ...strategy.seLinuxOptions };
}

export const concern: Concern = {
  name: "selinux",
  coversUnchanged: coversSELinux,
  pspFields: ["spec.seLinux"],
  inertReason: seLinuxInertReason,
  mayMutate: (psp) => psp.spec.seLinux?.rule === "MustRunAs",
  defaultPod: defaultPodSELinux,
  validatePod: validatePodSELinux,
  validateContainer: validateContainerSELinux,
};
