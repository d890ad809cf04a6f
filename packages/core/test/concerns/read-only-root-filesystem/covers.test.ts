import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/read-only-root-filesystem/index.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { psp } from "../../psp/fixtures.js";

const covers = (policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean =>
  concern.coversUnchanged?.(policy, other) ?? false;

describe("read-only-root-filesystem coversUnchanged", () => {
  it("covers only when it does not require a read-only root (it would write true)", () => {
    expect(covers(psp("a"), psp("b", { readOnlyRootFilesystem: true }))).toBe(true);
    expect(covers(psp("a", { readOnlyRootFilesystem: true }), psp("b", { readOnlyRootFilesystem: true }))).toBe(false);
  });
});
