/**
 * apparmor → Psp2gkAppArmor (no mutators): CEL lint, Rego mirror, and a differential against the
 * reference engine (shared cases + generated pods) on a PSP permissive in every other concern. The
 * default PSP cannot be reproduced (per-container annotation keys); that difference is asserted
 * precisely (finding apparmor-default-not-applied), never skipped.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitter } from "../../../src/concerns/apparmor/gatekeeper/index.js";
import { concern } from "../../../src/concerns/apparmor/index.js";
import {
  ALLOWED_PROFILES_ANNOTATION,
  appArmorPolicy,
  containerAnnotationKey,
  DEFAULT_PROFILE_ANNOTATION,
} from "../../../src/concerns/apparmor/policy.js";
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

function psp(allowed?: string, defaultProfile?: string): PodSecurityPolicy {
  const annotations: Record<string, string> = {};
  if (allowed !== undefined) annotations[ALLOWED_PROFILES_ANNOTATION] = allowed;
  if (defaultProfile !== undefined) annotations[DEFAULT_PROFILE_ANNOTATION] = defaultProfile;
  return pspForConcern(FIELDS, { annotations });
}

/** Each container's profile annotation ("" when absent). */
function effective(pod: unknown): Record<string, string> {
  const annotations = ((pod as Pod).metadata.annotations ?? {}) as Record<string, string>;
  return Object.fromEntries(
    allContainers(pod).map((c) => [c.name as string, annotations[containerAnnotationKey(c.name as string)] ?? ""]),
  );
}

function compare(out: BothOutcome, p: PodSecurityPolicy, pod: Pod, op: "create" | "update"): void {
  const { engine, gk } = out;
  const where = `${op} ${JSON.stringify(p.metadata.annotations)} ${JSON.stringify(pod)}\nengine: ${engine.message ?? "allowed"}\ngk: ${JSON.stringify(gk.violations)}`;
  expect(gk.mutations, where).toEqual([]);
  if (engine.rejectedBy === "api-validation") return;
  if (engine.allowed === gk.allowed) {
    if (engine.allowed) expect(effective(gk.mutatedPod), where).toEqual(effective(engine.pod));
    return;
  }
  // apparmor-default-not-applied: PSP defaults a container without a profile; Gatekeeper refuses it.
  expect(engine.allowed, `Gatekeeper must never be looser\n${where}`).toBe(true);
  expect(op, where).toBe("create");
  expect(appArmorPolicy(p).defaultProfile, where).not.toBe("");
  expect(Object.values(effective(pod)), where).toContain("");
  expect(out.mutatorFindings.map((f) => f.code)).toContain("apparmor-default-not-applied");
  for (const m of gk.violations.flatMap((v) => v.messages)) expect(m, where).toContain("AppArmor profile must be set");
}

