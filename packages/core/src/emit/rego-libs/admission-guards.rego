# Requests PSP never evaluates, skipped by every psp2gk template. Mirror of ADMISSION_GUARDS in
# emit/template.ts (the CEL `matchCondition` entries the assembler adds to every template): same
# names, same conditions. Each template imports both rules and starts every `violation` with them:
#   import data.lib.psp2gk.admission.notDelete
#   import data.lib.psp2gk.admission.notGcOnlyUpdate
package lib.psp2gk.admission

# Written as negations so a review without `operation` (audit) is checked, as in CEL, where audit's
# request.operation is "" (neither DELETE nor UPDATE).

# PSP never evaluates DELETE (Gatekeeper with --enable-delete-operations passes the deleted pod as object).
notDelete {
	not isDelete
}

isDelete {
	input.review.operation == "DELETE"
}

# Nor an UPDATE that changes nothing but metadata.ownerReferences / metadata.finalizers
# (garbage collection; rbacregistry.IsOnlyMutatingGCFields).
notGcOnlyUpdate {
	not gcOnlyUpdate
}

gcOnlyUpdate {
	input.review.operation == "UPDATE"
	object.remove(input.review.object, ["metadata"]) == object.remove(input.review.oldObject, ["metadata"])
	gcFields := ["ownerReferences", "finalizers"]
	object.remove(input.review.object.metadata, gcFields) == object.remove(input.review.oldObject.metadata, gcFields)
}
