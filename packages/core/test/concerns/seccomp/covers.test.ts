import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/seccomp/index.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { psp } from "../../psp/fixtures.js";

const covers = (policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean =>
  concern.coversUnchanged?.(policy, other) ?? false;
const withAnnotations = (p: PodSecurityPolicy, annotations: Record<string, string>): PodSecurityPolicy => ({
  ...p,
  metadata: { ...p.metadata, annotations },
});

describe("seccomp coversUnchanged", () => {
  const ALLOWED = "seccomp.security.alpha.kubernetes.io/allowedProfileNames";
  const DEFAULT = "seccomp.security.alpha.kubernetes.io/defaultProfileName";
  it("a default profile never covers (it is written into pods without one)", () => {
    expect(covers(withAnnotations(psp("a"), { [ALLOWED]: "*", [DEFAULT]: "runtime/default" }), psp("b"))).toBe(false);
  });
  it("`*` covers everything; a list covers the other's list (runtime/default = docker/default)", () => {
    const any = withAnnotations(psp("a"), { [ALLOWED]: "*" });
    const restricted = withAnnotations(psp("b"), { [ALLOWED]: "runtime/default", [DEFAULT]: "runtime/default" });
    expect(covers(any, restricted)).toBe(true);
    expect(covers(any, withAnnotations(psp("b"), { [ALLOWED]: "*" }))).toBe(true);
    const list = withAnnotations(psp("a"), { [ALLOWED]: "docker/default,localhost/x" });
    expect(covers(list, withAnnotations(psp("b"), { [ALLOWED]: "runtime/default" }))).toBe(true);
    expect(covers(list, withAnnotations(psp("b"), { [ALLOWED]: "unconfined" }))).toBe(false);
    expect(covers(list, withAnnotations(psp("b"), { [ALLOWED]: "*" }))).toBe(false);
  });
  it("no profile: a list refuses it, so it cannot cover a PSP that admits or defaults it", () => {
    const list = withAnnotations(psp("a"), { [ALLOWED]: "runtime/default" });
    expect(covers(list, psp("b"))).toBe(false);
    expect(
      covers(list, withAnnotations(psp("b"), { [ALLOWED]: "runtime/default", [DEFAULT]: "runtime/default" })),
    ).toBe(false);
    expect(covers(psp("a"), psp("b"))).toBe(true);
    expect(covers(psp("a"), withAnnotations(psp("b"), { [ALLOWED]: "runtime/default" }))).toBe(false);
  });
});
