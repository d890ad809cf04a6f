/**
 * Pod volumes under a PSP (provider.go validatePodVolumes): type allowed, then per-type rules for
 * hostPath (prefix + read-only mounts), flexVolume drivers and inline CSI drivers.
 */
import type { Pod, PodSecurityPolicy, Volume } from "../../model/k8s-types.js";
import { type FieldError, invalid } from "../../psp/field-error.js";
import { containersOf } from "../../psp/security-context.js";
import { ALL_VOLUMES, volumeFsType } from "./fs-types.js";
import { allowsHostPath } from "./host-path.js";
import { isOnlyServiceAccountTokenSources } from "./projected-token.js";

type Obj = Record<string, unknown>;
const field = (v: Volume, name: string): Obj => (v[name] ?? {}) as Obj;

function typeAllowed(allowed: ReadonlySet<string>, fsType: string, v: Volume): boolean {
  if (allowed.has(ALL_VOLUMES) || allowed.has(fsType)) return true;
  return fsType === "projected" && allowed.has("secret") && isOnlyServiceAccountTokenSources(v.projected);
}

export function validateVolumes(pod: Pod, psp: PodSecurityPolicy): FieldError[] {
  const volumes = pod.spec.volumes ?? [];
  if (volumes.length === 0) return [];
  const allowed = new Set(psp.spec.volumes ?? []);
  const errors: FieldError[] = [];
  volumes.forEach((v, i) => {
    const path = `spec.volumes[${i}]`;
    const fsType = volumeFsType(v);
    if (fsType === undefined) {
      errors.push(invalid(path, "", `unknown volume type for volume: ${JSON.stringify(v.name)}`));
      return;
    }
    if (!typeAllowed(allowed, fsType, v)) {
      errors.push(invalid(path, fsType, `${fsType} volumes are not allowed to be used`));
      return;
    }
    if (fsType === "hostPath") errors.push(...validateHostPath(pod, psp, v, path));
    if (fsType === "flexVolume")
      errors.push(
        ...validateDriver(
          psp.spec.allowedFlexVolumes?.map((d) => d.driver),
          field(v, "flexVolume").driver,
          `${path}.driver`,
          "Flexvolume driver is not allowed to be used",
        ),
      );
    if (fsType === "csi")
      errors.push(
        ...validateDriver(
          psp.spec.allowedCSIDrivers?.map((d) => d.name),
          field(v, "csi").driver,
          `${path}.csi.driver`,
          "Inline CSI driver is not allowed to be used",
        ),
      );
  });
  return errors;
}

/** Path must match allowedHostPaths; when only read-only entries match, every mount of it must be read-only. */
function validateHostPath(pod: Pod, psp: PodSecurityPolicy, v: Volume, path: string): FieldError[] {
  const hostPath = String(field(v, "hostPath").path ?? "");
  const verdict = allowsHostPath(psp.spec.allowedHostPaths, hostPath);
  if (!verdict.allowed) return [invalid(`${path}.hostPath.pathPrefix`, hostPath, "is not allowed to be used")];
  if (!verdict.mustBeReadOnly) return [];
  const errors: FieldError[] = [];
  for (const ref of containersOf(pod)) {
    (ref.container.volumeMounts ?? []).forEach((m, j) => {
      if (m.name === v.name && m.readOnly !== true) {
        errors.push(invalid(`${ref.path}.volumeMounts[${j}].readOnly`, false, "must be read-only"));
      }
    });
  }
  return errors;
}

/** An empty allow-list means any driver; otherwise exact match. (Flex reports at `spec.volumes[i].driver`.) */
function validateDriver(allowed: string[] | undefined, driver: unknown, path: string, detail: string): FieldError[] {
  if (!allowed?.length || allowed.includes(String(driver ?? ""))) return [];
  return [invalid(path, String(driver ?? ""), detail)];
}
