import type { Concern } from "../../psp/concern.js";
import { defaultReadOnlyRootFilesystem, validateReadOnlyRootFilesystem } from "./logic.js";

export const concern: Concern = {
  name: "read-only-root-filesystem",
  pspFields: ["spec.readOnlyRootFilesystem"],
  mayMutate: (psp) => psp.spec.readOnlyRootFilesystem === true,
  defaultContainer: defaultReadOnlyRootFilesystem,
  validateContainer: validateReadOnlyRootFilesystem,
};
