/**
 * capabilities → Psp2gkCapabilities + ModifySet mutators: CEL lint, Rego mirror, mutator shape, and a
 * differential against the reference engine (shared cases + generated pods) on a PSP permissive in
 * every other concern. Documented differences (findings) are asserted precisely, never skipped.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitter } from "../../../src/concerns/capabilities/gatekeeper/index.js";
import { concern } from "../../../src/concerns/capabilities/index.js";
import type { Pod, PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { deepCopy } from "../../../src/psp/plain-data.js";
import {
  allContainers,
  type BothOutcome,
  describeSharedCases,
  itTemplateMirrors,
  pspForConcern,
  runBoth,
  SCOPE,
  schemaProblems,
} from "../shared/gatekeeper-options.js";

const FIELDS = concern.pspFields;
const psp = (spec: Record<string, unknown>) => pspForConcern(FIELDS, { spec });

/** Effective capabilities per container: sorted, de-duplicated add and drop sets (nil = empty). */
function effective(pod: unknown): Record<string, { add: string[]; drop: string[] }> {
  const out: Record<string, { add: string[]; drop: string[] }> = {};
  for (const c of allContainers(pod)) {
    const caps = ((c.securityContext as Record<string, unknown> | undefined)?.capabilities ?? {}) as {
      add?: string[];
      drop?: string[];
    };
    out[c.name as string] = { add: [...new Set(caps.add ?? [])].sort(), drop: [...new Set(caps.drop ?? [])].sort() };
  }
  return out;
}

/** Containers that drop (and, after Gatekeeper's mutation, add) a default-add capability. */
function dropsDefaultAdd(pod: unknown, p: PodSecurityPolicy): boolean {
  const defaults = p.spec.defaultAddCapabilities ?? [];
  return allContainers(pod).some((c) => {
    const caps = (c.securityContext as { capabilities?: { drop?: string[] } } | undefined)?.capabilities;
    return defaults.some((d) => caps?.drop?.includes(d));
  });
}

/**
 * The comparison every differential uses: same decision and same effective capabilities, except the
 * two documented differences, which are checked precisely.
 */
function compare(out: BothOutcome, p: PodSecurityPolicy, pod: Pod, op: "create" | "update"): void {
  const { engine, gk } = out;
  const where = `${op} ${JSON.stringify(p.spec)} ${JSON.stringify(pod.spec)}\nengine: ${engine.message ?? "allowed"}\ngk: ${JSON.stringify(gk.violations)}`;
  expect(gk.mutationError, where).toBeUndefined();
  if (engine.rejectedBy === "api-validation") return;
  if (engine.allowed === gk.allowed) {
    if (engine.allowed) expect(effective(gk.mutatedPod), where).toEqual(effective(engine.pod));
    return;
  }
  if (engine.allowed) {
    // capabilities-dropped-default-add: Gatekeeper refuses, never the other way round.
    expect(dropsDefaultAdd(pod, p), where).toBe(true);
    expect(out.mutatorFindings.map((f) => f.code)).toContain("capabilities-dropped-default-add");
    for (const m of gk.violations.flatMap((v) => v.messages)) expect(m, where).toContain("both added and dropped");
    return;
  }
  // mutation-not-on-update: PSP refuses an update that needs defaults; Gatekeeper writes them (and the
  // API server then refuses the spec change). The constraint alone refuses like PSP.
  expect(op, where).toBe("update");
  expect(gk.mutations.length, where).toBeGreaterThan(0);
  expect(out.gkValidateOnly.allowed, where).toBe(false);
  expect(out.mutatorFindings.map((f) => f.code)).toContain("mutation-not-on-update");
}

function container(name: string, caps?: { add?: string[]; drop?: string[] }) {
  return caps ? { name, image: "busybox", securityContext: { capabilities: caps } } : { name, image: "busybox" };
}

function podOf(containers: Record<string, unknown>[], init: Record<string, unknown>[] = []): Pod {
  return {
    metadata: { name: "p", namespace: "ns1" },
    spec: {
      serviceAccountName: "default",
      containers,
      ...(init.length ? { initContainers: init } : {}),
    },
  } as unknown as Pod;
}

function check(spec: Record<string, unknown>, pod: Pod, op: "create" | "update" = "create"): BothOutcome {
  const p = psp(spec);
  const old = op === "update" ? { ...deepCopy(pod), metadata: { ...pod.metadata, labels: { v: "1" } } } : undefined;
  const out = runBoth(emitter, p, pod, op, old);
  compare(out, p, pod, op);
  return out;
}

