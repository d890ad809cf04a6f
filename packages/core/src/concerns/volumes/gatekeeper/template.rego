# Psp2gkVolumes (Rego). Mirror of template.cel.yaml: same helper names, same messages.
# PSP `volumes`, `allowedHostPaths`, `allowedFlexVolumes`, `allowedCSIDrivers`:
# - each pod volume's type (its source field; `cephfs` is PSP's `cephFS`) must be listed or `*` listed;
#   an empty list allows no volume at all; a volume of no known type is refused;
# - exception: with `secret` allowed, a projected volume made only of the service-account token
#   sources (token at path `token` without audience, configMap kube-root-ca.crt, downwardAPI
#   namespace items) is allowed;
# - hostPath (allowed type): with allowedHostPaths, the path must match a pathPrefix segment-wise
#   (one trailing `/` trimmed from both); if only readOnly entries match, every mount of the volume in
#   every container must be readOnly. Absent allowedHostPaths = any path;
# - flexVolume / csi (allowed type): with allowedFlexVolumes / allowedCSIDrivers, the driver must be
#   listed. Absent = any driver.
package psp2gkvolumes

# Requests PSP never evaluates (DELETE; an UPDATE of only metadata.ownerReferences/finalizers):
# emit/rego-libs/admission-guards.rego, mirror of the CEL matchCondition entries of the same names.
import data.lib.psp2gk.admission.notDelete
import data.lib.psp2gk.admission.notGcOnlyUpdate

containers := array.concat(
	array.concat(object.get(input.review.object.spec, "initContainers", []), object.get(input.review.object.spec, "containers", [])),
	object.get(input.review.object.spec, "ephemeralContainers", [])
)

volumes := object.get(input.review.object.spec, "volumes", [])

sourceFields := [
	"hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs",
	"iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker",
	"downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk",
	"photonPersistentDisk", "storageos", "projected", "portworxVolume", "scaleIO", "csi", "ephemeral",
]

allowedVolumes := object.get(input.parameters, "volumes", [])

allowedSourceFields = sourceFields {
	allowedVolumes[_] == "*"
} else = [sourceField(t) | t := allowedVolumes[_]]

# PSP type name -> pod source field (only cephFS differs).
sourceField(t) = "cephfs" {
	t == "cephFS"
} else = t

# Pod source field -> PSP type name.
typeName(f) = "cephFS" {
	f == "cephfs"
} else = f

has_key(obj, key) {
	_ = obj[key]
}

hasSource(v) {
	has_key(v, sourceFields[_])
}

unknownVolumes := [v.name | v := volumes[_]; not hasSource(v)]

serviceAccountTokenVolumes := [v.name |
	v := volumes[_]
	has_key(v, "projected")
	not notTokenSourceOnly(v.projected)
]

notTokenSourceOnly(projected) {
	sources := object.get(projected, "sources", [])
	s := sources[_]
	not tokenSource(s)
}

tokenSource(s) {
	tokenSourceKind(s)
	not badServiceAccountToken(s)
	not badRootCAConfigMap(s)
	not badNamespaceDownwardAPI(s)
}

tokenSourceKind(s) {
	has_key(s, "serviceAccountToken")
}

tokenSourceKind(s) {
	has_key(s, "configMap")
}

tokenSourceKind(s) {
	has_key(s, "downwardAPI")
}

badServiceAccountToken(s) {
	object.get(s.serviceAccountToken, "path", "") != "token"
}

badServiceAccountToken(s) {
	object.get(s.serviceAccountToken, "audience", "") != ""
}

badRootCAConfigMap(s) {
	object.get(s.configMap, "name", "") != "kube-root-ca.crt"
}

badNamespaceDownwardAPI(s) {
	items := object.get(s.downwardAPI, "items", [])
	i := items[_]
	not namespaceItem(i)
}

namespaceItem(i) {
	object.get(i, "path", "") == "namespace"
	object.get(i, ["fieldRef", "apiVersion"], "") == "v1"
	object.get(i, ["fieldRef", "fieldPath"], "") == "metadata.namespace"
}

sourceAllowed(v) {
	f := sourceFields[_]
	has_key(v, f)
	allowedSourceFields[_] == f
}

serviceAccountTokenException(v) {
	allowedSourceFields[_] == "secret"
	serviceAccountTokenVolumes[_] == v.name
}

volumeType(v) = t {
	t := concat("", [typeName(f) | f := sourceFields[_]; has_key(v, f)])
}

forbiddenVolumes := [sprintf("%s volumes are not allowed to be used (volume %s)", [volumeType(v), v.name]) |
	v := volumes[_]
	hasSource(v)
	not sourceAllowed(v)
	not serviceAccountTokenException(v)
]

