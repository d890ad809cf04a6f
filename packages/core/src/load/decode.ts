/**
 * Bytes → text, refusing what is not UTF-8 YAML/JSON with a clear reason instead of parsing garbage:
 * binary files (NUL bytes), UTF-16/32 (kubectl on Windows PowerShell writes UTF-16), invalid UTF-8.
 */
import type { Diagnostic } from "../model/diagnostics.js";

export type Decoded = { text: string } | { diagnostic: Diagnostic };

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

export function decodeInput(bytes: Uint8Array, file: string): Decoded {
  const refuse = (code: string, message: string, line = 1): Decoded => ({
    diagnostic: { level: "error", code, message, source: { file, line, col: 1 } },
  });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return refuse("input-encoding", "file is UTF-16 (it starts with a UTF-16 byte order mark); convert it to UTF-8");
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return refuse("input-binary", `file is binary (NUL byte at offset ${nul}), not YAML or JSON`);
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text };
  } catch {
    const lenient = new TextDecoder("utf-8").decode(bytes);
    const bad = lenient.indexOf("\uFFFD");
    return refuse(
      "input-encoding",
      "file is not valid UTF-8; convert it to UTF-8",
      bad === -1 ? 1 : lineOf(lenient, bad),
    );
  }
}
