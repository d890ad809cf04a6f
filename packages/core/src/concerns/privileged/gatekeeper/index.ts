import type { ConcernEmitter } from "../../../emit/concern-emitter.js";

// Not emitted yet: the converter refuses PSPs that restrict this concern until an emitter exists (fail closed).
export const emitter: ConcernEmitter | undefined = undefined;