describe("capabilities Gatekeeper template and mutators", () => {
  itTemplateMirrors(emitter, 5);

  it("parameters follow the schema; no constraint only for '*' without defaults", () => {
    const p = psp({
      allowedCapabilities: ["NET_ADMIN"],
      defaultAddCapabilities: ["CHOWN"],
      requiredDropCapabilities: ["NET_RAW"],
    });
    const params = emitter.parameters(p);
    expect(params).toEqual({
      allowedCapabilities: ["NET_ADMIN"],
      defaultAddCapabilities: ["CHOWN"],
      requiredDropCapabilities: ["NET_RAW"],
    });
    expect(schemaProblems(emitter.template.parametersSchema, params)).toEqual([]);
    expect(emitter.parameters(psp({ allowedCapabilities: ["*"] }))).toBeNull();
    expect(emitter.parameters(psp({ allowedCapabilities: ["*"], defaultAddCapabilities: ["CHOWN"] }))).not.toBeNull();
    expect(emitter.parameters(psp({}))).not.toBeNull();
  });

  it("mutators: one ModifySet per container list and field, merge only, scoped by match", () => {
    const p = psp({ defaultAddCapabilities: ["CHOWN"], requiredDropCapabilities: ["NET_RAW", "SYS_ADMIN"] });
    const { mutators, findings } = emitter.mutators(p, SCOPE);
    expect(mutators).toHaveLength(6);
    const locations = mutators.map((m) => (m.spec as { location: string }).location).sort();
    expect(locations).toEqual([
      "spec.containers[name:*].securityContext.capabilities.add",
      "spec.containers[name:*].securityContext.capabilities.drop",
      "spec.ephemeralContainers[name:*].securityContext.capabilities.add",
      "spec.ephemeralContainers[name:*].securityContext.capabilities.drop",
      "spec.initContainers[name:*].securityContext.capabilities.add",
      "spec.initContainers[name:*].securityContext.capabilities.drop",
    ]);
    for (const m of mutators) {
      expect(m.kind).toBe("ModifySet");
      expect((m.spec as Record<string, unknown>).match).toEqual(SCOPE.match);
      expect((m.spec as { parameters: { operation: string } }).parameters.operation).toBe("merge");
    }
    expect(findings.map((f) => f.code).sort()).toEqual([
      "capabilities-dropped-default-add",
      "capabilities-not-sorted",
      "mutation-not-on-update",
    ]);
    expect(emitter.mutators(psp({ allowedCapabilities: ["NET_ADMIN"] }), SCOPE)).toEqual({
      mutators: [],
      findings: [],
    });
  });

  describe("allowed / denied / edges", () => {
    it("allowedCapabilities: listed adds pass, others are refused with the container and capability named", () => {
      expect(
        check({ allowedCapabilities: ["NET_ADMIN"] }, podOf([container("a", { add: ["NET_ADMIN"] })])).gk.allowed,
      ).toBe(true);
      const out = check(
        { allowedCapabilities: ["NET_ADMIN"] },
        podOf([container("a", { add: ["SYS_ADMIN", "NET_ADMIN"] })]),
      );
      expect(out.gk.violations[0]?.messages).toEqual([
        "container a: securityContext.capabilities.add: SYS_ADMIN: capability may not be added",
      ]);
      // case-sensitive, no CAP_ prefix folding
      expect(
        check({ allowedCapabilities: ["NET_ADMIN"] }, podOf([container("a", { add: ["net_admin"] })])).gk.allowed,
      ).toBe(false);
      expect(check({ allowedCapabilities: ["*"] }, podOf([container("a", { add: ["SYS_ADMIN"] })])).gk.allowed).toBe(
        true,
      );
      expect(check({}, podOf([container("a", { add: ["CHOWN"] })])).gk.allowed).toBe(false);
    });

    it("requiredDrop: mutator adds the drops on create (init containers too); ALL does not count", () => {
      const out = check(
        { requiredDropCapabilities: ["NET_RAW"] },
        podOf([container("a"), container("b", { drop: ["ALL"] })], [container("i", { add: [] })]),
      );
      expect(out.gk.allowed).toBe(true);
      expect(effective(out.gk.mutatedPod)).toEqual({
        i: { add: [], drop: ["NET_RAW"] },
        a: { add: [], drop: ["NET_RAW"] },
        b: { add: [], drop: ["ALL", "NET_RAW"] },
      });
    });

    it("requiredDrop without the mutation (update): refused like PSP by the constraint alone", () => {
      const pod = podOf([container("a", { drop: ["ALL"] })]);
      const out = check({ requiredDropCapabilities: ["NET_RAW"] }, pod, "update");
      expect(out.engine.allowed).toBe(false);
      expect(out.gkValidateOnly.violations[0]?.messages).toEqual([
        "container a: securityContext.capabilities.drop: NET_RAW: required to be dropped but was not found",
      ]);
      const unset = check({ requiredDropCapabilities: ["NET_RAW"] }, podOf([container("a")]), "update");
      expect(unset.gkValidateOnly.violations[0]?.messages).toEqual([
        "container a: securityContext.capabilities: required capabilities are not set on the securityContext",
      ]);
    });

    it("defaultAdd: mutator adds the defaults, which are allowed; a pod with them already is untouched", () => {
      const out = check(
        { defaultAddCapabilities: ["CHOWN", "KILL"] },
        podOf([container("a"), container("b", { add: ["KILL"] })]),
      );
      expect(out.gk.allowed).toBe(true);
      expect(effective(out.gk.mutatedPod).b).toEqual({ add: ["CHOWN", "KILL"], drop: [] });
      const done = check({ defaultAddCapabilities: ["CHOWN"] }, podOf([container("a", { add: ["CHOWN"] })]));
      expect(done.gk.mutations).toEqual([]);
    });

    it("defaultAdd dropped by the container: PSP leaves it out, Gatekeeper refuses (finding)", () => {
      const out = check({ defaultAddCapabilities: ["CHOWN"] }, podOf([container("a", { drop: ["CHOWN"] })]));
      expect(out.engine.allowed).toBe(true);
      expect(out.gk.allowed).toBe(false);
      expect(out.gk.violations[0]?.messages[0]).toContain(
        "container a: securityContext.capabilities: CHOWN: default capability",
      );
      // dropping ALL does not remove a default add in PSP either: both admit, same sets
      expect(check({ defaultAddCapabilities: ["CHOWN"] }, podOf([container("a", { drop: ["ALL"] })])).gk.allowed).toBe(
        true,
      );
    });

    it("ephemeral containers are checked and defaulted too", () => {
      const base = podOf([container("a", { drop: ["NET_RAW"] })]);
      const pod = {
        ...base,
        spec: { ...base.spec, ephemeralContainers: [container("dbg", { add: ["SYS_PTRACE"] })] },
      } as Pod;
      const out = check({ requiredDropCapabilities: ["NET_RAW"] }, pod, "update");
      expect(out.engine.allowed).toBe(false);
      expect(out.gkValidateOnly.violations[0]?.messages).toEqual([
        "container dbg: securityContext.capabilities.add: SYS_PTRACE: capability may not be added",
        "container dbg: securityContext.capabilities.drop: NET_RAW: required to be dropped but was not found",
      ]);
      const created = check({ requiredDropCapabilities: ["NET_RAW"], allowedCapabilities: ["SYS_PTRACE"] }, pod);
      expect(created.gk.allowed).toBe(true);
      expect(effective(created.gk.mutatedPod).dbg).toEqual({ add: ["SYS_PTRACE"], drop: ["NET_RAW"] });
    });

    it("allowedCapabilities '*' skips the required-drop check but not the 'not set' check", () => {
      // PSP validation forbids requiredDrop with '*'; defaultAdd with '*' is valid.
      const out = check(
        { allowedCapabilities: ["*"], defaultAddCapabilities: ["CHOWN"] },
        podOf([container("a")]),
        "update",
      );
      expect(out.gkValidateOnly.allowed).toBe(false);
    });
  });

  describeSharedCases({ emitter, pspFields: FIELDS, from: "spec", has: "capability", atLeast: 3, check: compare });

  it("differential on generated pods and PSPs", () => {
    const cap = fc.constantFrom<string>("ALL", "all", "CHOWN", "NET_RAW", "NET_ADMIN", "SYS_ADMIN", "KILL");
    const caps = fc.uniqueArray(cap, { maxLength: 3 });
    const capsObject = fc.option(
      fc.record(
        { add: fc.option(caps, { nil: undefined }), drop: fc.option(caps, { nil: undefined }) },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    );
    const pspSpec = fc
      .record({
        allowed: fc.option(fc.oneof(caps, fc.constant<string[]>(["*"])), { nil: undefined }),
        add: caps,
        drop: caps,
      })
      .map(({ allowed, add, drop }) => {
        // Keep the PSP valid: no requiredDrop with '*', no overlap of requiredDrop with defaultAdd/allowed.
        const requiredDrop = allowed?.includes("*")
          ? []
          : drop.filter((d) => !add.includes(d) && !allowed?.includes(d));
        const spec: Record<string, unknown> = {};
        if (allowed) spec.allowedCapabilities = allowed;
        if (add.length) spec.defaultAddCapabilities = add;
        if (requiredDrop.length) spec.requiredDropCapabilities = requiredDrop;
        return spec;
      });
    fc.assert(
      fc.property(
        pspSpec,
        fc.array(capsObject, { minLength: 1, maxLength: 3 }),
        fc.array(capsObject, { maxLength: 1 }),
        (spec, regular, init) => {
          const pod = podOf(
            regular.map((c, i) => container(`c${i}`, c)),
            init.map((c, i) => container(`i${i}`, c)),
          );
          for (const op of ["create", "update"] as const) check(spec, pod, op);
        },
      ),
      { numRuns: 300 },
    );
  });
});
