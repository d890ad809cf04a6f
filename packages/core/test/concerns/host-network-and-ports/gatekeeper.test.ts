import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitter } from "../../../src/concerns/host-network-and-ports/gatekeeper/index.js";
import {
  concernPsp,
  containersByKey,
  describeAdmissionGuards,
  describeSharedCases,
  differential,
  expectAgreement,
  podWith,
  SCOPE,
  sameOutcome,
  templateProblems,
} from "../shared/gatekeeper-simple.js";

const FIELDS = ["hostNetwork", "hostPorts"];
const fields = (pod: Record<string, unknown>) => ({
  hostNetwork: (pod.spec as Record<string, unknown>).hostNetwork ?? false,
  ports: [...containersByKey(pod)].map(([k, c]) => [k, c.ports ?? []]),
});
type Range = { min: number; max: number };
const psp = (hostNetwork?: boolean, hostPorts?: Range[]) => concernPsp({ hostNetwork, hostPorts }, FIELDS);
const withPorts = (list: string, ...hostPorts: number[]) =>
  podWith({
    [list]: [{ name: "x", image: "i", ports: hostPorts.map((h, i) => ({ containerPort: 8000 + i, hostPort: h })) }],
  });

describe("host-network-and-ports → Gatekeeper", () => {
  it("template: CEL lints clean and the Rego mirrors it", () => {
    expect(templateProblems(emitter)).toEqual([]);
  });

  it("parameters: PSP's values, sorted; nothing when the host network and every port are allowed", () => {
    expect(emitter.parameters(psp(true, [{ min: 0, max: 65535 }]))).toBeNull();
    expect(
      emitter.parameters(
        psp(true, [
          { min: 1000, max: 65535 },
          { min: 1, max: 999 },
        ]),
      ),
    ).toBeNull();
    expect(emitter.parameters(psp(true, [{ min: 2, max: 65535 }]))).toEqual({
      hostNetwork: true,
      hostPorts: [{ min: 2, max: 65535 }],
    });
    expect(emitter.parameters(psp(false, [{ min: 0, max: 65535 }]))).toEqual({
      hostNetwork: false,
      hostPorts: [{ min: 0, max: 65535 }],
    });
    expect(
      emitter.parameters(
        psp(undefined, [
          { min: 80, max: 80 },
          { min: 1, max: 10 },
        ]),
      ),
    ).toEqual({
      hostNetwork: false,
      hostPorts: [
        { min: 1, max: 10 },
        { min: 80, max: 80 },
      ],
    });
    expect(emitter.parameters(psp())).toEqual({ hostNetwork: false, hostPorts: [] });
    expect(emitter.mutators(psp(), SCOPE)).toEqual({ mutators: [], findings: [] });
  });

  describeSharedCases(emitter, ["hostNetwork.yaml", "hostPorts.yaml"], FIELDS, fields);

  describe("edges", () => {
    it("hostNetwork: refused unless allowed; allowing does not require", () => {
      const d = differential(emitter, psp(false), podWith({ hostNetwork: true }));
      expect(d.psp.allowed).toBe(false);
      expect(d.gk.messages).toEqual(["spec.hostNetwork: Invalid value: true: Host network is not allowed to be used"]);
      expect(differential(emitter, psp(true), podWith({ hostNetwork: true })).gk.allowed).toBe(true);
      expect(differential(emitter, psp(true), podWith({ hostNetwork: false })).gk.allowed).toBe(true);
    });
    it("no ranges: no host port at all; hostPort 0 / unset is not a host port", () => {
      const d = differential(emitter, psp(), withPorts("containers", 1));
      expect(d.psp.allowed).toBe(false);
      expect(d.gk.messages).toEqual(["hostPort: Host ports are not allowed to be used (x: 1). Allowed ports: []"]);
      expect(differential(emitter, psp(), withPorts("containers", 0)).gk.allowed).toBe(true);
      const noHostPort = podWith({ containers: [{ name: "x", image: "i", ports: [{ containerPort: 80 }] }] });
      expect(differential(emitter, psp(), noHostPort).gk.allowed).toBe(true);
    });
    it("several ranges are OR-ed, bounds inclusive, in init containers too", () => {
      const ranges = [
        { min: 1, max: 10 },
        { min: 80, max: 80 },
      ];
      for (const list of ["containers", "initContainers"]) {
        for (const [port, ok] of [
          [1, true],
          [10, true],
          [11, false],
          [79, false],
          [80, true],
          [81, false],
        ] as const) {
          const d = differential(emitter, psp(false, ranges), withPorts(list, port));
          expect(d.gk.allowed, `${list} ${port}`).toBe(ok);
          expect(sameOutcome(d, fields)).toBeUndefined();
        }
      }
      const d = differential(emitter, psp(false, ranges), withPorts("containers", 5, 11, 12));
      expect(d.gk.messages).toEqual([
        "hostPort: Host ports are not allowed to be used (x: 11,12). Allowed ports: [1-10,80]",
      ]);
    });
    it("ephemeral containers on update", () => {
      const old = podWith();
      const pod = podWith({
        ephemeralContainers: [{ name: "e", image: "i", ports: [{ containerPort: 1, hostPort: 9999 }] }],
      });
      const d = differential(emitter, psp(false, [{ min: 1, max: 10 }]), pod, "update", old);
      expect(d.gk.allowed).toBe(false);
      expect(sameOutcome(d, fields)).toBeUndefined();
    });
  });

  it("fast-check: generated pods agree (create and update), biased to range bounds", () => {
    const bound = fc.constantFrom(0, 1, 9, 10, 11, 79, 80, 81, 65535);
    const range = fc.tuple(bound, bound).map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) }));
    const port = fc.record(
      { containerPort: fc.constant(8080), hostPort: fc.oneof(bound, fc.integer({ min: 1, max: 65535 })) },
      {
        requiredKeys: ["containerPort"],
      },
    );
    const container = (name: string) => fc.array(port, { maxLength: 2 }).map((ports) => ({ name, image: "i", ports }));
    const pod = fc
      .tuple(container("c"), fc.option(container("i"), { nil: undefined }), fc.option(fc.boolean(), { nil: undefined }))
      .map(([c, i, hn]) =>
        podWith({
          containers: [c],
          ...(i ? { initContainers: [i] } : {}),
          ...(hn !== undefined ? { hostNetwork: hn } : {}),
        }),
      );
    fc.assert(
      fc.property(
        pod,
        fc.option(fc.boolean(), { nil: undefined }),
        fc.option(fc.array(range, { maxLength: 3 }), { nil: undefined }),
        fc.boolean(),
        (p, hn, ranges, update) => {
          const policy = psp(hn, ranges);
          expectAgreement(emitter, policy, p, fields, update);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describeAdmissionGuards(emitter, () => ({ psp: psp(false, []), pod: withPorts("containers", 80) }));
