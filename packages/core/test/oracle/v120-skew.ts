/**
 * Where the oracle (kube-apiserver v1.20.2) is *expected* to differ from the shared cases and our
 * engine, which describe the last PSP releases (1.21–1.24) — psp-semantics.md §5.1, §5.5:
 * - `ephemeral` volumes (generic ephemeral volumes, GenericEphemeralVolume gate off in 1.20): the
 *   1.20 PSP volume mapping does not know them, and the API drops the disabled field;
 * - `net.ipv4.ip_unprivileged_port_start` joined the safe sysctls in 1.22; in 1.20 it is unsafe.
 * A scenario hitting one of these is compared for information only, with this reason printed.
 */
import type { Pod } from "../../src/model/k8s-types.js";

type Obj = Record<string, unknown>;

const SAFE_SINCE_1_22 = "net.ipv4.ip_unprivileged_port_start";

/** Reasons this pod is judged differently by v1.20 (empty = none). */
export function podSkew(pod: Pod | undefined): string[] {
  if (!pod) return [];
  const out: string[] = [];
  (pod.spec.volumes ?? []).forEach((v, i) => {
    if (v.ephemeral !== undefined) out.push(`spec.volumes[${i}] is an ephemeral volume (PSP volume type since 1.21)`);
  });
  (pod.spec.securityContext?.sysctls ?? []).forEach((s, i) => {
    if (s.name === SAFE_SINCE_1_22)
      out.push(`spec.securityContext.sysctls[${i}] ${SAFE_SINCE_1_22} is safe only since 1.22`);
  });
  return out;
}

/** Reasons a PSP object is judged differently by v1.20 validation (empty = none). */
export function pspSkew(spec: Obj | undefined): string[] {
  const volumes = (spec?.volumes ?? []) as unknown[];
  return volumes.includes("ephemeral") ? ["volume type `ephemeral` is valid in a PSP only since 1.21"] : [];
}
