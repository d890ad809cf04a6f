import { describe, expect, it } from "vitest";
import { MAX_NAME_LENGTH, resourceName } from "../../src/emit/names.js";

describe("resourceName", () => {
  it("keeps names that are already valid labels", () => {
    expect(resourceName("restricted", "run-as-user")).toBe("restricted-run-as-user");
  });
  it("replaces invalid characters and adds a stable hash", () => {
    const n = resourceName("eks.privileged", "volumes");
    expect(n).toMatch(/^eks-privileged-volumes-[0-9a-f]{6}$/);
    expect(resourceName("eks.privileged", "volumes")).toBe(n);
  });
  it("keeps distinct originals distinct even when they sanitize alike", () => {
    expect(resourceName("a.b", "x")).not.toBe(resourceName("a-b", "x"));
    expect(resourceName("A", "x")).not.toBe(resourceName("a", "x"));
  });
  it("shortens long names to a DNS label with a hash", () => {
    const n = resourceName("p".repeat(200), "supplemental-groups");
    expect(n.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    expect(n).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
  it("never returns an empty or dash-led name", () => {
    expect(resourceName("...", "")).toMatch(/^x-[0-9a-f]{6}$/);
  });
});