function podOf(profiles: Record<string, string | undefined>, init: string[] = []): Pod {
  const annotations: Record<string, string> = {};
  for (const [name, profile] of Object.entries(profiles)) {
    if (profile !== undefined) annotations[containerAnnotationKey(name)] = profile;
  }
  const names = Object.keys(profiles).filter((n) => !init.includes(n));
  return {
    metadata: { name: "p", namespace: "ns1", ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: {
      serviceAccountName: "default",
      containers: names.map((name) => ({ name, image: "busybox" })),
      ...(init.length ? { initContainers: init.map((name) => ({ name, image: "busybox" })) } : {}),
    },
  } as Pod;
}

function check(p: PodSecurityPolicy, pod: Pod, op: "create" | "update" = "create"): BothOutcome {
  const old = op === "update" ? { ...deepCopy(pod), metadata: { ...pod.metadata, labels: { v: "1" } } } : undefined;
  const out = runBoth(emitter, p, pod, op, old);
  compare(out, p, pod, op);
  return out;
}

const messages = (out: BothOutcome) => out.gk.violations.flatMap((v) => v.messages);
const key = containerAnnotationKey;

describe("apparmor Gatekeeper template", () => {
  itTemplateMirrors(emitter, 2);

  it("parameters: the list as written, the default; none without either", () => {
    const params = emitter.parameters(psp("runtime/default,localhost/x", "runtime/default"));
    expect(params).toEqual({ allowedProfiles: ["runtime/default", "localhost/x"], defaultProfile: "runtime/default" });
    expect(schemaProblems(emitter.template.parametersSchema, params)).toEqual([]);
    expect(emitter.parameters(psp())).toBeNull();
    expect(emitter.parameters(psp(""))).toEqual({ allowedProfiles: [""] });
  });

  it("no mutators; a default gives the finding", () => {
    expect(emitter.mutators(psp("runtime/default"), SCOPE)).toEqual({ mutators: [], findings: [] });
    const { mutators, findings } = emitter.mutators(psp(undefined, "runtime/default"), SCOPE);
    expect(mutators).toEqual([]);
    expect(findings.map((f) => f.code)).toEqual(["apparmor-default-not-applied"]);
  });

  describe("allowed / denied / edges", () => {
    it("list: every container's profile must be set and listed exactly", () => {
      const p = psp("runtime/default,localhost/x");
      expect(check(p, podOf({ a: "runtime/default", i: "localhost/x" }, ["i"])).gk.allowed).toBe(true);
      expect(messages(check(p, podOf({ a: "runtime/default", i: undefined }, ["i"])))).toEqual([
        `metadata.annotations[${key("i")}]: AppArmor profile must be set`,
      ]);
      expect(messages(check(p, podOf({ a: "unconfined" })))).toEqual([
        `metadata.annotations[${key("a")}]: unconfined is not an allowed profile. Allowed values: "runtime/default,localhost/x"`,
      ]);
      // `*` is a literal entry, entries are not trimmed
      expect(check(psp("*"), podOf({ a: "runtime/default" })).gk.allowed).toBe(false);
      expect(check(psp("unconfined, runtime/default"), podOf({ a: "runtime/default" })).gk.allowed).toBe(false);
      // an empty list refuses every pod
      expect(check(psp(""), podOf({ a: "" })).gk.allowed).toBe(false);
    });

    it("update is checked the same way (PSP never mutates on update)", () => {
      expect(check(psp("runtime/default", "runtime/default"), podOf({ a: undefined }), "update").gk.allowed).toBe(
        false,
      );
      expect(check(psp("runtime/default"), podOf({ a: "runtime/default" }), "update").gk.allowed).toBe(true);
    });

    it("default: a container without a profile is refused instead of defaulted (finding)", () => {
      const out = check(psp(undefined, "runtime/default"), podOf({ a: undefined, b: "unconfined" }));
      expect(out.engine.allowed).toBe(true);
      expect(messages(out)).toEqual([
        `metadata.annotations[${key("a")}]: AppArmor profile must be set (PSP would default it to runtime/default; Gatekeeper cannot write per-container annotations)`,
      ]);
      expect(check(psp(undefined, "runtime/default"), podOf({ a: "localhost/y" })).gk.allowed).toBe(true);
    });
  });

  describeSharedCases({ emitter, pspFields: FIELDS, from: "annotations", has: "AppArmor", atLeast: 2, check: compare });

  it("differential on generated pods and PSPs", () => {
    const profile = fc.constantFrom("runtime/default", "unconfined", "localhost/x", "localhost/y");
    const annotation = fc.option(fc.oneof(profile, fc.constant("")), { nil: undefined });
    const allowed = fc.option(
      fc.oneof(
        fc.uniqueArray(profile, { minLength: 1, maxLength: 3 }).map((l) => l.join(",")),
        fc.constant(""),
      ),
      { nil: undefined },
    );
    fc.assert(
      fc.property(
        allowed,
        fc.option(profile, { nil: undefined }),
        fc.array(annotation, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (allowedText, defaultProfile, annotations, withInit) => {
          const profiles = Object.fromEntries(annotations.map((a, i) => [`c${i}`, a]));
          const pod = podOf(profiles, withInit && annotations.length > 1 ? ["c0"] : []);
          for (const op of ["create", "update"] as const) check(psp(allowedText, defaultProfile), pod, op);
        },
      ),
      { numRuns: 300 },
    );
  });
});
