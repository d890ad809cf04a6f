// Public API of the converter. Re-exports only.
export { type ConversionResult, type ConvertOptions, convert } from "./convert.js";
export { restrictsConcern } from "./restricts.js";
