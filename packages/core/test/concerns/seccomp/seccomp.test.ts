import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/seccomp/index.js";
import { annotationForField, containerProfile, podProfile } from "../../../src/concerns/seccomp/profiles.js";
import { defaultThenValidate, makePod, makePsp, validateOnly } from "../shared/one-psp.js";

const only = [concern];
const POD = "seccomp.security.alpha.kubernetes.io/pod";
const CONTAINER_C = "container.seccomp.security.alpha.kubernetes.io/c";
const ALLOWED = "seccomp.security.alpha.kubernetes.io/allowedProfileNames";
const DEFAULT = "seccomp.security.alpha.kubernetes.io/defaultProfileName";
const POD_PATH = `pod.metadata.annotations[${POD}]`;
const C_PATH = `pod.metadata.annotations[${CONTAINER_C}]`;

describe("seccomp profile forms", () => {
  it("reads fields as their annotation strings; an incomplete Localhost or unknown type reads as empty", () => {
    expect(annotationForField({ type: "RuntimeDefault" })).toBe("runtime/default");
    expect(annotationForField({ type: "Unconfined" })).toBe("unconfined");
    expect(annotationForField({ type: "Localhost", localhostProfile: "my/prof.json" })).toBe("localhost/my/prof.json");
    expect(annotationForField({ type: "Localhost" })).toBe("");
    expect(annotationForField({ type: "Other" })).toBe("");
  });

  it("pod profile: annotation, else field", () => {
    expect(podProfile(makePod({}, { [POD]: "unconfined" }))).toBe("unconfined");
    expect(podProfile(makePod({ securityContext: { seccompProfile: { type: "RuntimeDefault" } } }))).toBe(
      "runtime/default",
    );
    expect(
      podProfile(makePod({ securityContext: { seccompProfile: { type: "RuntimeDefault" } } }, { [POD]: "unconfined" })),
    ).toBe("unconfined");
    expect(podProfile(makePod())).toBe("");
  });

  it("container profile: container field → container annotation (even empty) → pod field → pod annotation", () => {
    const podField = { securityContext: { seccompProfile: { type: "Unconfined" } } };
    const withOwnField = { name: "c", securityContext: { seccompProfile: { type: "RuntimeDefault" } } };
    const all = makePod(
      { ...podField, containers: [withOwnField] },
      { [CONTAINER_C]: "localhost/a", [POD]: "localhost/p" },
    );
    expect(containerProfile(all, withOwnField)).toBe("runtime/default");
    const c = { name: "c" };
    expect(containerProfile(makePod(podField, { [CONTAINER_C]: "localhost/a", [POD]: "localhost/p" }), c)).toBe(
      "localhost/a",
    );
    expect(containerProfile(makePod(podField, { [CONTAINER_C]: "", [POD]: "localhost/p" }), c)).toBe("");
    expect(containerProfile(makePod(podField, { [POD]: "localhost/p" }), c)).toBe("unconfined");
    expect(containerProfile(makePod({}, { [POD]: "localhost/p" }), c)).toBe("localhost/p");
  });
});

describe("seccomp defaulting", () => {
  it("writes the default into the pod annotation only, never per container", () => {
    const psp = makePsp({}, { [DEFAULT]: "runtime/default", [ALLOWED]: "runtime/default" });
    const out = defaultThenValidate(makePod({ initContainers: [{ name: "i" }] }), psp, only);
    expect(out.pod.metadata.annotations).toEqual({ [POD]: "runtime/default" });
    expect(out.errors).toEqual([]);
    expect(concern.mayMutate?.(psp)).toBe(true);
    expect(concern.mayMutate?.(makePsp({}, { [ALLOWED]: "*" }))).toBe(false);
  });

  it("keeps a non-empty pod annotation, replaces an empty one", () => {
    const psp = makePsp({}, { [DEFAULT]: "runtime/default", [ALLOWED]: "*" });
    expect(defaultThenValidate(makePod({}, { [POD]: "unconfined" }), psp, only).mutated).toBe(false);
    expect(defaultThenValidate(makePod({}, { [POD]: "" }), psp, only).pod.metadata.annotations).toEqual({
      [POD]: "runtime/default",
    });
  });

  it("derives the annotation from the pod field instead of the default — under any PSP", () => {
    const pod = makePod({ securityContext: { seccompProfile: { type: "Localhost", localhostProfile: "x.json" } } });
    const withDefault = defaultThenValidate(pod, makePsp({}, { [DEFAULT]: "runtime/default", [ALLOWED]: "*" }), only);
    expect(withDefault.pod.metadata.annotations).toEqual({ [POD]: "localhost/x.json" });
    expect(withDefault.mutated).toBe(true);
    const plain = defaultThenValidate(pod, makePsp(), only);
    expect(plain.mutated).toBe(true);
    expect(plain.messages).toEqual([
      `${POD_PATH}: Forbidden: seccomp may not be set`,
      `${C_PATH}: Forbidden: seccomp may not be set`,
    ]);
  });

  it("writes nothing for a field without an annotation form", () => {
    const pod = makePod({ securityContext: { seccompProfile: { type: "Localhost" } } });
    expect(defaultThenValidate(pod, makePsp({}, { [DEFAULT]: "runtime/default" }), only).mutated).toBe(false);
  });
});

