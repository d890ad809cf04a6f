import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitter } from "../../../src/concerns/volumes/gatekeeper/index.js";
import {
  concernPsp,
  describeAdmissionGuards,
  describeSharedCases,
  differential,
  expectAgreement,
  podWith,
  SCOPE,
  sameOutcome,
  templateProblems,
} from "../shared/gatekeeper-simple.js";

const FIELDS = ["volumes", "allowedHostPaths", "allowedFlexVolumes", "allowedCSIDrivers"];
const fields = (pod: Record<string, unknown>) => (pod.spec as Record<string, unknown>).volumes ?? [];
type Spec = Record<string, unknown>;
const psp = (spec: Spec) => concernPsp(spec, FIELDS);

const SA_TOKEN = {
  name: "kube-api-access-x",
  projected: {
    sources: [
      { serviceAccountToken: { path: "token", expirationSeconds: 3607 } },
      { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
      {
        downwardAPI: {
          items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }],
        },
      },
    ],
  },
};

function podWithVolumes(volumes: Spec[], mounts: Spec[] = [], initMounts: Spec[] = []): Record<string, unknown> {
  return podWith({
    volumes,
    containers: [{ name: "c", image: "i", volumeMounts: mounts }],
    ...(initMounts.length ? { initContainers: [{ name: "init", image: "i", volumeMounts: initMounts }] } : {}),
  });
}
const hostPath = (name: string, path: string) => ({ name, hostPath: { path } });

function check(policy: Spec, pod: Record<string, unknown>, allowed: boolean, message?: string) {
  const d = differential(emitter, psp(policy), pod);
  expect(sameOutcome(d, fields)).toBeUndefined();
  expect(d.gk.allowed).toBe(allowed);
  if (message !== undefined) expect(d.gk.messages.join("\n")).toContain(message);
  return d;
}

