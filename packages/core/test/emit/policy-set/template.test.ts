/**
 * The composed template itself: it lints and passes the rough Kubernetes type check, reads back as
 * the YAML it means, is deterministic and memoised, keeps each pod-only variable once, refuses concern
 * sources it cannot compose, and has a structural parameters schema that fits the parameters.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ConcernEmitter } from "../../../src/emit/concern-emitter.js";
import { EMITTERS } from "../../../src/emit/emitters.js";
import { composePolicySetCel } from "../../../src/emit/policy-set/compose-cel.js";
import {
  concernKey,
  POLICY_SET_KIND,
  policySetParameters,
  policySetTemplate,
} from "../../../src/emit/policy-set/index.js";
import { buildTemplate, guardedCelSource } from "../../../src/emit/template.js";
import { GatekeeperSimulator, lintCelSource } from "../../../src/gatekeeper/index.js";
import { celTypeProblems, schemaProblems } from "../../concerns/shared/gatekeeper-harness.js";
import { EVERYONE, pspFromCase, REGISTERED } from "./harness.js";

interface Source {
  variables: { name: string; expression: string }[];
  validations: { expression: string; message?: string; messageExpression?: string }[];
}

const template = policySetTemplate();
const source = parse(template.cel) as Source;
const sources = REGISTERED.map(({ name, emitter }) => ({
  key: concernKey(name),
  kind: emitter.template.kind,
  cel: emitter.template.cel,
}));

describe("policy-set CEL", () => {
  it("passes lintCelSource and the rough Kubernetes type check, as assembled (with the admission guards)", () => {
    const assembled = guardedCelSource(template);
    expect(lintCelSource(assembled)).toEqual([]);
    expect(celTypeProblems(assembled)).toEqual([]);
  });

  it("loads in the simulator as a template", () => {
    expect(
      () => new GatekeeperSimulator({ templates: [buildTemplate(template, "cel")], constraints: [] }),
    ).not.toThrow();
  });

  it("reads back as plain mappings: variables {name, expression}, validations with expression and messages", () => {
    for (const v of source.variables) {
      expect(Object.keys(v).sort()).toEqual(["expression", "name"]);
      expect(v.name).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
      expect(v.expression.trim()).toBe(v.expression);
    }
    expect(source.validations).toHaveLength(2);
    expect(source.validations[0]?.message).toBe(
      "parameters.policies: every policy's index must be its position in the list",
    );
    expect(source.validations[1]?.messageExpression).toContain("unable to validate against any pod security policy: ");
  });

  it("is a pure function of the concern sources (same text every time) and memoised", () => {
    expect(composePolicySetCel(sources)).toBe(template.cel);
    expect(composePolicySetCel(sources)).toBe(composePolicySetCel(sources));
    expect(policySetTemplate()).toBe(template);
    // A fresh list of the same emitters gives the same template object (simulators compile it once).
    expect(policySetTemplate(REGISTERED.map((r) => r.emitter))).toBe(template);
  });

  it("has one error list per concern, in registry order, each guarded by the concern's key", () => {
    const names = source.variables.map((v) => v.name);
    const errorLists = names.filter((n) => n.endsWith("Errors") && !n.includes("_") && n !== "policyErrors");
    expect(errorLists).toEqual(sources.map((s) => `${s.key}Errors`));
    for (const s of sources) {
      const v = source.variables.find((x) => x.name === `${s.key}Errors`);
      expect(v?.expression).toContain(`!has(pspPolicy.checks.${s.key}) ? [] :`);
    }
    const policyErrors = source.variables.find((v) => v.name === "policyErrors")?.expression ?? "";
    const positions = sources.map((s) => policyErrors.indexOf(`variables.${s.key}Errors[pspPolicy.index]`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("keeps pod-only variables once (the container list shared by several concerns) and never reads variables.params in them", () => {
    const names = source.variables.map((v) => v.name);
    // host-network-and-ports' `containers` is the same code as privileged's, volumes' and others':
    // only the first is defined, and the later concerns read it.
    expect(names).toContain("hostNetworkAndPorts_containers");
    expect(names).not.toContain("privileged_containers");
    expect(names).not.toContain("volumes_containers");
    const privileged = source.variables.find((v) => v.name === "privileged_privilegedContainers");
    expect(privileged?.expression).toMatch(/^variables\.hostNetworkAndPorts_containers\.filter/);
    const containerLists = source.variables.filter((v) =>
      /^\(has\(object\.spec\.initContainers\) \? object\.spec\.initContainers : \[\]\)/.test(v.expression),
    );
    expect(containerLists.length).toBe(1);
    for (const v of source.variables) {
      if (v.name === "policies") continue;
      expect(v.expression).not.toMatch(/variables\.params\b/);
    }
    // Parameter-dependent variables are lists over the policies.
    const rule = source.variables.find((v) => v.name === "runAsUser_rule");
    expect(rule?.expression).toMatch(
      /^variables\.policies\.map\(pspPolicy, variables\.usable\[pspPolicy\.index\] && has\(pspPolicy\.checks\.runAsUser\) \? \[/,
    );
    expect(rule?.expression).toContain(
      "pspPolicy.checks.runAsUser != null && has(pspPolicy.checks.runAsUser.runAsUser)",
    );
  });

  it("refuses a concern source that uses a name reserved for the composition's lambdas", () => {
    const cel =
      "variables:\n  - name: x\n    expression: 'object.spec.containers.map(pspPolicy, pspPolicy.name)'\nvalidations: []\n";
    expect(() => composePolicySetCel([{ key: "bad", kind: "Psp2gkBad", cel }])).toThrow(
      /Psp2gkBad CEL: uses "pspPolicy"/,
    );
  });

  it("refuses a concern source with its own matchCondition or failurePolicy (they would apply to the whole set)", () => {
    const cel = "matchCondition:\n  - name: m\n    expression: 'true'\nvariables: []\nvalidations: []\n";
    expect(() => composePolicySetCel([{ key: "bad", kind: "Psp2gkBad", cel }])).toThrow(
      /"matchCondition" cannot be composed/,
    );
  });

  it("refuses a concern source that reads a variable it does not define before", () => {
    const cel = "variables:\n  - name: a\n    expression: 'variables.b'\nvalidations: []\n";
    expect(() => composePolicySetCel([{ key: "bad", kind: "Psp2gkBad", cel }])).toThrow(/reads variables\.b/);
  });

  it("does not rewrite variables.x inside string literals", () => {
    const cel =
      "variables:\n  - name: a\n    expression: 'variables.params.x'\n" +
      "validations:\n  - expression: 'variables.a == 1'\n    messageExpression: '\"see variables.a\"'\n";
    const out = parse(composePolicySetCel([{ key: "k", kind: "Psp2gkK", cel }])) as Source;
    const errors = out.variables.find((v) => v.name === "kErrors")?.expression ?? "";
    expect(errors).toContain('["see variables.a"]');
    expect(errors).toContain("(variables.k_a[pspPolicy.index][0] == 1)");
  });
});

describe("policy-set template and parameters", () => {
  it("has kind Psp2gkPolicySet and a structural schema with every concern's schema under checks", () => {
    expect(template.kind).toBe(POLICY_SET_KIND);
    expect(POLICY_SET_KIND).toBe("Psp2gkPolicySet");
    const items = (template.parametersSchema as { properties: { policies: { items: Record<string, unknown> } } })
      .properties.policies.items as { properties: { checks: { properties: Record<string, unknown> } } };
    expect(Object.keys(items.properties.checks.properties)).toEqual(sources.map((s) => s.key));
    for (const { name, emitter } of REGISTERED) {
      expect(items.properties.checks.properties[concernKey(name)]).toEqual(emitter.template.parametersSchema);
    }
  });

  it("types every level of the schema (structural)", () => {
    const untyped: string[] = [];
    const walk = (node: Record<string, unknown>, path: string) => {
      if (typeof node.type !== "string" && node["x-kubernetes-preserve-unknown-fields"] !== true) untyped.push(path);
      for (const [k, sub] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        walk(sub, `${path}.${k}`);
      }
      if (node.items) walk(node.items as Record<string, unknown>, `${path}[]`);
    };
    walk(template.parametersSchema, "$");
    expect(untyped).toEqual([]);
  });

  it("parameters for restrictive and permissive PSPs fit the schema", () => {
    const restrictive = pspFromCase({
      name: "restricted",
      annotations: { "seccomp.security.alpha.kubernetes.io/allowedProfileNames": "runtime/default" },
      spec: {
        privileged: false,
        allowPrivilegeEscalation: false,
        requiredDropCapabilities: ["ALL"],
        volumes: ["configMap", "secret", "hostPath"],
        allowedHostPaths: [{ pathPrefix: "/var/log", readOnly: true }],
        runAsUser: { rule: "MustRunAsNonRoot" },
        seLinux: { rule: "RunAsAny" },
        supplementalGroups: { rule: "MustRunAs", ranges: [{ min: 1, max: 65535 }] },
        fsGroup: { rule: "MustRunAs", ranges: [{ min: 1, max: 65535 }] },
      },
    });
    const open = pspFromCase({
      name: "open",
      spec: {
        privileged: true,
        runAsUser: { rule: "RunAsAny" },
        seLinux: { rule: "RunAsAny" },
        fsGroup: { rule: "RunAsAny" },
        supplementalGroups: { rule: "RunAsAny" },
        volumes: ["*"],
      },
    });
    const parameters = policySetParameters([
      { psp: restrictive, usableBy: EVERYONE },
      { psp: open, usableBy: EVERYONE },
    ]);
    expect(schemaProblems(template.parametersSchema, parameters)).toEqual([]);
  });

  it("uses the registry's emitters by default", () => {
    expect(Object.values(EMITTERS).filter((e): e is ConcernEmitter => e !== undefined).length).toBe(REGISTERED.length);
    expect(REGISTERED.length).toBeGreaterThan(10);
  });
});
