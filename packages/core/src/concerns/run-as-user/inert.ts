import type { PodSecurityPolicy } from "../../model/k8s-types.js";

/**
 * Why `factory.go createUserStrategy` / `user.NewMustRunAs` cannot build the runAsUser strategy:
 * MustRunAs without ranges, or a rule it does not know.
 */
export function runAsUserInertReason(psp: PodSecurityPolicy): string | undefined {
  const strategy = psp.spec.runAsUser;
  const rule = strategy?.rule as string | undefined;
  switch (rule) {
    case "MustRunAs":
      return (strategy?.ranges ?? []).length === 0 ? "runAsUser: MustRunAs requires at least one range" : undefined;
    case "MustRunAsNonRoot":
    case "RunAsAny":
      return undefined;
    default:
      return `runAsUser: Unrecognized RunAsUser strategy type ${rule ?? ""}`;
  }
}
