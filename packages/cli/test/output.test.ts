import { describe, expect, it } from "vitest";
import { json, plural, table } from "../src/output.js";

describe("table", () => {
  it("aligns columns to the widest cell, trims trailing spaces, and continues multi-line cells", () => {
    const out = table(
      ["A", "LONGER", "C"],
      [
        ["xx", "y", "z"],
        ["x", "two\nlines", ""],
      ],
    );
    expect(out).toBe(["  A   LONGER  C", "  xx  y       z", "  x   two", "      lines", ""].join("\n"));
  });
});

describe("json and plural", () => {
  it("json ends with a newline and keeps key order", () => {
    expect(json({ b: 1, a: [2] })).toBe('{\n  "b": 1,\n  "a": [\n    2\n  ]\n}\n');
  });
  it("plural", () => {
    expect(plural(1, "file")).toBe("1 file");
    expect(plural(0, "error")).toBe("0 errors");
  });
});
