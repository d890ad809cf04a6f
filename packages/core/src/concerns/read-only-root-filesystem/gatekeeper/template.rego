# Psp2gkReadOnlyRootFilesystem (Rego). Mirror of template.cel.yaml: same helper names, same messages.
# PSP `readOnlyRootFilesystem: true`: every container's securityContext.readOnlyRootFilesystem must be
# true (unset and false are both refused, with Kubernetes' two messages).
package psp2gkreadonlyrootfilesystem

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

unsetContainers := [c.name |
	c := containers[_]
	not has_key(object.get(c, "securityContext", {}), "readOnlyRootFilesystem")
]

writableContainers := [c.name |
	c := containers[_]
	has_key(object.get(c, "securityContext", {}), "readOnlyRootFilesystem")
	c.securityContext.readOnlyRootFilesystem != true
]

has_key(obj, key) {
	_ = obj[key]
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(unsetContainers) > 0
	msg := sprintf("securityContext.readOnlyRootFilesystem: Invalid value: \"null\": ReadOnlyRootFilesystem may not be nil and must be set to true (containers: %s)", [concat(", ", unsetContainers)])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(writableContainers) > 0
	msg := sprintf("securityContext.readOnlyRootFilesystem: Invalid value: false: ReadOnlyRootFilesystem must be set to true (containers: %s)", [concat(", ", writableContainers)])
}