allowedHostPaths := object.get(input.parameters, "allowedHostPaths", [])

writablePrefixes := [trim_suffix(a.pathPrefix, "/") | a := allowedHostPaths[_]; object.get(a, "readOnly", false) != true]

readOnlyPrefixes := [trim_suffix(a.pathPrefix, "/") | a := allowedHostPaths[_]; object.get(a, "readOnly", false) == true]

hostPathTypeAllowed {
	allowedSourceFields[_] == "hostPath"
}

hostPathVolumes := [{"name": v.name, "path": path, "trimmed": trim_suffix(path, "/")} |
	hostPathTypeAllowed
	v := volumes[_]
	has_key(v, "hostPath")
	path := object.get(v.hostPath, "path", "")
]

# `path` equals `prefix` or continues it at a `/` (both already trimmed of one trailing `/`).
pathMatches(path, prefix) {
	startswith(path, prefix)
	count(path) == count(prefix)
}

pathMatches(path, prefix) {
	startswith(path, prefix)
	substring(path, count(prefix), 1) == "/"
}

disallowedHostPaths := [sprintf("%s (volume %s)", [h.path, h.name]) |
	count(allowedHostPaths) > 0
	h := hostPathVolumes[_]
	not anyPrefixMatches(h.trimmed)
]

anyPrefixMatches(path) {
	prefixes := array.concat(writablePrefixes, readOnlyPrefixes)
	pathMatches(path, prefixes[_])
}

writablePrefixMatches(path) {
	pathMatches(path, writablePrefixes[_])
}

readOnlyPrefixMatches(path) {
	pathMatches(path, readOnlyPrefixes[_])
}

readOnlyHostPathVolumes := [h.name |
	count(allowedHostPaths) > 0
	h := hostPathVolumes[_]
	not writablePrefixMatches(h.trimmed)
	readOnlyPrefixMatches(h.trimmed)
]

writableHostPathMounts := [sprintf("%s: %s", [c.name, concat(",", names)]) |
	c := containers[_]
	names := [m.name |
		mounts := object.get(c, "volumeMounts", [])
		m := mounts[_]
		readOnlyHostPathVolumes[_] == m.name
		object.get(m, "readOnly", false) != true
	]
	count(names) > 0
]

allowedFlexDrivers := [d.driver | flexVolumes := object.get(input.parameters, "allowedFlexVolumes", []); d := flexVolumes[_]]

flexTypeAllowed {
	allowedSourceFields[_] == "flexVolume"
}

disallowedFlexVolumes := [sprintf("%s (volume %s)", [driver, v.name]) |
	count(allowedFlexDrivers) > 0
	flexTypeAllowed
	v := volumes[_]
	has_key(v, "flexVolume")
	driver := object.get(v.flexVolume, "driver", "")
	not driverListed(driver, allowedFlexDrivers)
]

allowedCSIDrivers := [d.name | csiDrivers := object.get(input.parameters, "allowedCSIDrivers", []); d := csiDrivers[_]]

csiTypeAllowed {
	allowedSourceFields[_] == "csi"
}

disallowedCSIVolumes := [sprintf("%s (volume %s)", [driver, v.name]) |
	count(allowedCSIDrivers) > 0
	csiTypeAllowed
	v := volumes[_]
	has_key(v, "csi")
	driver := object.get(v.csi, "driver", "")
	not driverListed(driver, allowedCSIDrivers)
]

driverListed(driver, drivers) {
	drivers[_] == driver
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(unknownVolumes) > 0
	msg := sprintf("spec.volumes: unknown volume type for volume(s): %s", [concat(", ", unknownVolumes)])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(forbiddenVolumes) > 0
	msg := sprintf("spec.volumes: %s", [concat("; ", forbiddenVolumes)])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(disallowedHostPaths) > 0
	msg := sprintf("spec.volumes.hostPath.pathPrefix: is not allowed to be used: %s", [concat("; ", disallowedHostPaths)])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(writableHostPathMounts) > 0
	msg := sprintf("volumeMounts.readOnly: must be read-only (host paths allowed read-only only; %s)", [concat("; ", writableHostPathMounts)])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(disallowedFlexVolumes) > 0
	msg := sprintf("spec.volumes.flexVolume.driver: Flexvolume driver is not allowed to be used: %s", [concat("; ", disallowedFlexVolumes)])
}

violation[{"msg": msg}] {
	notDelete
	notGcOnlyUpdate
	count(disallowedCSIVolumes) > 0
	msg := sprintf("spec.volumes.csi.driver: Inline CSI driver is not allowed to be used: %s", [concat("; ", disallowedCSIVolumes)])
}
