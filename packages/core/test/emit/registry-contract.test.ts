/**
 * The contract every registered concern emitter must keep, checked over the whole registry (so a new
 * emitter is held to it the moment it lands): its template assembles into a v1 ConstraintTemplate that
 * the simulator loads; structural parameters schema; CEL passes `lintCelSource`; Rego is v0 syntax
 * with `violation` rules; constraints for a restrictive PSP load and their parameters fit; mutators
 * are complete `mutations.gatekeeper.sh/v1` objects on Pods, scoped by `MutatorScope.match`, fill only
 * missing values, no `assignIf`.
 */

import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { KIND_PREFIX } from "../../src/emit/concern-emitter.js";
import { buildConstraint } from "../../src/emit/constraints.js";
import { EMITTERS } from "../../src/emit/emitters.js";
import { mutatorScope } from "../../src/emit/scope.js";
import { buildTemplate } from "../../src/emit/template.js";
import { GatekeeperSimulator, lintCelSource } from "../../src/gatekeeper/index.js";
import { defaultPsp } from "../../src/model/defaults.js";
import type { PodSecurityPolicy } from "../../src/model/k8s-types.js";
import type { PspInput } from "../../src/model/schemas/psp.js";

/** The Kubernetes docs' restricted PSP with seccomp/AppArmor defaults, a host path and sysctls: most concerns restrict. */
const RESTRICTIVE = defaultPsp({
  apiVersion: "policy/v1beta1",
  kind: "PodSecurityPolicy",
  metadata: {
    name: "restrictive",
    annotations: {
      "seccomp.security.alpha.kubernetes.io/allowedProfileNames": "runtime/default",
      "seccomp.security.alpha.kubernetes.io/defaultProfileName": "runtime/default",
      "apparmor.security.beta.kubernetes.io/allowedProfileNames": "runtime/default",
      "apparmor.security.beta.kubernetes.io/defaultProfileName": "runtime/default",
    },
  },
  spec: {
    privileged: false,
    allowPrivilegeEscalation: false,
    defaultAddCapabilities: ["CHOWN"],
    allowedCapabilities: ["NET_BIND_SERVICE"],
    requiredDropCapabilities: ["NET_RAW"],
    volumes: ["configMap", "secret", "hostPath", "projected"],
    allowedHostPaths: [{ pathPrefix: "/var/log", readOnly: true }],
    hostPorts: [{ min: 8000, max: 8080 }],
    runAsUser: { rule: "MustRunAs", ranges: [{ min: 1000, max: 2000 }] },
    runAsGroup: { rule: "MustRunAs", ranges: [{ min: 1000, max: 2000 }] },
    seLinux: { rule: "MustRunAs", seLinuxOptions: { level: "s0:c1,c2" } },
    supplementalGroups: { rule: "MustRunAs", ranges: [{ min: 1, max: 65535 }] },
    fsGroup: { rule: "MustRunAs", ranges: [{ min: 1, max: 65535 }] },
    readOnlyRootFilesystem: true,
    allowedUnsafeSysctls: ["net.core.*"],
    forbiddenSysctls: ["kernel.msgmax"],
    runtimeClass: { allowedRuntimeClassNames: ["gvisor"], defaultRuntimeClassName: "gvisor" },
  },
} as PspInput) as PodSecurityPolicy;

const SCOPE = { excludedNamespaces: ["gatekeeper-system"] };
const registered = Object.values(EMITTERS).filter((e) => e !== undefined);

/** Every level of an openAPIV3Schema has a `type` (or is an x-kubernetes-int-or-string / preserve-unknown leaf). */
function structuralProblems(schema: unknown, path = "$"): string[] {
  if (!schema || typeof schema !== "object") return [`${path}: not an object`];
  const s = schema as Record<string, unknown>;
  const out: string[] = [];
  if (
    typeof s.type !== "string" &&
    s["x-kubernetes-int-or-string"] !== true &&
    s["x-kubernetes-preserve-unknown-fields"] !== true
  ) {
    out.push(`${path}: no type`);
  }
  for (const [k, v] of Object.entries((s.properties as Record<string, unknown>) ?? {}))
    out.push(...structuralProblems(v, `${path}.${k}`));
  if (s.items !== undefined) out.push(...structuralProblems(s.items, `${path}[]`));
  if (s.additionalProperties && typeof s.additionalProperties === "object") {
    out.push(...structuralProblems(s.additionalProperties, `${path}{}`));
  }
  return out;
}

