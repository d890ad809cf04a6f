import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/apparmor/index.js";
import { defaultThenValidate, makePod, makePsp, validateOnly } from "../shared/one-psp.js";

const only = [concern];
const ALLOWED = "apparmor.security.beta.kubernetes.io/allowedProfileNames";
const DEFAULT = "apparmor.security.beta.kubernetes.io/defaultProfileName";
const key = (name: string) => `container.apparmor.security.beta.kubernetes.io/${name}`;
const path = (name: string) => `pod.metadata.annotations[${key(name)}]`;

describe("AppArmor defaulting", () => {
  it("writes the default for every container kind whose annotation is absent or empty", () => {
    const psp = makePsp({}, { [DEFAULT]: "runtime/default" });
    const pod = makePod(
      {
        initContainers: [{ name: "i" }],
        containers: [{ name: "c" }, { name: "d" }],
        ephemeralContainers: [{ name: "e" }],
      },
      { [key("c")]: "localhost/mine", [key("d")]: "" },
    );
    const out = defaultThenValidate(pod, psp, only);
    expect(out.pod.metadata.annotations).toEqual({
      [key("c")]: "localhost/mine",
      [key("d")]: "runtime/default",
      [key("i")]: "runtime/default",
      [key("e")]: "runtime/default",
    });
    expect(out.errors).toEqual([]);
    expect(concern.mayMutate?.(psp)).toBe(true);
  });

  it("writes nothing (and creates no annotations) without a default", () => {
    const out = defaultThenValidate(makePod(), makePsp({}, { [ALLOWED]: "runtime/default" }), only);
    expect(out.pod.metadata.annotations).toBeUndefined();
    expect(concern.mayMutate?.(makePsp({}, { [ALLOWED]: "runtime/default" }))).toBe(false);
  });
});

describe("AppArmor validation", () => {
  it("without an allowed list anything goes", () => {
    expect(validateOnly(makePod({}, { [key("c")]: "unconfined" }), makePsp(), only)).toEqual([]);
  });

  it("with a list: each container's profile must be set and listed exactly (no wildcard)", () => {
    const psp = makePsp({}, { [ALLOWED]: "runtime/default,localhost/foo" });
    expect(validateOnly(makePod(), psp, only)).toEqual([`${path("c")}: Forbidden: AppArmor profile must be set`]);
    expect(validateOnly(makePod({}, { [key("c")]: "localhost/foo" }), psp, only)).toEqual([]);
    expect(validateOnly(makePod({}, { [key("c")]: "localhost/bar" }), psp, only)).toEqual([
      `${path("c")}: Forbidden: localhost/bar is not an allowed profile. Allowed values: "runtime/default,localhost/foo"`,
    ]);
    expect(validateOnly(makePod({}, { [key("c")]: "*" }), makePsp({}, { [ALLOWED]: "*" }), only)).toEqual([]);
    expect(
      validateOnly(makePod({}, { [key("c")]: "runtime/default" }), makePsp({}, { [ALLOWED]: "*" }), only),
    ).toHaveLength(1);
  });

  it("checks init and ephemeral containers by their own names", () => {
    const psp = makePsp({}, { [ALLOWED]: "runtime/default" });
    const pod = makePod(
      { initContainers: [{ name: "i" }], ephemeralContainers: [{ name: "e" }] },
      { [key("c")]: "runtime/default", [key("e")]: "unconfined" },
    );
    expect(validateOnly(pod, psp, only)).toEqual([
      `${path("i")}: Forbidden: AppArmor profile must be set`,
      `${path("e")}: Forbidden: unconfined is not an allowed profile. Allowed values: "runtime/default"`,
    ]);
  });

  it("an allowed list that is present but empty makes every pod fail", () => {
    const psp = makePsp({}, { [ALLOWED]: "" });
    expect(validateOnly(makePod(), psp, only)).toHaveLength(1);
    expect(validateOnly(makePod({}, { [key("c")]: "runtime/default" }), psp, only)).toHaveLength(1);
    // ...even with a default: the default fills the profile, which is then not listed.
    const withDefault = makePsp({}, { [ALLOWED]: "", [DEFAULT]: "runtime/default" });
    expect(defaultThenValidate(makePod(), withDefault, only).errors).toHaveLength(1);
  });
});
