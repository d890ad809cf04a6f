import { describe, expect, it } from "vitest";
import { forbidden, formatFieldError, invalid, required } from "../src/psp/field-error.js";

describe("formatFieldError renders like Kubernetes field.Error", () => {
  it("shows the value for Invalid", () => {
    expect(
      formatFieldError(invalid("spec.containers[0].securityContext.runAsUser", 0, "must be in the ranges: [{1 1}]")),
    ).toBe("spec.containers[0].securityContext.runAsUser: Invalid value: 0: must be in the ranges: [{1 1}]");
    expect(
      formatFieldError(invalid("spec.volumes[0]", "hostPath", "hostPath volumes are not allowed to be used")),
    ).toBe('spec.volumes[0]: Invalid value: "hostPath": hostPath volumes are not allowed to be used');
  });
  it("omits the value for Required and Forbidden", () => {
    expect(formatFieldError(required("spec.securityContext.fsGroup", "x"))).toBe(
      "spec.securityContext.fsGroup: Required value: x",
    );
    expect(formatFieldError(forbidden("spec.x", "y"))).toBe("spec.x: Forbidden: y");
  });
});
