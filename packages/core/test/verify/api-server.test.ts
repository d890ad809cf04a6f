/** The API server's own steps around admission (api-server.ts). */
import { describe, expect, it } from "vitest";
import type { Pod } from "../../src/model/k8s-types.js";
import { prepareForCreate, serviceAccountAdmission, TOKEN_MOUNT_PATH } from "../../src/verify/api-server.js";

const pod = (spec: Partial<Pod["spec"]> = {}): Pod => ({
  metadata: { name: "p", namespace: "ns" },
  spec: { containers: [{ name: "a" }], initContainers: [{ name: "i" }], ...spec },
});

describe("serviceAccountAdmission", () => {
  it("sets the default service account and mounts the projected token into every container", () => {
    const { pod: out, added } = serviceAccountAdmission(pod(), undefined);
    expect(out.spec.serviceAccountName).toBe("default");
    const volume = out.spec.volumes?.[0] as { name: string; projected: { sources: unknown[] } };
    expect(volume.name).toMatch(/^kube-api-access-[0-9a-z]{5}$/);
    expect(volume.projected.sources[0]).toEqual({ serviceAccountToken: { expirationSeconds: 3607, path: "token" } });
    for (const c of [...(out.spec.containers ?? []), ...(out.spec.initContainers ?? [])]) {
      expect(c.volumeMounts).toEqual([{ name: volume.name, mountPath: TOKEN_MOUNT_PATH, readOnly: true }]);
    }
    expect(added).toHaveLength(2);
  });

  it("keeps a given service account, also from the deprecated alias", () => {
    expect(serviceAccountAdmission(pod({ serviceAccountName: "sa" }), undefined).pod.spec.serviceAccountName).toBe(
      "sa",
    );
    expect(serviceAccountAdmission(pod({ serviceAccount: "old" }), undefined).pod.spec.serviceAccountName).toBe("old");
  });

  it("adds no token when the pod opts out, or the ServiceAccount does and the pod says nothing", () => {
    expect(
      serviceAccountAdmission(pod({ automountServiceAccountToken: false }), true).pod.spec.volumes,
    ).toBeUndefined();
    expect(serviceAccountAdmission(pod(), false).pod.spec.volumes).toBeUndefined();
    // The pod's own setting wins over its ServiceAccount's.
    expect(serviceAccountAdmission(pod({ automountServiceAccountToken: true }), false).pod.spec.volumes).toHaveLength(
      1,
    );
  });

  it("leaves a pod read back from the cluster (token already mounted everywhere) unchanged", () => {
    const first = serviceAccountAdmission(pod(), undefined).pod;
    const again = serviceAccountAdmission(first, undefined);
    expect(again.pod).toEqual(first);
    expect(again.added).toEqual([]);
  });

  it("does not change its input", () => {
    const input = pod();
    serviceAccountAdmission(input, undefined);
    expect(input.spec.volumes).toBeUndefined();
    expect(input.spec.serviceAccountName).toBeUndefined();
  });
});

describe("prepareForCreate", () => {
  it("copies the pod annotation into the field and a container field into its annotation", () => {
    const out = prepareForCreate({
      metadata: { annotations: { "seccomp.security.alpha.kubernetes.io/pod": "docker/default" } },
      spec: { containers: [{ name: "c", securityContext: { seccompProfile: { type: "Unconfined" } } }] },
    });
    expect(out.spec.securityContext?.seccompProfile).toEqual({ type: "RuntimeDefault" });
    expect(out.metadata.annotations?.["container.seccomp.security.alpha.kubernetes.io/c"]).toBe("unconfined");
  });

  it("leaves a pod with neither alone", () => {
    const input: Pod = { metadata: {}, spec: { containers: [{ name: "c" }] } };
    expect(prepareForCreate(input)).toEqual(input);
  });
});