describe("seccomp validation", () => {
  it("without an allowed list: empty profiles pass, any profile is refused (pod and each container)", () => {
    expect(validateOnly(makePod(), makePsp(), only)).toEqual([]);
    const pod = makePod({
      containers: [{ name: "c", securityContext: { seccompProfile: { type: "RuntimeDefault" } } }],
    });
    expect(validateOnly(pod, makePsp(), only)).toEqual([`${C_PATH}: Forbidden: seccomp may not be set`]);
  });

  it("with a list: an empty profile is refused, listed ones pass, others are refused with the list as written", () => {
    const psp = makePsp({}, { [ALLOWED]: "localhost/a,runtime/default" });
    expect(validateOnly(makePod(), psp, only)).toEqual([
      `${POD_PATH}: Forbidden:  is not an allowed seccomp profile. Valid values are localhost/a,runtime/default`,
      `${C_PATH}: Forbidden:  is not an allowed seccomp profile. Valid values are localhost/a,runtime/default`,
    ]);
    expect(validateOnly(makePod({}, { [POD]: "localhost/a" }), psp, only)).toEqual([]);
    expect(validateOnly(makePod({}, { [POD]: "localhost/a", [CONTAINER_C]: "localhost/b" }), psp, only)).toEqual([
      `${C_PATH}: Forbidden: localhost/b is not an allowed seccomp profile. Valid values are localhost/a,runtime/default`,
    ]);
  });

  it("checks the pod profile even when every container overrides it", () => {
    const psp = makePsp({}, { [ALLOWED]: "runtime/default" });
    const pod = makePod({}, { [POD]: "unconfined", [CONTAINER_C]: "runtime/default" });
    expect(validateOnly(pod, psp, only)).toEqual([
      `${POD_PATH}: Forbidden: unconfined is not an allowed seccomp profile. Valid values are runtime/default`,
    ]);
  });

  it("treats docker/default and runtime/default as interchangeable in the list (PR #95985)", () => {
    const dockerOnly = makePsp({}, { [ALLOWED]: "docker/default" });
    const runtimeField = makePod({ securityContext: { seccompProfile: { type: "RuntimeDefault" } } });
    expect(validateOnly(runtimeField, dockerOnly, only)).toEqual([]);
    const runtimeOnly = makePsp({}, { [ALLOWED]: "runtime/default" });
    expect(validateOnly(makePod({}, { [POD]: "docker/default" }), runtimeOnly, only)).toEqual([]);
  });

  it("`*` allows every profile, the empty one included", () => {
    const psp = makePsp({}, { [ALLOWED]: "*" });
    expect(validateOnly(makePod(), psp, only)).toEqual([]);
    expect(validateOnly(makePod({}, { [POD]: "localhost/anything" }), psp, only)).toEqual([]);
  });

  it("compares exactly: list entries are not trimmed", () => {
    const psp = makePsp({}, { [ALLOWED]: "runtime/default, localhost/a" });
    expect(validateOnly(makePod({}, { [POD]: "localhost/a" }), psp, only)).toHaveLength(2);
  });

  it("a present but empty list allows only the empty profile", () => {
    const psp = makePsp({}, { [ALLOWED]: "" });
    expect(validateOnly(makePod(), psp, only)).toEqual([]);
    expect(validateOnly(makePod({}, { [POD]: "runtime/default" }), psp, only)).toEqual([
      `${POD_PATH}: Forbidden: runtime/default is not an allowed seccomp profile. Valid values are `,
      `${C_PATH}: Forbidden: runtime/default is not an allowed seccomp profile. Valid values are `,
    ]);
  });
});
