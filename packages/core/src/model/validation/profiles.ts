/**
 * AppArmor and seccomp profile names in PSP annotations, as the API server validates them
 * (ValidateAppArmorProfileFormat, ValidateSeccompProfile in pkg/apis/core/validation).
 */

/** Error text for a bad AppArmor profile, or undefined when fine. Empty is fine (a trailing comma). */
export function appArmorProfileError(profile: string): string | undefined {
  if (profile === "" || profile === "runtime/default" || profile === "unconfined") return undefined;
  if (!profile.startsWith("localhost/")) return `invalid AppArmor profile name: ${JSON.stringify(profile)}`;
  return undefined;
}

/** Kubernetes' validatePathNoBacksteps: no `..` path element (separators `/`). */
export function hasBackstep(path: string): boolean {
  return path.split("/").includes("..");
}

/**
 * Error texts for a bad seccomp profile ([] when fine): `runtime/default`, `docker/default`,
 * `unconfined`, or `localhost/<relative path without ..>`.
 */
export function seccompProfileErrors(profile: string): { value: string; detail: string }[] {
  if (profile === "runtime/default" || profile === "docker/default" || profile === "unconfined") return [];
  if (profile.startsWith("localhost/")) {
    const local = profile.slice("localhost/".length);
    const errs: { value: string; detail: string }[] = [];
    if (local.startsWith("/")) errs.push({ value: local, detail: "must be a relative path" });
    if (hasBackstep(local)) errs.push({ value: local, detail: "must not contain '..'" });
    return errs;
  }
  return [{ value: profile, detail: "must be a valid seccomp profile" }];
}
