/**
 * sysctls → Psp2gkSysctls: CEL lint, Rego mirror, and a differential against the reference engine
 * (shared cases + generated pods) on a PSP permissive in every other concern.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitter } from "../../../src/concerns/sysctls/gatekeeper/index.js";
import { concern } from "../../../src/concerns/sysctls/index.js";
import { SAFE_SYSCTLS } from "../../../src/concerns/sysctls/patterns.js";
import type { Pod } from "../../../src/model/k8s-types.js";
import { deepCopy } from "../../../src/psp/plain-data.js";
import {
  describeSharedCases,
  itTemplateMirrors,
  pspForConcern,
  runBoth,
  schemaProblems,
} from "../shared/gatekeeper-options.js";

const FIELDS = concern.pspFields;

function psp(spec: Record<string, unknown>) {
  return pspForConcern(FIELDS, { spec });
}

function pod(names: string[]): Pod {
  return {
    metadata: { name: "p", namespace: "ns1" },
    spec: {
      serviceAccountName: "default",
      securityContext: { sysctls: names.map((name) => ({ name, value: "1" })) },
      containers: [{ name: "c", image: "busybox" }],
    },
  } as Pod;
}

/** Same decision in the engine and the simulator; returns the simulator's messages. */
function agree(spec: Record<string, unknown>, names: string[], operation: "create" | "update" = "create"): string[] {
  const p = pod(names);
  // An update that changes only a label (an identical update is not evaluated by PSP).
  const old = operation === "update" ? { ...deepCopy(p), metadata: { ...p.metadata, labels: { v: "1" } } } : undefined;
  const out = runBoth(emitter, psp(spec), p, operation, old);
  if (out.engine.rejectedBy === "api-validation") return []; // the API server refuses it either way
  const where = `${JSON.stringify(spec)} ${JSON.stringify(names)} ${out.engine.message ?? ""}`;
  expect(out.gk.mutationError, where).toBeUndefined();
  expect(out.gk.allowed, where).toBe(out.engine.allowed);
  return out.gk.violations.flatMap((v) => v.messages);
}

describe("sysctls Gatekeeper template", () => {
  itTemplateMirrors(emitter, 2);

  it("parameters follow the schema; no constraint when every sysctl is allowed", () => {
    const params = emitter.parameters(psp({ forbiddenSysctls: ["kernel.*"], allowedUnsafeSysctls: ["net.*"] }));
    expect(params).toEqual({
      forbiddenSysctls: ["kernel.*"],
      allowedUnsafeSysctls: ["net.*"],
      safeSysctls: [...SAFE_SYSCTLS],
    });
    expect(schemaProblems(emitter.template.parametersSchema, params)).toEqual([]);
    expect(emitter.parameters(psp({ allowedUnsafeSysctls: ["*"] }))).toBeNull();
    // Nothing set: unsafe sysctls are refused, so there is a constraint.
    expect(emitter.parameters(psp({}))).not.toBeNull();
    expect(emitter.mutators(psp({}), { match: {}, namePrefix: "p" })).toEqual({ mutators: [], findings: [] });
  });

  describe("allowed / denied / edges", () => {
    it("safe sysctls are allowed unless forbidden; forbidden wins", () => {
      expect(agree({}, ["kernel.shm_rmid_forced", "net.ipv4.tcp_syncookies"])).toEqual([]);
      expect(agree({ forbiddenSysctls: ["kernel.shm_rmid_forced"] }, ["kernel.shm_rmid_forced"])).toEqual([
        'spec.securityContext.sysctls: sysctl "kernel.shm_rmid_forced" is not allowed',
      ]);
      expect(agree({ forbiddenSysctls: ["*"] }, ["net.ipv4.tcp_syncookies"])).toHaveLength(1);
    });

    it("unsafe sysctls need allowedUnsafeSysctls (exact or prefix)", () => {
      expect(agree({}, ["kernel.msgmax"])).toEqual([
        'spec.securityContext.sysctls: unsafe sysctl "kernel.msgmax" is not allowed',
      ]);
      expect(agree({ allowedUnsafeSysctls: ["kernel.msgmax"] }, ["kernel.msgmax"])).toEqual([]);
      expect(agree({ allowedUnsafeSysctls: ["kernel.msg*"] }, ["kernel.msgmax", "kernel.msgmnb"])).toEqual([]);
      expect(agree({ allowedUnsafeSysctls: ["kernel.msg*"] }, ["kernel.sem"])).toHaveLength(1);
      // plain string prefix: `a*` matches `abc`, `net.*` does not match `netfoo`
      expect(agree({ allowedUnsafeSysctls: ["a*"] }, ["abc"])).toEqual([]);
      expect(agree({ allowedUnsafeSysctls: ["net.*"] }, ["netfoo"])).toHaveLength(1);
    });

    it("forbidden beats allowedUnsafe; every offending sysctl is named", () => {
      const msgs = agree({ forbiddenSysctls: ["kernel.sem"], allowedUnsafeSysctls: ["net.*"] }, [
        "kernel.sem",
        "kernel.msgmax",
        "net.core.somaxconn",
      ]);
      expect(msgs.join("\n")).toContain('sysctl "kernel.sem" is not allowed');
      expect(msgs.join("\n")).toContain('unsafe sysctl "kernel.msgmax" is not allowed');
      expect(msgs.join("\n")).not.toContain("somaxconn");
    });

    it("slash-separated names are compared as written; no sysctls is fine; update is checked too", () => {
      expect(agree({}, ["net/ipv4/tcp_syncookies"])).toHaveLength(1);
      expect(agree({ forbiddenSysctls: ["*"] }, [])).toEqual([]);
      expect(agree({}, ["kernel.msgmax"], "update")).toHaveLength(1);
      expect(agree({ allowedUnsafeSysctls: ["kernel.*"] }, ["kernel.msgmax"], "update")).toEqual([]);
    });
  });

  describeSharedCases({
    emitter,
    pspFields: FIELDS,
    from: "spec",
    has: "sysctl",
    atLeast: 0,
    filter: (c) => JSON.stringify(c.pod ?? {}).includes("sysctls"),
    check: (out) => {
      if (out.engine.rejectedBy === "api-validation") return; // the API server refuses it either way
      expect(out.gk.allowed, out.engine.message).toBe(out.engine.allowed);
    },
  });

  it("differential on generated pods and PSPs", () => {
    const seg = fc.constantFrom("kernel", "net", "ipv4", "shm_rmid_forced", "msgmax", "ip_local_port_range", "a", "ab");
    const name = fc.oneof(
      fc.constantFrom(...SAFE_SYSCTLS),
      fc.array(seg, { minLength: 1, maxLength: 3 }).map((s) => s.join(".")),
    );
    const pattern = fc.oneof(
      name,
      name.map((n) => `${n}*`),
      name.map((n) => `${n.slice(0, Math.max(1, n.length - 3))}*`),
      fc.constant("*"),
    );
    fc.assert(
      fc.property(
        fc.array(name, { maxLength: 4 }),
        fc.option(fc.array(pattern, { maxLength: 3 }), { nil: undefined }),
        fc.option(fc.array(pattern, { maxLength: 3 }), { nil: undefined }),
        fc.constantFrom("create" as const, "update" as const),
        (names, forbidden, allowed, op) => {
          const spec: Record<string, unknown> = {};
          if (forbidden) spec.forbiddenSysctls = forbidden;
          if (allowed) spec.allowedUnsafeSysctls = allowed;
          const unique = [...new Set(names)];
          agree(spec, unique, op);
        },
      ),
      { numRuns: 300 },
    );
  });
});
