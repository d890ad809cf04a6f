/** Small builders for engine tests: an open PSP with overrides, and a pod with overrides. */
import type { Container, Pod, PodSecurityPolicy, PspSpec } from "../../src/model/k8s-types.js";
import { openSpec } from "../fixtures/permissive-psp.js";

export function psp(name: string, spec: Partial<PspSpec> = {}): PodSecurityPolicy {
  return {
    apiVersion: "policy/v1beta1",
    kind: "PodSecurityPolicy",
    metadata: { name },
    spec: { ...openSpec(), ...spec },
  };
}

/** A PSP that defaults runAsUser (mutating for a pod without one). */
export function mustRunAs(name: string, uid: number): PodSecurityPolicy {
  return psp(name, { runAsUser: { rule: "MustRunAs", ranges: [{ min: uid, max: uid }] } });
}

export function pod(spec: Partial<Pod["spec"]> = {}, metadata: Pod["metadata"] = {}): Pod {
  return {
    metadata: { name: "p", namespace: "ns1", ...metadata },
    spec: { serviceAccountName: "default", containers: [{ name: "c", image: "busybox" }], ...spec },
  };
}

export function container(overrides: Partial<Container> = {}): Container {
  return { name: "c", image: "busybox", ...overrides };
}
