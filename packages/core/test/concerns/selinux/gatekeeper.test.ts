import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitter } from "../../../src/concerns/selinux/gatekeeper/index.js";
import { equalLevels } from "../../../src/concerns/selinux/levels.js";
import type { Pod, SELinuxOptions } from "../../../src/model/k8s-types.js";
import { containersOf, effective } from "../../../src/psp/security-context.js";
import { podArb } from "../shared/gatekeeper-gen.js";
import {
  artefacts,
  expectSameDecision,
  expectTemplateMirrors,
  itSharedCases,
  pspWith,
  runBoth,
  templateMessages,
} from "../shared/gatekeeper-identity.js";

const WANTED = { user: "system_u", role: "system_r", type: "container_t", level: "s0:c1,c2" };
const mustRunAs = pspWith({ seLinux: { rule: "MustRunAs", seLinuxOptions: WANTED } });

/** Options with empty strings dropped: Kubernetes' JSON cannot tell "" from unset. */
function norm(o: SELinuxOptions | undefined | null) {
  if (!o) return undefined;
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== "" && v !== undefined));
}

/** Pod-level options, then each container's effective options. */
function effectiveOptions(pod: Pod) {
  return [
    norm(pod.spec.securityContext?.seLinuxOptions),
    ...containersOf(pod).map((r) => norm(effective(pod, r.container, "seLinuxOptions"))),
  ];
}

function pod(spec: Record<string, unknown>): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "ns" },
    spec: { containers: [{ name: "c", image: "busybox" }], ...spec },
  } as unknown as Pod;
}

const withPodOptions = (o: Record<string, string>, extra: Record<string, unknown> = {}) =>
  pod({ securityContext: { seLinuxOptions: o }, ...extra });

describe("selinux Gatekeeper template", () => {
  it("lints, mirrors the Rego and has a structural parameters schema", () => {
    expectTemplateMirrors(emitter);
  });

  it("parameters: null for RunAsAny; the PSP's options (non-empty fields) for MustRunAs", () => {
    expect(emitter.parameters(pspWith({}))).toBeNull();
    expect(emitter.parameters(mustRunAs)).toEqual({ rule: "MustRunAs", seLinuxOptions: WANTED });
    expect(
      emitter.parameters(pspWith({ seLinux: { rule: "MustRunAs", seLinuxOptions: { level: "s0", user: "" } } })),
    ).toEqual({ rule: "MustRunAs", seLinuxOptions: { level: "s0" } });
  });

  it("exact match of all four fields; an empty PSP field requires an empty pod field", () => {
    expect(templateMessages(emitter, mustRunAs, withPodOptions(WANTED))).toEqual([]);
    expect(templateMessages(emitter, mustRunAs, withPodOptions({ ...WANTED, type: "spc_t" }))).toEqual([
      'spec.securityContext.seLinuxOptions.type: Invalid value: "spc_t": must be container_t; ' +
        'spec.containers[name: c].securityContext.seLinuxOptions.type: Invalid value: "spc_t": must be container_t',
    ]);
    const levelOnly = pspWith({ seLinux: { rule: "MustRunAs", seLinuxOptions: { level: "s0" } } });
    expect(templateMessages(emitter, levelOnly, withPodOptions({ level: "s0", user: "u" }))).toEqual([
      'spec.securityContext.seLinuxOptions.user: Invalid value: "u": must be ; ' +
        // The message's trailing space is trimmed (as Kubernetes does for messageExpression).
        'spec.containers[name: c].securityContext.seLinuxOptions.user: Invalid value: "u": must be',
    ]);
  });

  it("a container's own options replace the pod's as a whole (never merged per field)", () => {
    const out = templateMessages(
      emitter,
      mustRunAs,
      withPodOptions(WANTED, {
        initContainers: [{ name: "i", securityContext: { seLinuxOptions: { user: "system_u" } } }],
      }),
    );
    expect(out).toEqual([
      'spec.initContainers[name: i].securityContext.seLinuxOptions.level: Invalid value: "": must be s0:c1,c2; ' +
        'spec.initContainers[name: i].securityContext.seLinuxOptions.role: Invalid value: "": must be system_r; ' +
        'spec.initContainers[name: i].securityContext.seLinuxOptions.type: Invalid value: "": must be container_t',
    ]);
  });

  it("pod-level options are required even when every container has its own", () => {
    expect(
      templateMessages(
        emitter,
        mustRunAs,
        pod({ containers: [{ name: "c", securityContext: { seLinuxOptions: WANTED } }] }),
      ),
    ).toEqual(["spec.securityContext.seLinuxOptions: Required value"]);
  });

  it("level: categories in any order, repeats count, sensitivity compared as a string, ranges not expanded", () => {
    const ok = (level: string, wanted = "s0:c1,c2") =>
      templateMessages(
        emitter,
        pspWith({ seLinux: { rule: "MustRunAs", seLinuxOptions: { level: wanted } } }),
        withPodOptions({ level }),
      ).length === 0;
    expect(ok("s0:c1,c2")).toBe(true);
    expect(ok("s0:c2,c1")).toBe(true);
    expect(ok("s0:c1,c1")).toBe(false);
    expect(ok("s0:c1,c2,c2")).toBe(false);
    expect(ok("s0:c1")).toBe(false);
    expect(ok("s1:c2,c1")).toBe(false);
    expect(ok("s0:c0.c2")).toBe(false);
    expect(ok("s0:c1,c1,c2", "s0:c1,c2,c1")).toBe(true);
    expect(ok("s0:c1,c2,c2", "s0:c1,c2,c1")).toBe(false);
    expect(ok("s0", "s0")).toBe(true);
    expect(ok("s0:", "s0")).toBe(false);
    expect(ok("", "")).toBe(true);
  });

  it("level equality agrees with the engine's equalLevels on generated levels (duplicates included)", () => {
    const cat = fc.constantFrom("c0", "c1", "c2", "c0.c2", "");
    const level = fc.oneof(
      fc
        .tuple(fc.constantFrom("s0", "s1", ""), fc.array(cat, { minLength: 1, maxLength: 4 }))
        .map(([s, cs]) => `${s}:${cs.join(",")}`),
      fc.constantFrom("s0", "", "s0:c1:c2", "s0-s0:c0"),
    );
    fc.assert(
      fc.property(level, level, (wanted, actual) => {
        const psp = pspWith({ seLinux: { rule: "MustRunAs", seLinuxOptions: { level: wanted } } });
        const messages = templateMessages(emitter, psp, withPodOptions({ level: actual }));
        expect(messages.length === 0, `${wanted} vs ${actual}`).toBe(equalLevels(wanted, actual));
      }),
      { numRuns: 400 },
    );
  });

  it("fail closed: unknown rule, or MustRunAs without options", () => {
    const bogus = pspWith({ seLinux: { rule: "MustRunAs", seLinuxOptions: WANTED } });
    (bogus.spec.seLinux as { rule: string }).rule = "Bogus";
    expect(runBoth(emitter, bogus, withPodOptions(WANTED)).gatekeeper.allowed).toBe(false);
    const noOptions = pspWith({ seLinux: { rule: "MustRunAs" } });
    expect(emitter.parameters(noOptions)).toEqual({ rule: "MustRunAs" });
    expect(templateMessages(emitter, noOptions, withPodOptions(WANTED))).toContain(
      "seLinux: MustRunAs without seLinuxOptions: every pod is denied (fail closed)",
    );
    expect(emitter.mutators(noOptions, { match: {}, namePrefix: "p" })).toEqual({ mutators: [], findings: [] });
  });
});

