# Psp2gkPrivilegeEscalation (Rego). Mirror of template.cel.yaml: same helper names, same messages.
# PSP `allowPrivilegeEscalation: false`: every container's securityContext.allowPrivilegeEscalation
# must be exactly false (unset and true are refused).
package psp2gkprivilegeescalation

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

escalatingContainers := [c.name |
	c := containers[_]
	object.get(c, ["securityContext", "allowPrivilegeEscalation"], null) != false
]

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(escalatingContainers) > 0
	msg := sprintf("securityContext.allowPrivilegeEscalation: Allowing privilege escalation for containers is not allowed (must be false; containers: %s)", [concat(", ", escalatingContainers)])
}
