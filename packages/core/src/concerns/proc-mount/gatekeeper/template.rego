# Psp2gkProcMount (Rego). Mirror of template.cel.yaml: same helper names, same messages.
# PSP `allowedProcMountTypes`: every container's procMount (unset = Default) must be listed; an empty
# or absent list means [Default].
package psp2gkprocmount

# PSP never evaluates DELETE (Gatekeeper with --enable-delete-operations passes the deleted pod as object).
notDelete {
	input.review.operation != "DELETE"
}

# Nor an UPDATE that changes nothing but metadata.ownerReferences / metadata.finalizers.
notGcOnlyUpdate {
	input.review.operation != "UPDATE"
}

notGcOnlyUpdate {
	input.review.operation == "UPDATE"
	not gcOnlyChange
}

gcOnlyChange {
	object.remove(input.review.object, ["metadata"]) == object.remove(input.review.oldObject, ["metadata"])
	gcFields := ["ownerReferences", "finalizers"]
	object.remove(input.review.object.metadata, gcFields) == object.remove(input.review.oldObject.metadata, gcFields)
}

containers := array.concat(
	array.concat(object.get(input.review.object.spec, "initContainers", []), object.get(input.review.object.spec, "containers", [])),
	object.get(input.review.object.spec, "ephemeralContainers", [])
)

allowedProcMountTypes = input.parameters.allowedProcMountTypes {
	count(object.get(input.parameters, "allowedProcMountTypes", [])) > 0
} else = ["Default"]

badProcMountContainers := [c.name |
	c := containers[_]
	not procMountAllowed(object.get(c, ["securityContext", "procMount"], "Default"))
]

procMountAllowed(procMount) {
	allowedProcMountTypes[_] == procMount
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(badProcMountContainers) > 0
	msg := sprintf("securityContext.procMount: ProcMountType is not allowed (containers: %s; allowed: %s)", [concat(", ", badProcMountContainers), concat(", ", allowedProcMountTypes)])
}
