import type { Concern } from "../../psp/concern.js";
import { coversReadOnlyRootFilesystem } from "./covers.js";
import { defaultReadOnlyRootFilesystem, validateReadOnlyRootFilesystem } from "./logic.js";

export const concern: Concern = {
  name: "read-only-root-filesystem",
  coversUnchanged: coversReadOnlyRootFilesystem,
  pspFields: ["spec.readOnlyRootFilesystem"],
  mayMutate: (psp) => psp.spec.readOnlyRootFilesystem === true,
  defaultContainer: defaultReadOnlyRootFilesystem,
  validateContainer: validateReadOnlyRootFilesystem,
};
