/**
 * What the API server does to a pod around admission that neither PSP nor Gatekeeper does, but that
 * both see (psp-semantics.md §0):
 *
 * - before admission: the ServiceAccount admission plugin (`spec.serviceAccountName: default` when
 *   empty, the projected token volume `kube-api-access-*` mounted into every container) — PSP and
 *   both webhooks evaluate that volume;
 * - on CREATE after all mutating admission: the registry's PrepareForCreate, of which only the
 *   seccomp field ↔ annotation copy matters here.
 */
import { annotationForField } from "../concerns/seccomp/profiles.js";
import type { Container, Pod, SeccompProfile, Volume } from "../model/k8s-types.js";
import { deepCopy } from "../psp/plain-data.js";

const POD_SECCOMP = "seccomp.security.alpha.kubernetes.io/pod";
const CONTAINER_SECCOMP = "container.seccomp.security.alpha.kubernetes.io/";

function fieldForAnnotation(value: string): SeccompProfile | undefined {
  if (value === "runtime/default" || value === "docker/default") return { type: "RuntimeDefault" };
  if (value === "unconfined") return { type: "Unconfined" };
  if (value.startsWith("localhost/")) return { type: "Localhost", localhostProfile: value.slice("localhost/".length) };
  return undefined;
}

/**
 * The registry's PrepareForCreate (pkg/registry/core/pod/strategy.go, applySeccompVersionSkew, v1.19+):
 * a seccomp field without its annotation gets the annotation, an annotation without its field gets
 * the field — for the pod and for each init/regular container. Runs after all mutating admission,
 * before validation and the validating webhooks.
 */
export function prepareForCreate(podIn: Pod): Pod {
  const pod = deepCopy(podIn);
  const annotations = { ...(pod.metadata.annotations ?? {}) };
  const sync = (key: string, get: () => SeccompProfile | undefined, set: (f: SeccompProfile) => void) => {
    const field = get();
    if (field && annotations[key] === undefined) {
      const value = annotationForField(field);
      if (value !== "") annotations[key] = value;
    } else if (!field && annotations[key] !== undefined) {
      const derived = fieldForAnnotation(annotations[key] as string);
      if (derived) set(derived);
    }
  };
  sync(
    POD_SECCOMP,
    () => pod.spec.securityContext?.seccompProfile ?? undefined,
    (f) => {
      pod.spec.securityContext = { ...(pod.spec.securityContext ?? {}), seccompProfile: f };
    },
  );
  for (const c of [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])]) {
    sync(
      `${CONTAINER_SECCOMP}${c.name}`,
      () => c.securityContext?.seccompProfile ?? undefined,
      (f) => {
        c.securityContext = { ...(c.securityContext ?? {}), seccompProfile: f };
      },
    );
  }
  if (Object.keys(annotations).length > 0) pod.metadata.annotations = annotations;
  return pod;
}

/** Where the ServiceAccount plugin mounts the token (and what it looks for to leave a pod alone). */
export const TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

/** FNV-1a, base 36: a stable stand-in for the random suffixes the API server generates. */
export function stableSuffix(text: string, length = 5): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(length, "0").slice(-length);
}

export interface ServiceAccountAdmission {
  /** The pod with its service account set and, unless opted out, the token volume. */
  pod: Pod;
  /** What was added, for the report (empty when the pod already had everything). */
  added: string[];
}

/**
 * The ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount, v1.21+ bound tokens):
 * runs before PSP, so PSP and the webhooks see what it adds. Sets `serviceAccountName: default` when
 * empty (the deprecated `serviceAccount` alias counts); unless `automountServiceAccountToken` is false
 * on the pod (or, when the pod leaves it unset, on the ServiceAccount object), adds the projected
 * `kube-api-access-<suffix>` volume and mounts it read-only into every container that does not mount
 * something at the token path already. Pods read from a cluster already carry all of this: nothing
 * changes for them.
 */
export function serviceAccountAdmission(podIn: Pod, saAutomount: boolean | undefined): ServiceAccountAdmission {
  const pod = deepCopy(podIn);
  const added: string[] = [];
  if (!pod.spec.serviceAccountName) {
    pod.spec.serviceAccountName = pod.spec.serviceAccount || "default";
    if (!podIn.spec.serviceAccount) added.push("spec.serviceAccountName: default");
  }
  const podAutomount = pod.spec.automountServiceAccountToken;
  const automount = typeof podAutomount === "boolean" ? podAutomount : saAutomount !== false;
  if (!automount) return { pod, added };
  const containers: Container[] = [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])];
  const mountsToken = (c: Container) => (c.volumeMounts ?? []).some((m) => m.mountPath === TOKEN_MOUNT_PATH);
  // The plugin skips a pod that already mounts something at the token path in every container it
  // would touch (a pod read back from the cluster, or one that brings its own token).
  if (containers.every(mountsToken)) return { pod, added };
  const name = `kube-api-access-${stableSuffix(`${pod.metadata.namespace ?? ""}/${pod.metadata.name ?? ""}`)}`;
  const volume: Volume = {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        {
          downwardAPI: {
            items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }],
          },
        },
      ],
    },
  };
  pod.spec.volumes = [...(pod.spec.volumes ?? []), volume];
  for (const c of containers) {
    if (mountsToken(c)) continue;
    c.volumeMounts = [...(c.volumeMounts ?? []), { name, mountPath: TOKEN_MOUNT_PATH, readOnly: true }];
  }
  added.push(`projected volume ${name} (service-account token) mounted at ${TOKEN_MOUNT_PATH}`);
  return { pod, added };
}
