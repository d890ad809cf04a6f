/**
 * zod issues → Kubernetes-style field errors, so a type error reads like the API server's messages
 * (`spec.runAsUser.rule: Unsupported value: "Sometimes": supported values: "MustRunAs", ...`) and
 * carries the field path (`spec.runAsUser.ranges[0].min`) the loader turns into a source position.
 */
import type { z } from "zod";
import type { FieldError } from "../../psp/field-error.js";

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `["spec","ranges",0,"min"]` → `spec.ranges[0].min`; keys that are not identifiers (annotation keys) as `[key]`, like Kubernetes' `Key()`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${seg}]`;
  }
  return out;
}

/** The JSON type name of a value, as the messages say it. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** Primitives are shown as Kubernetes shows them; whole objects and lists would drown the message. */
function shownValue(value: unknown): unknown {
  if (value !== null && typeof value === "object") return Array.isArray(value) ? "[...]" : "{...}";
  return value;
}

function toFieldError(issue: z.core.$ZodIssue, prefix: readonly PathSegment[]): FieldError {
  const path = formatPath([...prefix, ...(issue.path as PathSegment[])]);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_type":
      if (input === undefined) return { type: "Required", path, detail: "" };
      return {
        type: "Invalid",
        path,
        value: shownValue(input),
        detail: `must be ${issue.expected === "int" ? "an integer" : `of type ${issue.expected}`}, not ${jsonTypeOf(input)}`,
      };
    case "invalid_value":
      if (input === undefined) return { type: "Required", path, detail: "" };
      return {
        type: "NotSupported",
        path,
        value: shownValue(input),
        detail: `supported values: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
      };
    default:
      // An empty string where a value is needed (`name: ""`) is "Required", as Kubernetes says it.
      if (input === "" && issue.code === "too_small") return { type: "Required", path, detail: issue.message };
      if (input === undefined) return { type: "Required", path, detail: issue.message };
      return { type: "Invalid", path, value: shownValue(input), detail: issue.message };
  }
}

/** Field errors for every issue, in zod's order (document order of the schema's fields). */
export function issuesToFieldErrors(error: z.ZodError, prefix: readonly PathSegment[] = []): FieldError[] {
  return error.issues.map((issue) => toFieldError(issue, prefix));
}

/** The inverse of formatPath: `metadata.annotations[a/b]` → `["metadata","annotations","a/b"]`, `x[0]` → `["x",0]`. */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (let m = re.exec(path); m !== null; m = re.exec(path)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(/^\d+$/.test(m[2]) ? Number(m[2]) : m[2]);
  }
  return out;
}
