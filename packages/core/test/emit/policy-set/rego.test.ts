/**
 * The Rego mirror, structurally (no OPA in this environment): every concern's module is a library
 * whose package line alone is renamed; the template's module runs each concern's `violation` with the
 * policy's checks as `input.parameters`, only when the policy has them; rule names mirror the CEL
 * variables; the messages are the CEL's; v0-compatible syntax; the admission guards come first.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { concernLib, concernLibPackage } from "../../../src/emit/policy-set/compose-rego.js";
import { concernKey, policySetTemplate } from "../../../src/emit/policy-set/index.js";
import { ADMISSION_GUARDS_PACKAGE, buildTemplate } from "../../../src/emit/template.js";
import { REGISTERED } from "./harness.js";

const template = policySetTemplate();
const rego = template.rego;
const libs = template.regoLibs ?? [];
const celNames = (parse(template.cel) as { variables: { name: string }[] }).variables.map((v) => v.name);
const packageOf = (module: string) => /^package\s+(\S+)/m.exec(module)?.[1];

describe("policy-set Rego", () => {
  it("has one library per concern, in registry order, each the concern's module with only its package renamed", () => {
    expect(libs).toHaveLength(REGISTERED.length);
    REGISTERED.forEach(({ name, emitter }, i) => {
      const lib = libs[i] as string;
      const key = concernKey(name);
      expect(packageOf(lib)).toBe(`lib.psp2gk.policyset.${key.toLowerCase()}`);
      const before = emitter.template.rego.split("\n");
      const after = lib.split("\n");
      expect(after).toHaveLength(before.length);
      const changed = after.flatMap((line, n) => (line === before[n] ? [] : [line]));
      expect(changed).toEqual([`package ${concernLibPackage(key)}`]);
    });
    expect(new Set(libs.map(packageOf)).size).toBe(libs.length);
  });

  it("refuses a concern module without exactly one package line or without a violation rule", () => {
    const kind = "Psp2gkBad";
    expect(() => concernLib({ key: "bad", kind, rego: 'violation[{"msg": msg}] {\n\tmsg := "x"\n}\n' })).toThrow(
      /exactly one package line/,
    );
    expect(() => concernLib({ key: "bad", kind, rego: "package x\n\ndeny[msg] {\n\tmsg := 1\n}\n" })).toThrow(
      /no violation/,
    );
  });

  it("evaluates each concern's violation with the policy's checks, only for policies that have them", () => {
    for (const { name } of REGISTERED) {
      const key = concernKey(name);
      expect(rego).toContain(`${key}Errors[i] = msgs {`);
      expect(rego).toContain(`\tchecks := policy.checks.${key}\n`);
      expect(rego).toContain(`violations := data.${concernLibPackage(key)}.violation with input.parameters as checks`);
    }
    // policyErrors concatenates them in registry order.
    const positions = REGISTERED.map(({ name }) => rego.indexOf(`object.get(${concernKey(name)}Errors, i, [])`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("mirrors the CEL variable names for the policy-level rules", () => {
    const mirrored = ["policies", "serviceAccount", "username", "userGroups", "usable", "policyErrors"];
    for (const { name } of REGISTERED) mirrored.push(`${concernKey(name)}Errors`);
    for (const rule of mirrored) {
      expect(celNames).toContain(rule);
      expect(rego).toMatch(new RegExp(`^${rule}\\b`, "m"));
    }
  });

  it("gives the CEL's messages", () => {
    const cel = template.cel;
    for (const text of [
      "no PodSecurityPolicy is usable by service account",
      "or the requesting user",
      "unable to validate against any pod security policy: ",
      "parameters.policies: every policy's index must be its position in the list",
    ]) {
      expect(rego).toContain(text);
      expect(cel).toContain(text);
    }
    expect(rego).toContain('sprintf("[%s: %s]", [policies[i].name, concat("; ", policyErrors[i])])');
    expect(cel).toContain('"[" + pspPolicy.name + ": " + variables.policyErrors[pspPolicy.index].join("; ") + "]"');
  });

  it("is v0-compatible and starts every violation with the admission guards", () => {
    expect(packageOf(rego)).toBe("psp2gkpolicyset");
    expect(rego).not.toMatch(/import\s+rego\.v1/);
    expect(rego).not.toMatch(/\bif\s*\{/);
    expect(rego).toContain(`import data.${ADMISSION_GUARDS_PACKAGE}.notDelete`);
    expect(rego).toContain(`import data.${ADMISSION_GUARDS_PACKAGE}.notGcOnlyUpdate`);
    const violations = rego.split(/^violation\[\{"msg": msg\}\] \{\n/m).slice(1);
    expect(violations).toHaveLength(2);
    for (const body of violations) expect(body.startsWith("\tnotDelete\n\tnotGcOnlyUpdate\n")).toBe(true);
  });

  it("assembles with the concern libraries and the admission-guards library", () => {
    const built = buildTemplate(template, "rego") as {
      spec: { targets: { rego: string; libs: string[] }[] };
    };
    const target = built.spec.targets[0];
    expect(target?.rego).toBe(rego);
    const packages = (target?.libs ?? []).map(packageOf);
    expect(packages).toContain(ADMISSION_GUARDS_PACKAGE);
    for (const { name } of REGISTERED) expect(packages).toContain(concernLibPackage(concernKey(name)));
  });
});
