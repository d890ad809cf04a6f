/**
 * Where JSON.parse gave up. V8 (Node 20) names the position for some errors only, so a small
 * syntax-only scanner finds the offset of the first error itself, for a file:line:col diagnostic.
 */
const WS = new Set([" ", "\t", "\n", "\r"]);
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** Offset of the first syntax error in `text`, or undefined when it is valid JSON. */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && WS.has(text[i] as string)) i++;
  };
  const expect = (ch: string) => {
    if (text[i] !== ch) throw i;
    i++;
  };
  const str = () => {
    expect('"');
    for (;;) {
      const c = text[i];
      if (c === undefined || c < " ") throw i;
      i++;
      if (c === '"') return;
      if (c === "\\") {
        if (!/["\\/bfnrtu]/.test(text[i] ?? "")) throw i;
        i += text[i] === "u" ? 5 : 1;
      }
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        str();
        ws();
        expect(":");
        value();
        ws();
        if (text[i] !== ",") {
          expect("}");
          return;
        }
        i++;
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] !== ",") {
          expect("]");
          return;
        }
        i++;
      }
    }
    if (c === '"') {
      str();
      return;
    }
    for (const lit of ["true", "false", "null"]) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (!NUMBER.test(text)) throw i;
    i = NUMBER.lastIndex;
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (at) {
    return typeof at === "number" ? at : 0; // 0: nesting too deep to scan
  }
}
