# Psp2gkPrivileged (Rego). Mirror of template.cel.yaml: same helper names, same messages.
# PSP `privileged: false`: no container (init, regular, ephemeral) may set securityContext.privileged: true.
package psp2gkprivileged

# PSP never evaluates DELETE (Gatekeeper with --enable-delete-operations passes the deleted pod as object).
notDelete {
	input.review.operation != "DELETE"
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
	count(privilegedContainers) > 0
	msg := sprintf("securityContext.privileged: Invalid value: true: Privileged containers are not allowed (containers: %s)", [concat(", ", privilegedContainers)])
}
