# Psp2gkReadOnlyRootFilesystem (Rego). Mirror of template.cel.yaml: same helper names, same messages.
# PSP `readOnlyRootFilesystem: true`: every container's securityContext.readOnlyRootFilesystem must be
# true (unset and false are both refused, with Kubernetes' two messages).
package psp2gkreadonlyrootfilesystem

# Requests PSP never evaluates (DELETE; an UPDATE of only metadata.ownerReferences/finalizers):
# emit/rego-libs/admission-guards.rego, mirror of the CEL matchCondition entries of the same names.
import data.lib.psp2gk.admission.notDelete
import data.lib.psp2gk.admission.notGcOnlyUpdate

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
