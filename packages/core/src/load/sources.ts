/**
 * Paths → texts. Files are read as given (any extension); directories recursively, taking
 * `*.yaml`, `*.yml`, `*.json` in byte order of their paths and skipping dot-files and dot-directories
 * (`.git`); `-` is standard input. A file reached twice is read once. Problems become diagnostics.
 */
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Diagnostic } from "../model/diagnostics.js";
import { byteOrder } from "../model/validation/fs-types.js";
import { decodeInput } from "./decode.js";

export interface InputText {
  file: string;
  text: string;
}

/** Files larger than this are refused before they are read (a guard, far above any real cluster dump). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;
export const STDIN_NAME = "<stdin>";
const INPUT_EXTENSIONS = /\.(ya?ml|json)$/i;

export interface ReadOptions {
  readStdin?: () => Promise<string | Uint8Array>;
  maxInputBytes?: number;
}

async function readProcessStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function problem(code: string, file: string, message: string): Diagnostic {
  return { level: "error", code, message, source: { file, line: 1, col: 1 } };
}

function errnoMessage(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  return e instanceof Error ? e.message : String(e);
}

/** Input files under `dir`, sorted by path; symlinked directories are followed once. */
async function walk(dir: string, seen: Set<string>): Promise<string[]> {
  const real = await realpath(dir);
  if (seen.has(real)) return [];
  seen.add(real);
  const entries = (await readdir(dir)).filter((n) => !n.startsWith(".")).sort(byteOrder);
  const out: string[] = [];
  for (const name of entries) {
    const path = join(dir, name);
    const s = await stat(path).catch(() => undefined);
    if (s?.isDirectory()) out.push(...(await walk(path, seen)));
    else if (s?.isFile() && INPUT_EXTENSIONS.test(name)) out.push(path);
  }
  return out;
}

export async function readInputs(
  paths: string[],
  options: ReadOptions = {},
): Promise<{ texts: InputText[]; diagnostics: Diagnostic[] }> {
  const texts: InputText[] = [];
  const diagnostics: Diagnostic[] = [];
  const maxBytes = options.maxInputBytes ?? MAX_INPUT_BYTES;
  const readFiles = new Set<string>();
  let stdinRead = false;

  const readOne = async (file: string, shownAs: string) => {
    const real = await realpath(file).catch(() => file);
    if (readFiles.has(real)) return;
    readFiles.add(real);
    try {
      const size = (await stat(file)).size;
      if (size > maxBytes) {
        diagnostics.push(
          problem(
            "input-too-large",
            shownAs,
            `file is ${(size / 1e6).toFixed(0)} MB; psp2gk reads at most ${(maxBytes / 1e6).toFixed(0)} MB per file`,
          ),
        );
        return;
      }
      const decoded = decodeInput(await readFile(file), shownAs);
      if ("diagnostic" in decoded) diagnostics.push(decoded.diagnostic);
      else texts.push({ file: shownAs, text: decoded.text });
    } catch (e) {
      diagnostics.push(problem("input-unreadable", shownAs, `cannot read file: ${errnoMessage(e)}`));
    }
  };

  for (const path of paths) {
    if (path === "-") {
      if (stdinRead) continue;
      stdinRead = true;
      const raw = await (options.readStdin ?? readProcessStdin)();
      if (typeof raw === "string") texts.push({ file: STDIN_NAME, text: raw });
      else {
        const decoded = decodeInput(raw, STDIN_NAME);
        if ("diagnostic" in decoded) diagnostics.push(decoded.diagnostic);
        else texts.push({ file: STDIN_NAME, text: decoded.text });
      }
      continue;
    }
    const s = await stat(path).catch((e: unknown) => e as NodeJS.ErrnoException);
    if (s instanceof Error) {
      const missing = s.code === "ENOENT" || s.code === "ENOTDIR";
      diagnostics.push(
        missing
          ? problem("input-not-found", path, "no such file or directory")
          : problem("input-unreadable", path, `cannot read: ${errnoMessage(s)}`),
      );
      continue;
    }
    if (s.isDirectory()) {
      const files = await walk(path, new Set()).catch((e: unknown) => {
        diagnostics.push(problem("input-unreadable", path, `cannot read directory: ${errnoMessage(e)}`));
        return undefined;
      });
      if (files === undefined) continue;
      if (files.length === 0) {
        diagnostics.push(problem("input-empty-dir", path, "directory contains no *.yaml, *.yml or *.json files"));
      }
      for (const f of files) await readOne(f, f);
    } else {
      await readOne(path, path);
    }
  }
  return { texts, diagnostics };
}
