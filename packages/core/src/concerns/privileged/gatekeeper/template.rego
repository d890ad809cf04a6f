# Psp2gkPrivileged (Rego). Mirror of template.cel.yaml: same helper names, same messages.
# PSP `privileged: false`: no container (init, regular, ephemeral) may set securityContext.privileged: true.
package psp2gkprivileged

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

privilegedContainers := [c.name |
	c := containers[_]
	object.get(c, ["securityContext", "privileged"], false) == true
]

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(privilegedContainers) > 0
	msg := sprintf("securityContext.privileged: Invalid value: true: Privileged containers are not allowed (containers: %s)", [concat(", ", privilegedContainers)])
}
