/**
 * A coarse static type pass over CEL source for what Gatekeeper's type checker refuses and
 * @bufbuild/cel (which the simulator runs) accepts: Kubernetes' CEL base environment sets
 * `cel.HomogeneousAggregateLiterals()`, so list elements and map values of one literal must share a
 * type (or be `dyn`), and both branches of `_?_:_` must agree. Types are approximated: constants,
 * `has()`, comparisons and logic are concrete; anything read from the object is `dyn`.
 */
import { parse } from "@bufbuild/cel";

type Ty = "string" | "int" | "bool" | "null" | "double" | "list" | "map" | "dyn";

const BOOL_CALLS = new Set([
  "_&&_",
  "_||_",
  "!_",
  "_==_",
  "_!=_",
  "_<_",
  "_<=_",
  "_>_",
  "_>=_",
  "@in",
  "startsWith",
  "endsWith",
  "contains",
  "matches",
]);
const STRING_CALLS = new Set(["string", "join", "substring", "replace", "lowerAscii", "upperAscii", "trim"]);
const INT_CALLS = new Set(["size", "indexOf", "lastIndexOf", "int"]);

// biome-ignore lint/suspicious/noExplicitAny: walking the protobuf AST generically
type Node = any;

function join(a: Ty | undefined, b: Ty, problems: string[], what: string): Ty {
  if (a === undefined || a === b) return b;
  if (a === "dyn" || b === "dyn") return "dyn";
  problems.push(`${what}: ${a} and ${b} mixed`);
  return "dyn";
}

function typeOf(e: Node, problems: string[]): Ty {
  const k = e?.exprKind;
  switch (k?.case) {
    case "constExpr": {
      const c = k.value.constantKind.case as string;
      if (c === "stringValue") return "string";
      if (c === "int64Value" || c === "uint64Value") return "int";
      if (c === "boolValue") return "bool";
      if (c === "doubleValue") return "double";
      if (c === "nullValue") return "null";
      return "dyn";
    }
    case "identExpr":
      return "dyn";
    case "selectExpr":
      typeOf(k.value.operand, problems);
      return k.value.testOnly ? "bool" : "dyn";
    case "listExpr": {
      let t: Ty | undefined;
      for (const el of k.value.elements) t = join(t, typeOf(el, problems), problems, "list literal");
      return "list";
    }
    case "structExpr": {
      let t: Ty | undefined;
      for (const entry of k.value.entries) {
        if (entry.keyKind?.case === "mapKey") typeOf(entry.keyKind.value, problems);
        const valueType = typeOf(entry.value, problems);
        const key = entry.keyKind?.value?.exprKind?.value?.constantKind?.value ?? "?";
        t = join(t, valueType, problems, `map literal value "${key}"`);
      }
      return "map";
    }
    case "comprehensionExpr": {
      const c = k.value;
      for (const sub of [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result]) typeOf(sub, problems);
      return "dyn";
    }
    case "callExpr": {
      const call = k.value;
      const args: Ty[] = call.args.map((a: Node) => typeOf(a, problems));
      if (call.target) args.unshift(typeOf(call.target, problems));
      const fn = call.function as string;
      if (fn === "dyn") return "dyn";
      if (fn === "_?_:_") return join(args[1], args[2] as Ty, problems, "conditional branches");
      if (BOOL_CALLS.has(fn)) return "bool";
      if (STRING_CALLS.has(fn)) return "string";
      if (INT_CALLS.has(fn)) return "int";
      if (fn === "split") return "list";
      if (fn === "_+_") {
        if (args.includes("string")) return "string";
        if (args.includes("list")) return "list";
        return "dyn";
      }
      return "dyn";
    }
    default:
      return "dyn";
  }
}

/** Problems Kubernetes' type checker would report for one expression (approximation). */
export function homogeneityProblems(expression: string): string[] {
  const problems: string[] = [];
  typeOf(parse(expression).expr, problems);
  return problems;
}
