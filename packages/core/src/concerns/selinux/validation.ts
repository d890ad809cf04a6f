/**
 * SELinux MustRunAs validation (`selinux/mustrunas.go Validate`): the options must be set and all
 * four fields must match the PSP's exactly (an empty PSP value requires an empty pod value), with
 * level compared by `equalLevels`. Errors in Kubernetes' order: level, role, type, user.
 */
import type { Pod, PodSecurityPolicy, SELinuxOptions } from "../../model/k8s-types.js";
import { type FieldError, invalid, required } from "../../psp/field-error.js";
import { type ContainerRef, effective } from "../../psp/security-context.js";
import { equalLevels } from "./levels.js";

export function validateSELinuxOptions(
  path: string,
  wanted: SELinuxOptions,
  actual: SELinuxOptions | undefined | null,
): FieldError[] {
  if (actual === undefined || actual === null) return [required(path, "")];
  const errors: FieldError[] = [];
  const want = (f: keyof SELinuxOptions) => wanted[f] ?? "";
  const got = (f: keyof SELinuxOptions) => actual[f] ?? "";
  if (!equalLevels(want("level"), got("level"))) {
    errors.push(invalid(`${path}.level`, got("level"), `must be ${want("level")}`));
  }
  for (const f of ["role", "type", "user"] as const) {
    if (want(f) !== got(f)) errors.push(invalid(`${path}.${f}`, got(f), `must be ${want(f)}`));
  }
  return errors;
}

/** MustRunAs options of the PSP, or undefined when the rule does not constrain SELinux. */
function mustRunAsOptions(psp: PodSecurityPolicy): SELinuxOptions | undefined {
  const strategy = psp.spec.seLinux;
  return strategy?.rule === "MustRunAs" ? (strategy.seLinuxOptions ?? undefined) : undefined;
}

/** Pod level: the pod's own options (no inheritance), which must be non-nil. */
export function validatePodSELinux(pod: Pod, psp: PodSecurityPolicy): FieldError[] {
  const wanted = mustRunAsOptions(psp);
  if (!wanted) return [];
  return validateSELinuxOptions(
    "spec.securityContext.seLinuxOptions",
    wanted,
    pod.spec.securityContext?.seLinuxOptions,
  );
}

/** Container level: the effective options, i.e. the container's whole object, else the pod's. */
export function validateContainerSELinux(pod: Pod, ref: ContainerRef, psp: PodSecurityPolicy): FieldError[] {
  const wanted = mustRunAsOptions(psp);
  if (!wanted) return [];
  return validateSELinuxOptions(
    `${ref.path}.securityContext.seLinuxOptions`,
    wanted,
    effective(pod, ref.container, "seLinuxOptions"),
  );
}
