/**
 * seccomp → Psp2gkSeccomp + AssignMetadata default: CEL lint, Rego mirror, mutator shape, and a
 * differential against the reference engine (shared cases + generated pods) on a PSP permissive in
 * every other concern. Documented differences (findings) are asserted precisely, never skipped.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emitter } from "../../../src/concerns/seccomp/gatekeeper/index.js";
import { concern } from "../../../src/concerns/seccomp/index.js";
import { DEFAULT_PROFILE_ANNOTATION, seccompPolicy } from "../../../src/concerns/seccomp/policy.js";
import {
  annotationForField,
  CONTAINER_ANNOTATION_PREFIX,
  containerProfile,
  POD_ANNOTATION,
  podProfile,
} from "../../../src/concerns/seccomp/profiles.js";
import type { Pod, PodSecurityPolicy, SeccompProfile } from "../../../src/model/k8s-types.js";
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
const ALLOWED = "seccomp.security.alpha.kubernetes.io/allowedProfileNames";

function psp(allowed?: string, defaultProfile?: string): PodSecurityPolicy {
  const annotations: Record<string, string> = {};
  if (allowed !== undefined) annotations[ALLOWED] = allowed;
  if (defaultProfile !== undefined) annotations[DEFAULT_PROFILE_ANNOTATION] = defaultProfile;
  return pspForConcern(FIELDS, { annotations });
}

/**
 * Effective profiles PSP reads: the pod's and each container's (engine's own reading), with
 * docker/default read as runtime/default (the same profile for the runtime).
 */
function effective(pod: unknown): Record<string, string> {
  const p = pod as Pod;
  const norm = (s: string) => (s === "docker/default" ? "runtime/default" : s);
  const out: Record<string, string> = { "": norm(podProfile(p)) };
  for (const c of allContainers(p)) out[c.name as string] = norm(containerProfile(p, c as never));
  return out;
}

const same = (a: string, b: string) =>
  a === b || (["runtime/default", "docker/default"].includes(a) && ["runtime/default", "docker/default"].includes(b));

/**
 * Input the API server refuses whatever PSP does: pod annotation and pod field disagree, or a seccomp
 * annotation is empty (not a valid profile) and PSP's default does not fill it.
 */
function apiRefuses(pod: Pod, p: PodSecurityPolicy): boolean {
  const annotations = pod.metadata.annotations ?? {};
  const annotation = annotations[POD_ANNOTATION] ?? "";
  const field = pod.spec.securityContext?.seccompProfile;
  if (annotation !== "" && field !== undefined && !same(annotation, annotationForField(field))) return true;
  if (Object.entries(annotations).some(([k, v]) => k.startsWith(CONTAINER_ANNOTATION_PREFIX) && v === "")) return true;
  return annotations[POD_ANNOTATION] === "" && seccompPolicy(p).defaultProfile === "";
}

function compare(out: BothOutcome, p: PodSecurityPolicy, pod: Pod, op: "create" | "update"): void {
  const { engine, gk } = out;
  const where = `${op} ${JSON.stringify(p.metadata.annotations)} ${JSON.stringify(pod)}\nengine: ${engine.message ?? "allowed"}\ngk: ${JSON.stringify(gk.violations)}`;
  expect(gk.mutationError, where).toBeUndefined();
  if (engine.rejectedBy === "api-validation") return;
  if (apiRefuses(pod, p)) return; // the API server refuses it either way
  if (engine.allowed === gk.allowed) {
    if (engine.allowed) expect(effective(gk.mutatedPod), where).toEqual(effective(engine.pod));
    return;
  }
  expect(engine.allowed, `Gatekeeper must never be looser\n${where}`).toBe(true);
  const { defaultProfile } = seccompPolicy(p);
  const codes = out.mutatorFindings.map((f) => f.code);
  const annotations = pod.metadata.annotations ?? {};
  const field = pod.spec.securityContext?.seccompProfile;
  if (defaultProfile !== "" && annotations[POD_ANNOTATION] === "") {
    expect(codes).toContain("seccomp-empty-annotation-not-defaulted");
  } else {
    // seccomp-default-vs-field: no annotation, a pod field that is not the default.
    expect(defaultProfile, where).not.toBe("");
    expect(POD_ANNOTATION in annotations, where).toBe(false);
    expect(field && !same(annotationForField(field), defaultProfile), where).toBe(true);
    expect(codes).toContain("seccomp-default-vs-field");
  }
}

