import { describe, expect, it } from "vitest";
import { compileExpression, runCompiled } from "../../src/gatekeeper/cel-program.js";
import { fromCelValue, toCelInput } from "../../src/gatekeeper/cel-values.js";

const evalWith = (expr: string, object: unknown) =>
  runCompiled(compileExpression(expr), { object: toCelInput(object) });

describe("toCelInput mirrors how Kubernetes hands JSON to CEL", () => {
  it("turns integral numbers into CEL ints and others into doubles", () => {
    expect(toCelInput(1000)).toBe(1000n);
    expect(toCelInput(-1)).toBe(-1n);
    expect(toCelInput(1.5)).toBe(1.5);
  });

  it("lets int fields compare with int literals and reject int/double arithmetic like cel-go", () => {
    expect(evalWith("object.runAsUser > 999", { runAsUser: 1000 })).toEqual({ value: true });
    expect(evalWith("object.runAsUser == 1000", { runAsUser: 1000 })).toEqual({ value: true });
    const mixed = evalWith("object.runAsUser + 1.0", { runAsUser: 1000 });
    expect("error" in mixed && mixed.error).toMatch(/no matching overload/);
  });

  it("makes objects maps whose dotted and slashed keys are reachable with []", () => {
    const annotations = { "container.apparmor.security.beta.kubernetes.io/app": "runtime/default" };
    expect(toCelInput(annotations)).toBeInstanceOf(Map);
    expect(
      evalWith(`object.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]`, {
        metadata: { annotations },
      }),
    ).toEqual({ value: "runtime/default" });
  });

  it("drops undefined and null properties, as typed decoding does, so has() sees them as absent", () => {
    expect(evalWith("has(object.a)", { a: undefined })).toEqual({ value: false });
    expect(evalWith("has(object.a)", { a: null })).toEqual({ value: false });
    expect(evalWith("has(object.a)", { a: 0 })).toEqual({ value: true });
  });
});

describe("fromCelValue converts results back to JSON", () => {
  it("round-trips nested maps and lists with ints as numbers", () => {
    const input = { a: [1, 2.5, "x", null, { b: true, c: "" }] };
    const r = runCompiled(compileExpression("object"), { object: toCelInput(input) });
    expect("value" in r && fromCelValue(r.value)).toEqual(input);
  });

  it("converts macro results (map/filter lists)", () => {
    const r = runCompiled(compileExpression("[1, 2, 3].filter(x, x > 1).map(x, x * 10)"), {});
    expect("value" in r && fromCelValue(r.value)).toEqual([20, 30]);
  });
});