describe("registered concern emitters keep the emission contract", () => {
  it("the registry lists every concern (undefined = not emitted yet)", () => {
    expect(Object.keys(EMITTERS).length).toBe(17);
    for (const [name, e] of Object.entries(EMITTERS)) if (e) expect(e.concern).toBe(name);
  });

  for (const emitter of registered) {
    describe(emitter.concern, () => {
      const template = buildTemplate(emitter.template);

      it("template: our kind prefix, lowercase name, structural parameters schema, loads in the simulator", () => {
        expect(emitter.template.kind.startsWith(KIND_PREFIX)).toBe(true);
        expect((template.metadata as { name: string }).name).toBe(emitter.template.kind.toLowerCase());
        expect(structuralProblems(emitter.template.parametersSchema)).toEqual([]);
        expect(emitter.template.description.length).toBeGreaterThan(20);
        expect(() => new GatekeeperSimulator({ templates: [template], constraints: [] })).not.toThrow();
      });

      it("CEL lints clean; Rego is v0 with violation rules and no rego.v1", () => {
        expect(lintCelSource(parse(emitter.template.cel))).toEqual([]);
        expect(emitter.template.rego).not.toMatch(/import\s+rego\.v1/);
        expect(emitter.template.rego).toMatch(/^package \S+/m);
        expect(emitter.template.rego).toMatch(/violation\[\{"msg": msg/);
      });

      it("Rego mirrors the CEL: every CEL variable is a Rego rule of the same name, one violation rule per validation", () => {
        const cel = parse(emitter.template.cel) as { variables?: { name: string }[]; validations?: unknown[] };
        const missing = (cel.variables ?? [])
          .map((v) => v.name)
          .filter((name) => !new RegExp(`^${name}\\b`, "m").test(emitter.template.rego));
        expect(missing).toEqual([]);
        expect((emitter.template.rego.match(/^violation\[/gm) ?? []).length).toBe((cel.validations ?? []).length);
      });

      it("constraint for a restrictive PSP loads with the template", () => {
        const constraint = buildConstraint(emitter, RESTRICTIVE, SCOPE, { enforcementAction: "deny" });
        if (constraint === null) return;
        expect(() => new GatekeeperSimulator({ templates: [template], constraints: [constraint] })).not.toThrow();
      });

      it("mutators: complete v1 objects on Pods, scoped by the MutatorScope, fill-only, no assignIf", () => {
        const scope = mutatorScope(SCOPE, "restrictive");
        const { mutators } = emitter.mutators(RESTRICTIVE, scope);
        expect(() => new GatekeeperSimulator({ templates: [], constraints: [], mutators })).not.toThrow();
        for (const m of mutators) {
          const spec = m.spec as Record<string, unknown>;
          const name = (m.metadata as { name: string }).name;
          expect(m.apiVersion, name).toBe("mutations.gatekeeper.sh/v1");
          expect(["Assign", "AssignMetadata", "ModifySet"], name).toContain(m.kind);
          expect(spec.match, name).toEqual(scope.match);
          expect(name.startsWith("restrictive-"), name).toBe(true);
          if (m.kind !== "AssignMetadata") {
            expect(spec.applyTo, name).toEqual([{ groups: [""], kinds: ["Pod"], versions: ["v1"] }]);
          }
          const parameters = (spec.parameters ?? {}) as Record<string, unknown>;
          expect(parameters.assignIf, name).toBeUndefined();
          if (m.kind === "Assign") {
            const tests = (parameters.pathTests ?? []) as { condition: string }[];
            expect(
              tests.some((t) => t.condition === "MustNotExist"),
              `${name} fills only what is missing`,
            ).toBe(true);
          }
        }
      });
    });
  }
});
