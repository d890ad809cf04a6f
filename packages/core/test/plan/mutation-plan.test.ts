/** plan/mutation-plan.ts: whose defaults one namespace group's mutators write. */
import { describe, expect, it } from "vitest";
import { defaultPsp } from "../../src/model/defaults.js";
import type { PodSecurityPolicy } from "../../src/model/k8s-types.js";
import type { PspInput } from "../../src/model/schemas/psp.js";
import type { PolicyAccess } from "../../src/plan/audiences.js";
import { chooseMutation } from "../../src/plan/mutation-plan.js";
import { openSpec, permissiveAnnotations, permissiveSpec } from "../fixtures/permissive-psp.js";

const psp = (name: string, spec: Record<string, unknown>): PodSecurityPolicy =>
  defaultPsp({
    apiVersion: "policy/v1beta1",
    kind: "PodSecurityPolicy",
    metadata: { name },
    spec,
  } as PspInput) as PodSecurityPolicy;

const everyone = (name: string): PolicyAccess => ({
  psp: name,
  usableBy: { allServiceAccounts: true, serviceAccounts: [], users: [], groups: [] },
  bindings: [],
});
const onlySa = (name: string, sa: string): PolicyAccess => ({
  psp: name,
  usableBy: { allServiceAccounts: false, serviceAccounts: [sa], users: [], groups: [] },
  bindings: [],
});

const psps = new Map<string, PodSecurityPolicy>([
  ["allow", psp("allow", permissiveSpec(), permissiveAnnotations())],
  ["nonroot", psp("nonroot", { ...openSpec(), runAsUser: { rule: "MustRunAsNonRoot" } })],
  [
    "uid",
    psp("uid", {
      ...openSpec(),
      allowedCapabilities: ["NET_ADMIN"],
      runAsUser: { rule: "MustRunAs", ranges: [{ min: 1000, max: 2000 }] },
    }),
  ],
  ["open", psp("open", openSpec())],
]);
const defaults = (name: string) => name === "nonroot" || name === "uid";

describe("chooseMutation", () => {
  it("none, exactly, when no usable policy defaults anything", () => {
    expect(chooseMutation([everyone("open")], psps, defaults, "auto")).toMatchObject({ psp: null, exact: true });
  });

  it("none, exactly, when a non-defaulting policy every pod may use admits unchanged what the defaulting ones admit", () => {
    const m = chooseMutation([everyone("allow"), everyone("nonroot")], psps, defaults, "auto");
    expect(m).toMatchObject({ psp: null, exact: true });
    expect(m.reason).toMatch(/allow, usable by every pod/);
  });

  it("the first defaulting policy every pod may use; exact when it is the only policy", () => {
    expect(chooseMutation([everyone("nonroot")], psps, defaults, "auto")).toMatchObject({
      psp: "nonroot",
      exact: true,
    });
    const two = chooseMutation([everyone("nonroot"), everyone("uid")], psps, defaults, "auto");
    expect(two).toMatchObject({ psp: "nonroot", exact: false });
    expect(two.differsFor.map((d) => d.psp)).toEqual(["uid"]);
    expect(two.differsFor[0]?.why).toMatch(/get nonroot's defaults instead/);
  });

  it("a policy only some SAs may use makes the choice inexact for their pods", () => {
    const m = chooseMutation([onlySa("allow", "cilium"), everyone("nonroot")], psps, defaults, "auto");
    expect(m).toMatchObject({ psp: "nonroot", exact: false });
    expect(m.differsFor).toEqual([
      { psp: "allow", why: expect.stringMatching(/admits unchanged still get nonroot's defaults/) },
    ]);
  });

  it("no policy every pod may use defaults: nothing is written, and the SA-specific defaults are reported", () => {
    const m = chooseMutation([onlySa("uid", "builder"), everyone("open")], psps, defaults, "auto");
    expect(m).toMatchObject({ psp: null, exact: false });
    expect(m.differsFor.map((d) => d.psp)).toEqual(["uid"]);
  });

  it("--mutation none writes nothing and reports every defaulting policy", () => {
    const m = chooseMutation([everyone("nonroot"), everyone("uid")], psps, defaults, "none");
    expect(m).toMatchObject({ psp: null, exact: false });
    expect(m.differsFor.map((d) => d.psp)).toEqual(["nonroot", "uid"]);
  });
});
