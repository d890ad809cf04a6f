/**
 * JSON ⇄ CEL values, the way the Kubernetes API server hands objects to CEL.
 *
 * Kubernetes decodes admission objects as unstructured JSON with integers kept as int64, so CEL
 * sees `object.spec.securityContext.runAsUser` as an `int` and `runAsUser > 0` type-checks against
 * an int literal. @bufbuild/cel maps JS `number` to CEL `double` and `bigint` to `int`, so every
 * integral JSON number becomes a bigint here; anything else stays a double. Objects become CEL maps
 * (string keys, so `m["container.apparmor.security.beta.kubernetes.io/c"]` works) and arrays lists.
 *
 * A property whose value is null is left out of its map, as typed decoding drops it.
 *
 * One known limit: JSON `1.0` has already become the JS number 1 when we see it, so it is an `int`
 * here where Kubernetes (json.Number "1.0") would make it a double. Kubernetes objects never carry
 * such values in the fields psp2gk checks.
 */
import { type CelInput, type CelValue, isCelList, isCelMap, isCelType, isCelUint } from "@bufbuild/cel";
import { isObject } from "./json.js";

/** Converts a parsed JSON value into a CEL input value. `undefined` (absent) becomes null. */
export function toCelInput(value: unknown): CelInput {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "boolean":
    case "string":
      return value;
    case "number":
      return Number.isInteger(value) ? BigInt(value) : value;
    case "bigint":
      return value;
    case "object":
      if (Array.isArray(value)) return value.map(toCelInput);
      if (isObject(value)) {
        const map = new Map<string, CelInput>();
        for (const [k, v] of Object.entries(value)) {
          // Kubernetes decodes objects into typed structs, where a JSON null field is the same as
          // an absent one; drop both so `has()` and field access agree with the API server.
          if (v !== undefined && v !== null) map.set(k, toCelInput(v));
        }
        return map;
      }
      break;
  }
  throw new TypeError(`value of type ${typeof value} cannot be given to CEL`);
}

/**
 * Converts a CEL result back to JSON: ints become numbers (exact up to 2^53, which covers every
 * Kubernetes ID), maps objects with string keys, lists arrays, types their names.
 */
export function fromCelValue(value: CelValue): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case "boolean":
    case "string":
    case "number":
      return value;
    case "bigint":
      return Number(value);
  }
  if (isCelUint(value)) return Number(value.value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (isCelList(value)) return [...value].map(fromCelValue);
  if (isCelMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value.entries()) {
      out[isCelUint(k) ? String(k.value) : String(k)] = fromCelValue(v);
    }
    return out;
  }
  if (isCelType(value)) return value.name;
  return String(value);
}

/** A short description of a CEL value's type for messages ("int", "string", "list", ...). */
export function celTypeName(value: CelValue): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return "bool";
    case "string":
      return "string";
    case "number":
      return "double";
    case "bigint":
      return "int";
  }
  if (isCelUint(value)) return "uint";
  if (value instanceof Uint8Array) return "bytes";
  if (isCelList(value)) return "list";
  if (isCelMap(value)) return "map";
  if (isCelType(value)) return "type";
  return "object";
}
