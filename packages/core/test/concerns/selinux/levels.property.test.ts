import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { equalLevels } from "../../../src/concerns/selinux/levels.js";

const category = fc.constantFrom("c0", "c1", "c2", "c10", "c0.c3");
const level = fc
  .tuple(fc.constantFrom("s0", "s1", "s0-s0"), fc.array(category, { minLength: 1, maxLength: 4 }))
  .map(([s, cats]) => ({ s, cats }));

describe("equalLevels properties", () => {
  it("is reflexive and symmetric, and ignores category order", () => {
    fc.assert(
      fc.property(level, level, ({ s, cats }, other) => {
        const a = `${s}:${cats.join(",")}`;
        const b = `${other.s}:${other.cats.join(",")}`;
        expect(equalLevels(a, a)).toBe(true);
        expect(equalLevels(a, b)).toBe(equalLevels(b, a));
        expect(equalLevels(a, `${s}:${[...cats].reverse().join(",")}`)).toBe(true);
      }),
    );
  });

  it("distinguishes a different sensitivity or a different category multiset", () => {
    fc.assert(
      fc.property(level, category, ({ s, cats }, extra) => {
        const a = `${s}:${cats.join(",")}`;
        expect(equalLevels(a, `s9:${cats.join(",")}`)).toBe(false);
        expect(equalLevels(a, `${a},${extra}`)).toBe(false);
      }),
    );
  });
});