function podOf(
  annotations: Record<string, string>,
  podField?: SeccompProfile,
  containers: { name: string; field?: SeccompProfile }[] = [{ name: "c" }],
): Pod {
  return {
    metadata: { name: "p", namespace: "ns1", ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: {
      serviceAccountName: "default",
      ...(podField ? { securityContext: { seccompProfile: podField } } : {}),
      containers: containers.map((c) => ({
        name: c.name,
        image: "busybox",
        ...(c.field ? { securityContext: { seccompProfile: c.field } } : {}),
      })),
    },
  } as Pod;
}

/**
 * A pod as stored: since v1.19 the API server copies the pod seccompProfile field into the annotation
 * at creation (PrepareForCreate), so a stored pod never has the field without the annotation. (PSP
 * would refuse any update of such a pod, under every PSP, because it would copy the field.)
 */
function stored(pod: Pod): Pod {
  const field = pod.spec.securityContext?.seccompProfile;
  if (!field || (pod.metadata.annotations?.[POD_ANNOTATION] ?? "") !== "") return pod;
  const copy = deepCopy(pod);
  copy.metadata.annotations = { ...copy.metadata.annotations, [POD_ANNOTATION]: annotationForField(field) };
  return copy;
}

function check(p: PodSecurityPolicy, input: Pod, op: "create" | "update" = "create"): BothOutcome {
  const pod = op === "update" ? stored(input) : input;
  const old = op === "update" ? { ...deepCopy(pod), metadata: { ...pod.metadata, labels: { v: "1" } } } : undefined;
  const out = runBoth(emitter, p, pod, op, old);
  compare(out, p, pod, op);
  return out;
}

const messages = (out: BothOutcome) => out.gk.violations.flatMap((v) => v.messages);

describe("seccomp Gatekeeper template and mutator", () => {
  itTemplateMirrors(emitter, 7);

  it("a default the PSP's own list does not allow refuses a pod without a profile, even where no mutator writes it", () => {
    for (const p of [psp("localhost/a", "runtime/default"), psp(undefined, "runtime/default")]) {
      const bare = podOf({});
      // PSP writes the default and refuses it.
      const out = check(p, bare);
      expect(out.engine.allowed).toBe(false);
      expect(out.gk.allowed).toBe(false);
      // Without the mutator (a policy set, --mutation none) the constraint alone refuses it too.
      expect(out.gkValidateOnly.allowed).toBe(false);
      expect(out.gkValidateOnly.violations.flatMap((v) => v.messages).join()).toMatch(
        /runtime\/default \(the default\) is not an allowed seccomp profile: a pod without a seccomp profile is refused/,
      );
    }
    // An allowed default (docker/default listed allows runtime/default too): not this refusal.
    for (const p of [psp("runtime/default", "runtime/default"), psp("docker/default", "runtime/default")]) {
      const out = check(p, podOf({}));
      expect(out.gk.allowed).toBe(true);
      expect(out.gkValidateOnly.violations.flatMap((v) => v.messages).join()).not.toMatch(/\(the default\)/);
    }
  });

  it("parameters: the list as written; {} without the annotation; none for '*' without a default", () => {
    const params = emitter.parameters(psp("runtime/default,localhost/a.json"));
    expect(params).toEqual({ allowedProfileNames: ["runtime/default", "localhost/a.json"] });
    expect(schemaProblems(emitter.template.parametersSchema, params)).toEqual([]);
    expect(emitter.parameters(psp())).toEqual({});
    expect(emitter.parameters(psp("*"))).toBeNull();
    const withDefault = emitter.parameters(psp("*", "runtime/default"));
    expect(withDefault).toEqual({ allowedProfileNames: ["*"], defaultProfileName: "runtime/default" });
    expect(schemaProblems(emitter.template.parametersSchema, withDefault)).toEqual([]);
  });

  it("mutator: one AssignMetadata for the pod annotation, only with a default", () => {
    expect(emitter.mutators(psp("runtime/default"), SCOPE)).toEqual({ mutators: [], findings: [] });
    const { mutators, findings } = emitter.mutators(psp("runtime/default", "runtime/default"), SCOPE);
    expect(mutators).toEqual([
      {
        apiVersion: "mutations.gatekeeper.sh/v1",
        kind: "AssignMetadata",
        metadata: { name: "psp-seccomp-pod-default" },
        spec: {
          match: SCOPE.match,
          location: `metadata.annotations."${POD_ANNOTATION}"`,
          parameters: { assign: { value: "runtime/default" } },
        },
      },
    ]);
    expect(findings.map((f) => f.code).sort()).toEqual([
      "mutation-not-on-update",
      "seccomp-default-vs-field",
      "seccomp-empty-annotation-not-defaulted",
    ]);
  });

  describe("allowed / denied / edges", () => {
    it("no list: nothing may be set; an empty profile passes", () => {
      expect(check(psp(), podOf({})).gk.allowed).toBe(true);
      const out = check(psp(), podOf({ [POD_ANNOTATION]: "runtime/default" }));
      expect(messages(out)).toEqual([
        `metadata.annotations[${POD_ANNOTATION}]: seccomp may not be set; metadata.annotations[${CONTAINER_ANNOTATION_PREFIX}c]: seccomp may not be set`,
      ]);
      expect(check(psp(), podOf({}, undefined, [{ name: "c", field: { type: "Unconfined" } }])).gk.allowed).toBe(false);
    });

    it("list: listed profiles pass, others and the empty profile are refused, docker ≡ runtime default", () => {
      expect(check(psp("docker/default"), podOf({}, { type: "RuntimeDefault" })).gk.allowed).toBe(true);
      expect(check(psp("runtime/default"), podOf({ [POD_ANNOTATION]: "docker/default" })).gk.allowed).toBe(true);
      const out = check(psp("runtime/default"), podOf({}));
      expect(messages(out)[0]).toContain(
        `metadata.annotations[${POD_ANNOTATION}]:  is not an allowed seccomp profile. Valid values are runtime/default`,
      );
      expect(check(psp("localhost/a"), podOf({}, { type: "Localhost", localhostProfile: "a" })).gk.allowed).toBe(true);
      expect(check(psp("localhost/a"), podOf({}, { type: "Localhost", localhostProfile: "b" })).gk.allowed).toBe(false);
      // entries are not trimmed
      expect(check(psp("unconfined, runtime/default"), podOf({}, { type: "RuntimeDefault" })).gk.allowed).toBe(false);
      // an empty list allows only the empty profile
      expect(check(psp(""), podOf({})).gk.allowed).toBe(true);
    });

    it("container profile order: field, container annotation (even empty), pod field, pod annotation", () => {
      const p = psp("runtime/default");
      // container annotation present but empty overrides the pod annotation → refused
      const out = check(p, podOf({ [POD_ANNOTATION]: "runtime/default", [`${CONTAINER_ANNOTATION_PREFIX}c`]: "" }));
      expect(messages(out)[0]).toContain(`${CONTAINER_ANNOTATION_PREFIX}c]:  is not an allowed`);
      // the container field wins over a bad container annotation
      expect(
        check(
          p,
          podOf({ [POD_ANNOTATION]: "runtime/default", [`${CONTAINER_ANNOTATION_PREFIX}c`]: "unconfined" }, undefined, [
            { name: "c", field: { type: "RuntimeDefault" } },
          ]),
        ).gk.allowed,
      ).toBe(true);
      // the pod profile is checked even when every container overrides it
      expect(
        check(
          p,
          podOf({ [POD_ANNOTATION]: "unconfined" }, undefined, [{ name: "c", field: { type: "RuntimeDefault" } }]),
        ).gk.allowed,
      ).toBe(false);
    });

    it("default: written when annotation and field are absent; kept when set; checked on update", () => {
      const p = psp("runtime/default", "runtime/default");
      const out = check(p, podOf({}));
      expect(out.gk.allowed).toBe(true);
      expect(out.gk.mutatedPod.metadata).toMatchObject({ annotations: { [POD_ANNOTATION]: "runtime/default" } });
      expect(check(p, podOf({ [POD_ANNOTATION]: "runtime/default" })).gk.mutations).toEqual([]);
      // field equal to the default: same result as PSP's copy
      expect(check(p, podOf({}, { type: "RuntimeDefault" })).gk.allowed).toBe(true);
      // update of a pod stored without a profile: PSP refuses, and so does the constraint
      const upd = check(p, podOf({}), "update");
      expect(upd.engine.allowed).toBe(false);
      expect(messages(upd)).toEqual([
        `metadata.annotations[${POD_ANNOTATION}]: runtime/default: a pod stored without a seccomp profile may not get the default one on update`,
      ]);
    });

    it("update adding the default profile to a pod stored without one: refused (stricter than PSP, finding)", () => {
      const p = psp("runtime/default", "runtime/default");
      const out = runBoth(emitter, p, podOf({ [POD_ANNOTATION]: "runtime/default" }), "update", podOf({}));
      expect(out.engine.allowed).toBe(true);
      expect(out.gk.allowed).toBe(false);
      expect(out.mutatorFindings.find((f) => f.code === "mutation-not-on-update")?.message).toContain(
        "adds exactly that profile",
      );
    });

    it("update of a pod with the pod field but no annotation: refused like PSP (which would copy the field)", () => {
      const pod = podOf({}, { type: "RuntimeDefault" });
      const out = runBoth(
        emitter,
        psp("runtime/default"),
        pod,
        "update",
        podOf({ [POD_ANNOTATION]: "runtime/default" }, { type: "RuntimeDefault" }),
      );
      expect(out.engine.allowed).toBe(false);
      expect(messages(out)).toEqual([
        `metadata.annotations[${POD_ANNOTATION}]: must be set on update when spec.securityContext.seccompProfile is set (runtime/default)`,
      ]);
    });

    it("default vs a different pod field, and an empty annotation: refused (findings)", () => {
      const p = psp("runtime/default,localhost/x", "runtime/default");
      const out = check(p, podOf({}, { type: "Localhost", localhostProfile: "x" }));
      expect(out.engine.allowed).toBe(true);
      expect(messages(out).join()).toContain("must match");
      const empty = check(p, podOf({ [POD_ANNOTATION]: "" }));
      expect(empty.engine.allowed).toBe(true);
      expect(empty.gk.allowed).toBe(false);
    });
  });

  describeSharedCases({ emitter, pspFields: FIELDS, from: "annotations", has: "seccomp", atLeast: 3, check: compare });

  it("differential on generated pods and PSPs", () => {
    const profileName = fc.constantFrom(
      "runtime/default",
      "docker/default",
      "unconfined",
      "localhost/a",
      "localhost/b",
    );
    const field = fc.option(
      fc.constantFrom<SeccompProfile>(
        { type: "RuntimeDefault" },
        { type: "Unconfined" },
        { type: "Localhost", localhostProfile: "a" },
        { type: "Localhost", localhostProfile: "b" },
      ),
      { nil: undefined },
    );
    const annotation = fc.option(fc.oneof(profileName, fc.constant("")), { nil: undefined });
    const allowed = fc.option(
      fc.oneof(
        fc.uniqueArray(fc.oneof(profileName, fc.constant("*")), { maxLength: 3 }).map((l) => l.join(",")),
        fc.constant(""),
      ),
      { nil: undefined },
    );
    fc.assert(
      fc.property(
        allowed,
        fc.option(profileName, { nil: undefined }),
        annotation,
        field,
        fc.array(fc.record({ annotation, field }), { minLength: 1, maxLength: 2 }),
        (allowedText, defaultProfile, podAnnotation, podField, containers) => {
          const annotations: Record<string, string> = {};
          if (podAnnotation !== undefined) annotations[POD_ANNOTATION] = podAnnotation;
          containers.forEach((c, i) => {
            if (c.annotation !== undefined) annotations[`${CONTAINER_ANNOTATION_PREFIX}c${i}`] = c.annotation;
          });
          const pod = podOf(
            annotations,
            podField,
            containers.map((c, i) => ({ name: `c${i}`, ...(c.field ? { field: c.field } : {}) })),
          );
          for (const op of ["create", "update"] as const) check(psp(allowedText, defaultProfile), pod, op);
        },
      ),
      { numRuns: 300 },
    );
  });
});
