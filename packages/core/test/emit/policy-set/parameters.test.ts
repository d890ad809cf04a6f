/**
 * `policySetParameters`: PSP order (byte-wise by name), index = position, usableBy lists sorted and
 * unique, keys sorted, `checks.<key>` = the emitter's parameters and absent when the PSP does not
 * restrict the concern; `concernKey` naming.
 */
import { describe, expect, it } from "vitest";
import { concernKey, policySetParameters } from "../../../src/emit/policy-set/index.js";
import { openSpec, permissiveAnnotations, permissiveSpec } from "../../fixtures/permissive-psp.js";
import { pspFromCase, REGISTERED } from "./harness.js";

const open = (name: string) => pspFromCase({ name, annotations: permissiveAnnotations(), spec: permissiveSpec() });
const restricted = (name: string) => pspFromCase({ name, spec: openSpec() as Record<string, unknown> });
const usableBy = { allServiceAccounts: false, serviceAccounts: ["b", "a", "b"], users: ["z", "y"], groups: ["g", "g"] };

describe("policySetParameters", () => {
  it("orders policies byte-wise by name (upper case before lower case) and numbers them by position", () => {
    const { policies } = policySetParameters(["b", "a", "Z", "a-1"].map((n) => ({ psp: restricted(n), usableBy })));
    expect(policies.map((p) => p.name)).toEqual(["Z", "a", "a-1", "b"]);
    expect(policies.map((p) => p.index)).toEqual([0, 1, 2, 3]);
  });

  it("sorts and deduplicates usableBy lists and sorts keys", () => {
    const [p] = policySetParameters([{ psp: restricted("x"), usableBy }]).policies;
    expect(p?.usableBy).toEqual({
      allServiceAccounts: false,
      groups: ["g"],
      serviceAccounts: ["a", "b"],
      users: ["y", "z"],
    });
    expect(Object.keys(p ?? {})).toEqual(["checks", "index", "name", "usableBy"]);
    expect(Object.keys(p?.usableBy as object)).toEqual(["allServiceAccounts", "groups", "serviceAccounts", "users"]);
  });

  it("carries each emitter's parameters under its key, absent where the PSP does not restrict the concern", () => {
    const [o, r] = policySetParameters([
      { psp: open("o"), usableBy },
      { psp: restricted("r"), usableBy },
    ]).policies;
    for (const [entry, psp] of [
      [o, open("o")],
      [r, restricted("r")],
    ] as const) {
      const checks = entry?.checks as Record<string, unknown>;
      for (const { name, emitter } of REGISTERED) {
        const expected = emitter.parameters(psp);
        if (expected === null) expect(checks).not.toHaveProperty(concernKey(name));
        else expect(checks[concernKey(name)]).toEqual(expected);
      }
    }
    // The permissive PSP allows privileged pods, the restricted one does not.
    expect(o?.checks).not.toHaveProperty("privileged");
    expect(r?.checks).toHaveProperty("privileged", {});
  });

  it("refuses a registry with a concern that has no emitter (it would go unchecked), not a list of emitters", () => {
    const emitters = Object.fromEntries(REGISTERED.map(({ name, emitter }) => [name, emitter]));
    expect(() =>
      policySetParameters([{ psp: open("o"), usableBy }], { ...emitters, "new-concern": undefined }),
    ).toThrow(/concern "new-concern" has no Gatekeeper emitter/);
    const [p] = policySetParameters(
      [{ psp: restricted("r"), usableBy }],
      REGISTERED.filter(({ name }) => name !== "privileged").map((r) => r.emitter),
    ).policies;
    expect(p?.checks).not.toHaveProperty("privileged");
    expect(p?.checks).toHaveProperty("volumes");
  });

  it("refuses a PSP listed twice", () => {
    expect(() =>
      policySetParameters([
        { psp: open("same"), usableBy },
        { psp: restricted("same"), usableBy },
      ]),
    ).toThrow(/"same" is listed twice/);
  });

  it("is deterministic: any input order gives the same parameters", () => {
    const a = policySetParameters([
      { psp: open("o"), usableBy },
      { psp: restricted("r"), usableBy },
    ]);
    const b = policySetParameters([
      { psp: restricted("r"), usableBy },
      { psp: open("o"), usableBy },
    ]);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe("concernKey", () => {
  it("camelCases concern names and refuses anything else", () => {
    expect(concernKey("host-network-and-ports")).toBe("hostNetworkAndPorts");
    expect(concernKey("privileged")).toBe("privileged");
    expect(concernKey("read-only-root-filesystem")).toBe("readOnlyRootFilesystem");
    expect(() => concernKey("Bad_Name")).toThrow(/not lower-case words/);
  });
});
