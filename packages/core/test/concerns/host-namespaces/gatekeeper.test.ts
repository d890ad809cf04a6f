import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitter } from "../../../src/concerns/host-namespaces/gatekeeper/index.js";
import {
  concernPsp,
  describeAdmissionGuards,
  describeSharedCases,
  differential,
  expectAgreement,
  olderVersion,
  permissivePsp,
  podWith,
  SCOPE,
  sameOutcome,
  templateProblems,
} from "../shared/gatekeeper-simple.js";

const FIELDS = ["hostPID", "hostIPC"];
const fields = (pod: Record<string, unknown>) => {
  const spec = pod.spec as Record<string, unknown>;
  return { hostPID: spec.hostPID ?? false, hostIPC: spec.hostIPC ?? false };
};

describe("host-namespaces → Gatekeeper", () => {
  it("template: CEL lints clean and the Rego mirrors it", () => {
    expect(templateProblems(emitter)).toEqual([]);
  });

  it("parameters: both flags when either is forbidden; nothing when both are allowed; never a mutator", () => {
    expect(emitter.parameters(permissivePsp({ hostPID: true, hostIPC: true }))).toBeNull();
    expect(emitter.parameters(permissivePsp({ hostPID: false, hostIPC: true }))).toEqual({
      hostPID: false,
      hostIPC: true,
    });
    expect(emitter.parameters(permissivePsp({ hostPID: undefined, hostIPC: undefined }))).toEqual({
      hostPID: false,
      hostIPC: false,
    });
    expect(emitter.mutators(permissivePsp({ hostPID: false }), SCOPE)).toEqual({ mutators: [], findings: [] });
  });

  describeSharedCases(emitter, ["hostPID.yaml", "hostIPC.yaml"], FIELDS, fields);

  describe("edges", () => {
    it("hostPID and hostIPC are separate", () => {
      const onlyPid = concernPsp({ hostPID: true, hostIPC: false }, FIELDS);
      const pid = differential(emitter, onlyPid, podWith({ hostPID: true }));
      expect(pid.gk.allowed).toBe(true);
      const ipc = differential(emitter, onlyPid, podWith({ hostIPC: true }));
      expect(ipc.gk.allowed).toBe(false);
      expect(ipc.gk.messages).toEqual(["spec.hostIPC: Invalid value: true: Host IPC is not allowed to be used"]);
      for (const d of [pid, ipc]) expect(sameOutcome(d, fields)).toBeUndefined();
    });
    it("both refused give both messages; false values pass", () => {
      const none = concernPsp({}, FIELDS);
      const both = differential(emitter, none, podWith({ hostPID: true, hostIPC: true }));
      expect(both.gk.messages).toHaveLength(2);
      expect(both.psp.allowed).toBe(false);
      const off = differential(emitter, none, podWith({ hostPID: false, hostIPC: false }));
      expect(off.gk.allowed).toBe(true);
      expect(sameOutcome(off, fields)).toBeUndefined();
    });
    it("checked on update too", () => {
      const none = concernPsp({}, FIELDS);
      const pod = podWith({ hostPID: true });
      const d = differential(emitter, none, pod, "update", olderVersion(pod));
      expect(d.gk.allowed).toBe(false);
      expect(sameOutcome(d, fields)).toBeUndefined();
    });
  });

  it("fast-check: generated pods agree (create and update)", () => {
    const flag = fc.option(fc.boolean(), { nil: undefined });
    fc.assert(
      fc.property(flag, flag, flag, flag, fc.boolean(), (pid, ipc, allowPid, allowIpc, update) => {
        const psp = concernPsp({ hostPID: allowPid, hostIPC: allowIpc }, FIELDS);
        const p = podWith({
          ...(pid !== undefined ? { hostPID: pid } : {}),
          ...(ipc !== undefined ? { hostIPC: ipc } : {}),
        });
        expectAgreement(emitter, psp, p, fields, update);
      }),
      { numRuns: 150 },
    );
  });
});

describeAdmissionGuards(emitter, () => ({
  psp: concernPsp({}, FIELDS),
  pod: podWith({ hostPID: true, hostIPC: true }),
}));