describe("selinux Gatekeeper mutators", () => {
  it("MustRunAs: one pod-level Assign of the PSP's whole options, only when missing", () => {
    const { mutators, findings } = emitter.mutators(mustRunAs, { match: {}, namePrefix: "p" });
    expect(mutators).toHaveLength(1);
    expect(mutators[0]?.spec).toMatchObject({
      location: "spec.securityContext.seLinuxOptions",
      parameters: {
        pathTests: [{ subPath: "spec.securityContext.seLinuxOptions", condition: "MustNotExist" }],
        assign: { value: WANTED },
      },
    });
    expect(findings.map((f) => [f.code, f.level])).toEqual([["mutation-not-on-update", "info"]]);
    expect(emitter.mutators(pspWith({}), { match: {}, namePrefix: "p" })).toEqual({ mutators: [], findings: [] });
  });

  it("same pod and effective options as PSP: missing → default, present → kept, container overrides checked", () => {
    for (const p of [
      pod({}),
      withPodOptions({ ...WANTED, level: "s0:c2,c1" }),
      withPodOptions({ level: "s0:c1,c2" }),
      pod({ containers: [{ name: "c", securityContext: { seLinuxOptions: WANTED } }] }),
      pod({ ephemeralContainers: [{ name: "e", securityContext: { seLinuxOptions: { ...WANTED, user: "x" } } }] }),
    ]) {
      expectSameDecision(emitter, mustRunAs, p, effectiveOptions);
    }
    const empty = pspWith({ seLinux: { rule: "MustRunAs", seLinuxOptions: {} } });
    expectSameDecision(emitter, empty, pod({}), effectiveOptions);
  });
});

describe("selinux differential (engine vs Gatekeeper simulator)", () => {
  itSharedCases(emitter, "seLinux", 3, () => effectiveOptions);

  for (const [name, wanted] of [
    ["full options", WANTED],
    ["level with a repeated category", { level: "s0:c1,c1,c2", type: "container_t" }],
    ["empty options", {}],
  ] as const) {
    it(`generated pods, ${name}, create and update`, () => {
      const psp = pspWith({ seLinux: { rule: "MustRunAs", seLinuxOptions: wanted } });
      const built = artefacts(emitter, psp);
      const options = fc.record(
        {
          user: fc.constantFrom("system_u", "x", ""),
          role: fc.constantFrom("system_r", ""),
          type: fc.constantFrom("container_t", "spc_t"),
          level: fc.constantFrom("s0:c1,c2", "s0:c2,c1", "s0:c1,c1,c2", "s0:c2,c1,c1", "s0:c1", "s0", ""),
        },
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(
          podArb({ seLinuxOptions: options }, { seLinuxOptions: options }),
          fc.constantFrom("create" as const, "update" as const),
          (p, op) => {
            expectSameDecision(emitter, psp, p, effectiveOptions, op, undefined, built);
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});
