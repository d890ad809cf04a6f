import { describe, expect, it } from "vitest";
import { forbidden, formatFieldError, invalid } from "../../src/psp/field-error.js";
import { formatErrorList, rejectionMessage } from "../../src/psp/messages.js";

describe("rejection messages (Go %v of a field.ErrorList)", () => {
  it("prints [] for no errors, per operation", () => {
    expect(rejectionMessage("create", [])).toBe("PodSecurityPolicy: unable to admit pod: []");
    expect(rejectionMessage("update", [])).toBe("PodSecurityPolicy: unable to validate pod: []");
  });
  it("joins several errors with one space inside brackets", () => {
    expect(formatErrorList([forbidden("a", "x"), forbidden("b", "y")])).toBe("[a: Forbidden: x b: Forbidden: y]");
  });
  it("renders an unset (nil) value as the quoted string null, like Go", () => {
    expect(formatFieldError(invalid("p", undefined, "d"))).toBe('p: Invalid value: "null": d');
  });
});