describe("volumes → Gatekeeper", () => {
  it("template: CEL lints clean and the Rego mirrors it", () => {
    expect(templateProblems(emitter)).toEqual([]);
  });

  it("parameters: PSP's lists, sorted; allow-lists only when non-empty; always a constraint", () => {
    expect(emitter.parameters(psp({ volumes: ["*"] }))).toEqual({ volumes: ["*"] });
    expect(emitter.findings?.(psp({ volumes: ["*"] })).map((f) => f.code)).toEqual(["volume-type-unknown-to-psp"]);
    expect(emitter.findings?.(psp({ volumes: ["secret"] }))).toEqual([]);
    expect(emitter.parameters(psp({ volumes: [] }))).toEqual({ volumes: [] });
    expect(emitter.parameters(psp({ volumes: undefined }))).toEqual({ volumes: [] });
    expect(
      emitter.parameters(
        psp({
          volumes: ["secret", "hostPath", "secret"],
          allowedHostPaths: [{ pathPrefix: "/b", readOnly: true }, { pathPrefix: "/a" }],
          allowedFlexVolumes: [],
          allowedCSIDrivers: [{ name: "z" }, { name: "a" }],
        }),
      ),
    ).toEqual({
      volumes: ["hostPath", "secret"],
      allowedHostPaths: [
        { pathPrefix: "/a", readOnly: false },
        { pathPrefix: "/b", readOnly: true },
      ],
      allowedCSIDrivers: [{ name: "a" }, { name: "z" }],
    });
    expect(emitter.parameters(psp({ volumes: ["*"], allowedFlexVolumes: [{ driver: "d" }] }))).toEqual({
      volumes: ["*"],
      allowedFlexVolumes: [{ driver: "d" }],
    });
    expect(emitter.mutators(psp({ volumes: [] }), SCOPE)).toEqual({ mutators: [], findings: [] });
  });

  describeSharedCases(emitter, ["volumes.yaml", "hostPath.yaml", "flexVolume.yaml", "csi.yaml"], FIELDS, fields, 5);

  describe("volume types", () => {
    it("listed types pass, others are refused by PSP name (cephfs → cephFS)", () => {
      check({ volumes: ["emptyDir"] }, podWithVolumes([{ name: "a", emptyDir: {} }]), true);
      check(
        { volumes: ["emptyDir"] },
        podWithVolumes([{ name: "a", cephfs: { monitors: ["m"] } }]),
        false,
        "cephFS volumes are not allowed to be used (volume a)",
      );
      check({ volumes: ["cephFS"] }, podWithVolumes([{ name: "a", cephfs: { monitors: ["m"] } }]), true);
      check({ volumes: ["csi"] }, podWithVolumes([{ name: "e", ephemeral: { volumeClaimTemplate: {} } }]), false);
      check({ volumes: ["ephemeral"] }, podWithVolumes([{ name: "e", ephemeral: { volumeClaimTemplate: {} } }]), true);
    });
    it("empty list: no volumes at all (the token volume included); no volumes always pass", () => {
      check({ volumes: [] }, podWithVolumes([SA_TOKEN]), false);
      check({ volumes: [] }, podWith(), true);
      check({ volumes: [] }, podWithVolumes([]), true);
    });
    it("`*` allows every known type; an unknown volume type is refused", () => {
      check({ volumes: ["*"], allowedCSIDrivers: [{ name: "x" }] }, podWithVolumes([{ name: "a", gitRepo: {} }]), true);
      check(
        { volumes: ["emptyDir"] },
        podWithVolumes([{ name: "img", image: { reference: "r" } }]),
        false,
        "unknown volume type for volume(s): img",
      );
      check({ volumes: ["*"] }, podWithVolumes([{ name: "img", image: { reference: "r" } }]), false);
    });
    it("projected service-account token volume is allowed by `secret` only when it has only the token sources", () => {
      check({ volumes: ["secret"] }, podWithVolumes([SA_TOKEN]), true);
      check({ volumes: ["configMap"] }, podWithVolumes([SA_TOKEN]), false, "projected volumes are not allowed");
      const audience = structuredClone(SA_TOKEN);
      (audience.projected.sources[0] as Spec).serviceAccountToken = { path: "token", audience: "vault" };
      check({ volumes: ["secret"] }, podWithVolumes([audience]), false);
      const otherCm = structuredClone(SA_TOKEN);
      (otherCm.projected.sources[1] as Spec).configMap = { name: "other" };
      check({ volumes: ["secret"] }, podWithVolumes([otherCm]), false);
      const labels = structuredClone(SA_TOKEN);
      (labels.projected.sources[2] as Spec).downwardAPI = {
        items: [{ path: "labels", fieldRef: { apiVersion: "v1", fieldPath: "metadata.labels" } }],
      };
      check({ volumes: ["secret"] }, podWithVolumes([labels]), false);
      check(
        { volumes: ["secret"] },
        podWithVolumes([{ name: "p", projected: { sources: [{ secret: { name: "s" } }] } }]),
        false,
      );
      check({ volumes: ["secret"] }, podWithVolumes([{ name: "p", projected: { sources: [] } }]), true);
    });
  });

  describe("allowedHostPaths", () => {
    const prefixes = (readOnly: boolean) => ({
      volumes: ["hostPath"],
      allowedHostPaths: [{ pathPrefix: "/foo", readOnly }],
    });
    it("segment-aware prefix with one trailing / trimmed", () => {
      for (const [path, ok] of [
        ["/foo", true],
        ["/foo/", true],
        ["/foo/bar", true],
        ["/food", false],
        ["/fo", false],
        ["/", false],
        ["/foo//", true],
        ["//foo", false],
      ] as const) {
        check(prefixes(false), podWithVolumes([hostPath("h", path)]), ok);
      }
      check(
        { volumes: ["hostPath"], allowedHostPaths: [{ pathPrefix: "/foo/" }] },
        podWithVolumes([hostPath("h", "/foo")]),
        true,
      );
      check(
        { volumes: ["hostPath"], allowedHostPaths: [{ pathPrefix: "/" }] },
        podWithVolumes([hostPath("h", "/any/x")]),
        true,
      );
      check(
        prefixes(false),
        podWithVolumes([hostPath("h", "/food")]),
        false,
        "hostPath.pathPrefix: is not allowed to be used: /food (volume h)",
      );
    });
    it("empty allowedHostPaths = any path", () => {
      check(
        { volumes: ["hostPath"], allowedHostPaths: [] },
        podWithVolumes([hostPath("h", "/etc")], [{ name: "h", mountPath: "/m" }]),
        true,
      );
    });
    it("read-only prefix: every mount, init containers included, must be readOnly", () => {
      check(
        prefixes(true),
        podWithVolumes([hostPath("h", "/foo/x")], [{ name: "h", mountPath: "/m", readOnly: true }]),
        true,
      );
      check(prefixes(true), podWithVolumes([hostPath("h", "/foo/x")]), true);
      check(
        prefixes(true),
        podWithVolumes(
          [hostPath("h", "/foo/x")],
          [{ name: "h", mountPath: "/m", readOnly: true }],
          [{ name: "h", mountPath: "/m" }],
        ),
        false,
        "must be read-only (host paths allowed read-only only; init: h)",
      );
      check(
        prefixes(true),
        podWithVolumes([hostPath("h", "/foo/x")], [{ name: "h", mountPath: "/m", readOnly: false }]),
        false,
      );
    });
    it("writable wins when read-only and writable prefixes both match", () => {
      const policy = {
        volumes: ["hostPath"],
        allowedHostPaths: [
          { pathPrefix: "/foo", readOnly: true },
          { pathPrefix: "/foo/bar", readOnly: false },
        ],
      };
      check(policy, podWithVolumes([hostPath("h", "/foo/bar/x")], [{ name: "h", mountPath: "/m" }]), true);
      check(policy, podWithVolumes([hostPath("h", "/foo/baz")], [{ name: "h", mountPath: "/m" }]), false);
    });
    it("ephemeral container mounts are checked on update", () => {
      const old = podWithVolumes([hostPath("h", "/foo/x")], [{ name: "h", mountPath: "/m", readOnly: true }]);
      const pod = structuredClone(old);
      (pod.spec as Spec).ephemeralContainers = [
        { name: "dbg", image: "i", volumeMounts: [{ name: "h", mountPath: "/m" }] },
      ];
      const d = differential(emitter, psp(prefixes(true)), pod, "update", old);
      expect(d.gk.allowed).toBe(false);
      expect(sameOutcome(d, fields)).toBeUndefined();
    });
  });

  describe("flexVolume and CSI drivers", () => {
    it("listed drivers only; empty list = any driver; the type must still be allowed", () => {
      const flex = (driver: string) => podWithVolumes([{ name: "f", flexVolume: { driver } }]);
      check({ volumes: ["flexVolume"], allowedFlexVolumes: [{ driver: "a/b" }] }, flex("a/b"), true);
      check(
        { volumes: ["flexVolume"], allowedFlexVolumes: [{ driver: "a/b" }] },
        flex("a/c"),
        false,
        "Flexvolume driver is not allowed to be used: a/c (volume f)",
      );
      check({ volumes: ["flexVolume"], allowedFlexVolumes: [] }, flex("any"), true);
      const csi = (driver: string) => podWithVolumes([{ name: "c", csi: { driver } }]);
      check({ volumes: ["csi"], allowedCSIDrivers: [{ name: "x" }] }, csi("x"), true);
      check(
        { volumes: ["csi"], allowedCSIDrivers: [{ name: "x" }] },
        csi("y"),
        false,
        "Inline CSI driver is not allowed to be used: y (volume c)",
      );
      check({ volumes: ["*"], allowedCSIDrivers: [{ name: "x" }] }, csi("y"), false);
      check(
        { volumes: ["emptyDir"], allowedCSIDrivers: [{ name: "x" }] },
        csi("x"),
        false,
        "csi volumes are not allowed",
      );
    });
  });

  it("fast-check: generated pods agree (create and update), biased to prefixes, token sources, drivers", () => {
    const path = fc.constantFrom("/", "/foo", "/foo/", "/food", "/foo/bar", "/foo/bar/", "/var/log", "foo", "");
    const tokenSource = fc.constantFrom<Spec>(
      { serviceAccountToken: { path: "token" } },
      { serviceAccountToken: { path: "tok" } },
      { serviceAccountToken: { path: "token", audience: "a" } },
      { configMap: { name: "kube-root-ca.crt" } },
      { configMap: { name: "x" } },
      {
        downwardAPI: {
          items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }],
        },
      },
      { downwardAPI: { items: [{ path: "ns", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
      { secret: { name: "s" } },
    );
    const source = fc.oneof(
      path.map((p) => ({ hostPath: { path: p } }) as Spec),
      fc.constantFrom<Spec>(
        { emptyDir: {} },
        { secret: { secretName: "s" } },
        { configMap: { name: "c" } },
        { cephfs: { monitors: ["m"] } },
        { ephemeral: {} },
        { image: { reference: "r" } },
      ),
      fc.array(tokenSource, { maxLength: 3 }).map((sources) => ({ projected: { sources } }) as Spec),
      fc.constantFrom("a", "b").map((driver) => ({ flexVolume: { driver } }) as Spec),
      fc.constantFrom("x", "y").map((driver) => ({ csi: { driver } }) as Spec),
    );
    const volumes = fc.array(source, { maxLength: 3 }).map((ss) => ss.map((s, i) => ({ name: `v${i}`, ...s })));
    const mount = (n: number) =>
      fc.array(
        fc.record(
          {
            name: fc.constantFrom("v0", "v1", "v2").filter((v) => Number(v[1]) < n + 1),
            mountPath: fc.constant("/m"),
            readOnly: fc.boolean(),
          },
          { requiredKeys: ["name", "mountPath"] },
        ),
        { maxLength: 2 },
      );
    const pod = volumes.chain((vs) =>
      fc.tuple(fc.constant(vs), mount(vs.length), mount(vs.length)).map(([v, m1, m2]) => podWithVolumes(v, m1, m2)),
    );
    const policy = fc.record(
      {
        volumes: fc.subarray([
          "*",
          "hostPath",
          "emptyDir",
          "secret",
          "configMap",
          "projected",
          "cephFS",
          "ephemeral",
          "flexVolume",
          "csi",
        ]),
        allowedHostPaths: fc.array(
          fc.record(
            { pathPrefix: fc.constantFrom("/", "/foo", "/foo/", "/foo/bar", "/var"), readOnly: fc.boolean() },
            { requiredKeys: ["pathPrefix"] },
          ),
          { maxLength: 2 },
        ),
        allowedFlexVolumes: fc.array(fc.record({ driver: fc.constantFrom("a", "c") }), { maxLength: 1 }),
        allowedCSIDrivers: fc.array(fc.record({ name: fc.constantFrom("x", "z") }), { maxLength: 1 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(pod, policy, fc.boolean(), (p, spec, update) => {
        expectAgreement(emitter, psp(spec), p, fields, update);
      }),
      { numRuns: 600 },
    );
  });
});

describeAdmissionGuards(emitter, () => ({ psp: psp({ volumes: [] }), pod: podWithVolumes([hostPath("h", "/etc")]) }));
