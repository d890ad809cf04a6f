import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/apparmor/index.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { psp } from "../../psp/fixtures.js";

const covers = (policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean =>
  concern.coversUnchanged?.(policy, other) ?? false;
const withAnnotations = (p: PodSecurityPolicy, annotations: Record<string, string>): PodSecurityPolicy => ({
  ...p,
  metadata: { ...p.metadata, annotations },
});

describe("apparmor coversUnchanged", () => {
  const ALLOWED = "apparmor.security.beta.kubernetes.io/allowedProfileNames";
  const DEFAULT = "apparmor.security.beta.kubernetes.io/defaultProfileName";
  it("no list and no default covers everything", () => {
    expect(
      covers(psp("a"), withAnnotations(psp("b"), { [ALLOWED]: "runtime/default", [DEFAULT]: "runtime/default" })),
    ).toBe(true);
    expect(covers(psp("a"), psp("b"))).toBe(true);
  });
  it("a default is written into unannotated containers, which an unrestricted or defaulting PSP admits", () => {
    const defaults = withAnnotations(psp("a"), { [DEFAULT]: "runtime/default" });
    expect(covers(defaults, psp("b"))).toBe(false);
    expect(covers(defaults, withAnnotations(psp("b"), { [ALLOWED]: "x", [DEFAULT]: "x" }))).toBe(false);
    // The other requires a non-empty annotation (list, no default): the default is never used.
    expect(
      covers(
        withAnnotations(psp("a"), { [ALLOWED]: "x,y", [DEFAULT]: "x" }),
        withAnnotations(psp("b"), { [ALLOWED]: "y" }),
      ),
    ).toBe(true);
  });
  it("a list covers only a listing other whose profiles it lists", () => {
    const list = withAnnotations(psp("a"), { [ALLOWED]: "runtime/default,localhost/x" });
    expect(covers(list, withAnnotations(psp("b"), { [ALLOWED]: "runtime/default" }))).toBe(true);
    expect(covers(list, withAnnotations(psp("b"), { [ALLOWED]: "unconfined" }))).toBe(false);
    expect(covers(list, psp("b"))).toBe(false);
  });
});
