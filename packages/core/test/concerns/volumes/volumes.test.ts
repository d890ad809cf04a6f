import { describe, expect, it } from "vitest";
import { volumeFsType } from "../../../src/concerns/volumes/fs-types.js";
import { allowsHostPath, hasPathPrefix } from "../../../src/concerns/volumes/host-path.js";
import { concern } from "../../../src/concerns/volumes/index.js";
import { isOnlyServiceAccountTokenSources } from "../../../src/concerns/volumes/projected-token.js";
import type { Pod, PspSpec, Volume } from "../../../src/model/k8s-types.js";
import { container, pod, psp } from "../../psp/fixtures.js";

function errors(p: Pod, spec: Partial<PspSpec>) {
  return (concern.validatePod?.(p, psp("p", spec)) ?? []).map((e) => `${e.path}: ${e.detail}`);
}
const withVolumes = (...volumes: Volume[]) => pod({ volumes });

const saToken = {
  sources: [
    { serviceAccountToken: { path: "token", expirationSeconds: 3607 } },
    { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
    {
      downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] },
    },
  ],
};

describe("volume types", () => {
  it("maps source fields to PSP names (case-sensitive), unknown sources to undefined", () => {
    expect(volumeFsType({ name: "a", cephfs: {} })).toBe("cephFS");
    expect(volumeFsType({ name: "a", ephemeral: {} })).toBe("ephemeral");
    expect(volumeFsType({ name: "a", image: {} })).toBeUndefined();
  });
  it("allows listed types and *, refuses others, and treats an empty list as no volumes", () => {
    const v = withVolumes({ name: "s", secret: {} });
    expect(errors(v, { volumes: ["secret"] })).toEqual([]);
    expect(errors(v, { volumes: ["*"] })).toEqual([]);
    expect(errors(v, { volumes: [] })).toEqual(["spec.volumes[0]: secret volumes are not allowed to be used"]);
  });
  it("reports an unknown volume type", () => {
    expect(errors(withVolumes({ name: "x", image: {} }), { volumes: ["*"] })[0]).toContain("unknown volume type");
  });
});

describe("projected service-account token exception", () => {
  it("allows the injected token volume when secret is allowed, not otherwise", () => {
    expect(errors(withVolumes({ name: "t", projected: saToken }), { volumes: ["secret"] })).toEqual([]);
    expect(errors(withVolumes({ name: "t", projected: saToken }), { volumes: ["configMap"] })).toHaveLength(1);
  });
  it("rejects token projections with an audience or other sources", () => {
    expect(
      isOnlyServiceAccountTokenSources({ sources: [{ serviceAccountToken: { path: "token", audience: "vault" } }] }),
    ).toBe(false);
    expect(isOnlyServiceAccountTokenSources({ sources: [{ secret: { name: "s" } }] })).toBe(false);
    expect(isOnlyServiceAccountTokenSources({ sources: [{ configMap: { name: "other" } }] })).toBe(false);
    expect(isOnlyServiceAccountTokenSources(saToken)).toBe(true);
  });
});

describe("hostPath", () => {
  it("matches prefixes on path segments", () => {
    expect(hasPathPrefix("/foo/bar", "/foo")).toBe(true);
    expect(hasPathPrefix("/foo/", "/foo")).toBe(true);
    expect(hasPathPrefix("/food", "/foo")).toBe(false);
    expect(hasPathPrefix("/anything", "/")).toBe(true);
  });
  it("lets a writable match win over read-only ones", () => {
    const entries = [{ pathPrefix: "/foo", readOnly: true }, { pathPrefix: "/foo/bar" }];
    expect(allowsHostPath(entries, "/foo/bar/x")).toEqual({ allowed: true, mustBeReadOnly: false });
    expect(allowsHostPath(entries, "/foo/x")).toEqual({ allowed: true, mustBeReadOnly: true });
    expect(allowsHostPath(entries, "/etc")).toEqual({ allowed: false, mustBeReadOnly: false });
  });
  it("requires every mount of a read-only host path to be read-only, in any container", () => {
    const p = pod({
      volumes: [{ name: "h", hostPath: { path: "/foo" } }],
      initContainers: [container({ name: "i", volumeMounts: [{ name: "h", mountPath: "/a", readOnly: true }] })],
      containers: [container({ volumeMounts: [{ name: "h", mountPath: "/b" }] })],
    });
    const spec = { volumes: ["hostPath"], allowedHostPaths: [{ pathPrefix: "/foo", readOnly: true }] };
    expect(errors(p, spec)).toEqual(["spec.containers[0].volumeMounts[0].readOnly: must be read-only"]);
  });
});

describe("flexVolume and CSI drivers", () => {
  it("allows a listed flex driver (or any when the list is empty) and refuses others", () => {
    const v = withVolumes({ name: "f", flexVolume: { driver: "x/a" } });
    expect(errors(v, { volumes: ["flexVolume"], allowedFlexVolumes: [{ driver: "x/a" }] })).toEqual([]);
    expect(errors(v, { volumes: ["flexVolume"] })).toEqual([]);
    expect(errors(v, { volumes: ["*"], allowedFlexVolumes: [{ driver: "x/b" }] })).toEqual([
      "spec.volumes[0].driver: Flexvolume driver is not allowed to be used",
    ]);
  });
  it("allows a listed CSI driver and refuses others", () => {
    const v = withVolumes({ name: "c", csi: { driver: "d1" } });
    expect(errors(v, { volumes: ["csi"], allowedCSIDrivers: [{ name: "d1" }] })).toEqual([]);
    expect(errors(v, { volumes: ["csi"], allowedCSIDrivers: [{ name: "d2" }] })).toEqual([
      "spec.volumes[0].csi.driver: Inline CSI driver is not allowed to be used",
    ]);
  });
});
