/**
 * fast-check generators for the fuzz differential. An *environment* is one PSP set + RBAC taken from
 * the cases (create + PSPs installed once); its *vocabulary* is every value those PSPs mention, turned
 * into boundary values (range edges ±1, host-path prefixes with/without trailing slash and siblings,
 * capability case variants, listed and unlisted profiles, drivers, runtime classes, sysctls, the
 * namespaces, service accounts and subjects of the RBAC). Pods are built from that vocabulary, so
 * most of them sit on some edge of some policy.
 *
 * Pods are kept API-valid where that is cheap (unique names, mounts that reference volumes, host
 * ports equal to container ports on hostNetwork pods — what API defaulting would write), so most
 * answers are PSP decisions rather than core-validation refusals. 1.21+ behaviour (ephemeral volumes,
 * net.ipv4.ip_unprivileged_port_start) is not generated: v1.20 differs there by design.
 */
import fc from "fast-check";
import type { Container, Pod, Volume } from "../../src/model/k8s-types.js";
import type { PspCase } from "../cases/read-cases.js";
import type { PspInput } from "./client.js";
import type { Scenario } from "./scenario.js";

type Obj = Record<string, unknown>;

export interface Environment {
  /** The case the environment was taken from (first one with this PSP set and authorization). */
  from: string;
  psps: PspInput[];
  rbac: Obj[] | null;
  users: { name: string; groups?: string[] }[];
  namespaces: string[];
  serviceAccounts: string[];
}

/** Distinct (PSPs, authorization) pairs of the admission cases, in case order. */
export function environmentsFromCases(cases: readonly PspCase[]): Environment[] {
  const seen = new Map<string, Environment>();
  for (const c of cases) {
    if ((c.kind ?? "admission") !== "admission" || !c.pod) continue;
    const rbac = c.authorization?.mode === "rbac" ? (c.authorization.objects ?? []) : null;
    const key = JSON.stringify([c.psps ?? [], rbac]);
    let env = seen.get(key);
    if (!env) {
      env = {
        from: c.name,
        psps: structuredClone(c.psps ?? []),
        rbac: structuredClone(rbac),
        users: [],
        namespaces: [],
        serviceAccounts: [],
      };
      seen.set(key, env);
    }
    const pod = c.pod as { metadata?: { namespace?: string }; spec?: { serviceAccountName?: string } };
    if (pod.metadata?.namespace) env.namespaces.push(pod.metadata.namespace);
    if (pod.spec?.serviceAccountName) env.serviceAccounts.push(pod.spec.serviceAccountName);
    if (c.authorization?.requestingUser) env.users.push(c.authorization.requestingUser);
  }
  return [...seen.values()];
}

export interface Vocabulary {
  ids: number[];
  ports: number[];
  hostPaths: string[];
  capabilities: string[];
  flexDrivers: string[];
  csiDrivers: string[];
  runtimeClasses: string[];
  seccompProfiles: string[];
  appArmorProfiles: string[];
  sysctls: string[];
  seLinux: Obj[];
  namespaces: string[];
  serviceAccounts: string[];
  users: { name: string; groups: string[] }[];
}

const uniq = <T>(xs: Iterable<T>): T[] => {
  const out: T[] = [];
  for (const x of xs) if (!out.some((y) => JSON.stringify(y) === JSON.stringify(x))) out.push(x);
  return out;
};

const SAFE_SYSCTLS = ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies"];

export function vocabulary(env: Environment): Vocabulary {
  const ids = [0, 1, 1000];
  const ports = [80, 8080];
  const hostPaths = ["/", "/etc", "/var/log/pods"];
  const caps = ["NET_ADMIN", "net_admin", "CAP_NET_ADMIN", "SYS_ADMIN", "ALL", "all", "CHOWN"];
  const flex = ["example.com/other-flex"];
  const csi = ["other.csi.example.com"];
  const rcs = ["other-runtime"];
  const seccomp = ["runtime/default", "docker/default", "unconfined", "localhost/other.json"];
  const apparmor = ["runtime/default", "unconfined", "localhost/other"];
  const sysctls = [...SAFE_SYSCTLS, "kernel.msgmax", "net.core.somaxconn"];
  const seLinux: Obj[] = [{ user: "other_u", role: "r", type: "t", level: "s0" }];
  const edges = (ranges: unknown, into: number[]) => {
    for (const r of (ranges ?? []) as { min: number; max: number }[]) {
      into.push(r.min - 1, r.min, r.max, r.max + 1);
    }
  };
  for (const p of env.psps) {
    const s = p.spec as Obj;
    for (const k of ["runAsUser", "runAsGroup", "fsGroup", "supplementalGroups"]) edges((s[k] as Obj)?.ranges, ids);
    edges(s.hostPorts, ports);
    for (const { pathPrefix } of (s.allowedHostPaths ?? []) as { pathPrefix: string }[]) {
      const bare = pathPrefix.replace(/\/$/, "");
      hostPaths.push(
        pathPrefix,
        `${bare}/`,
        bare,
        `${bare}/sub`,
        `${bare}x`,
        bare.slice(0, bare.lastIndexOf("/")) || "/",
      );
    }
    for (const k of ["defaultAddCapabilities", "requiredDropCapabilities", "allowedCapabilities"]) {
      for (const c of (s[k] ?? []) as string[]) if (c !== "*") caps.push(c, c.toLowerCase(), `CAP_${c}`);
    }
    for (const f of (s.allowedFlexVolumes ?? []) as { driver: string }[]) flex.push(f.driver);
    for (const d of (s.allowedCSIDrivers ?? []) as { name: string }[]) csi.push(d.name);
    const rc = s.runtimeClass as { allowedRuntimeClassNames?: string[]; defaultRuntimeClassName?: string } | undefined;
    for (const n of rc?.allowedRuntimeClassNames ?? []) if (n !== "*") rcs.push(n);
    if (rc?.defaultRuntimeClassName) rcs.push(rc.defaultRuntimeClassName);
    for (const [k, v] of Object.entries(p.annotations ?? {})) {
      const values = v.split(",").filter((x) => x !== "" && x !== "*");
      if (k.startsWith("seccomp.")) seccomp.push(...values);
      if (k.startsWith("apparmor.")) apparmor.push(...values);
    }
    for (const k of ["allowedUnsafeSysctls", "forbiddenSysctls"]) {
      for (const pat of (s[k] ?? []) as string[]) {
        if (pat === "*") continue;
        if (pat.endsWith("*")) sysctls.push(`${pat.slice(0, -1)}x`, pat.slice(0, -1).replace(/\.$/, ""));
        else sysctls.push(pat);
      }
    }
    const opts = (s.seLinux as { seLinuxOptions?: Obj } | undefined)?.seLinuxOptions;
    if (opts) {
      seLinux.push(opts);
      const level = String(opts.level ?? "");
      const [sens, cats] = level.split(":");
      if (cats) seLinux.push({ ...opts, level: `${sens}:${cats.split(",").reverse().join(",")}` });
      seLinux.push({ ...opts, user: "other_u" });
    }
  }
  const rbacNames = (kind: string) =>
    (env.rbac ?? []).flatMap((o) => ((o.subjects ?? []) as Obj[]).filter((s) => s.kind === kind));
  const users: { name: string; groups: string[] }[] = env.users.map((u) => ({ name: u.name, groups: u.groups ?? [] }));
  for (const s of rbacNames("User")) users.push({ name: String(s.name), groups: [] });
  for (const s of rbacNames("Group")) users.push({ name: "psp2gk-group-member", groups: [String(s.name)] });
  users.push({ name: "psp2gk-nobody", groups: [] });
  const namespaces = [
    ...env.namespaces,
    ...(env.rbac ?? []).map((o) => (o.metadata as Obj | undefined)?.namespace as string | undefined),
    ...rbacNames("ServiceAccount").map((s) => s.namespace as string | undefined),
    "psp2gk-elsewhere",
  ].filter((n): n is string => typeof n === "string");
  return {
    ids: uniq(ids.filter((n) => n >= 0)).sort((a, b) => a - b),
    ports: uniq(ports.filter((n) => n >= 1 && n <= 65535)).sort((a, b) => a - b),
    hostPaths: uniq(hostPaths.filter((p) => p !== "")),
    capabilities: uniq(caps),
    flexDrivers: uniq(flex),
    csiDrivers: uniq(csi),
    runtimeClasses: uniq(rcs),
    seccompProfiles: uniq(seccomp),
    appArmorProfiles: uniq(apparmor),
    sysctls: uniq(sysctls.filter((n) => n !== "net.ipv4.ip_unprivileged_port_start")),
    seLinux: uniq(seLinux),
    namespaces: uniq(namespaces),
    serviceAccounts: uniq([
      ...env.serviceAccounts,
      ...rbacNames("ServiceAccount").map((s) => String(s.name)),
      "default",
    ]),
    users: uniq(users),
  };
}

/** Mostly absent: a field set on every pod tells little (and nearly every such pod is refused). */
const maybe = <T>(arb: fc.Arbitrary<T>, absentPerPresent = 3): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: absentPerPresent, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

/** An object with at most `maxKeys` of the model's fields: each pod probes a few edges, not all at once. */
function sparse(model: Record<string, fc.Arbitrary<unknown>>, maxKeys: number): fc.Arbitrary<Obj> {
  return fc
    .subarray(Object.keys(model), { maxLength: maxKeys })
    .chain((keys) => fc.record(Object.fromEntries(keys.map((k) => [k, model[k] as fc.Arbitrary<unknown>]))));
}

function seccompField(profile: string): Obj | undefined {
  if (profile === "unconfined") return { type: "Unconfined" };
  if (profile === "runtime/default" || profile === "docker/default") return { type: "RuntimeDefault" };
  if (profile.startsWith("localhost/")) return { type: "Localhost", localhostProfile: profile.slice(10) };
  return undefined;
}

function containerSecurityContext(v: Vocabulary): fc.Arbitrary<Obj | undefined> {
  return maybe(
    sparse(
      {
        privileged: fc.boolean(),
        runAsUser: fc.constantFrom(...v.ids),
        runAsGroup: fc.constantFrom(...v.ids),
        runAsNonRoot: fc.boolean(),
        readOnlyRootFilesystem: fc.boolean(),
        allowPrivilegeEscalation: fc.boolean(),
        capabilities: fc.record(
          { add: fc.subarray(v.capabilities, { maxLength: 2 }), drop: fc.subarray(v.capabilities, { maxLength: 2 }) },
          { requiredKeys: [] },
        ),
        procMount: fc.constantFrom("Default", "Unmasked"),
        seLinuxOptions: fc.constantFrom(...v.seLinux),
        seccompProfile: fc.constantFrom(...v.seccompProfiles.map(seccompField).filter((f) => f !== undefined)),
      },
      2,
    ),
    2,
  ) as fc.Arbitrary<Obj | undefined>;
}

const TOKEN_SOURCES = [
  { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
  { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
  { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
];

/** The bound SA-token volume (1.21+ injection) and near misses of it. */
const projectedShapes: Obj[] = [
  { sources: TOKEN_SOURCES },
  { sources: TOKEN_SOURCES.slice(0, 1) },
  {
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: "token", audience: "api" } },
      ...TOKEN_SOURCES.slice(1),
    ],
  },
  { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: "tok" } }] },
  { sources: [TOKEN_SOURCES[0], { configMap: { name: "other-ca" } }] },
  {
    sources: [
      TOKEN_SOURCES[0],
      { downwardAPI: { items: [{ path: "name", fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } }] } },
    ],
  },
  { sources: [{ secret: { name: "s" } }] },
];

function volumeSource(v: Vocabulary): fc.Arbitrary<Obj> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...v.hostPaths).map((path) => ({ hostPath: { path } })) },
    { weight: 3, arbitrary: fc.constantFrom(...projectedShapes).map((projected) => ({ projected })) },
    { weight: 1, arbitrary: fc.constant({ secret: { secretName: "s" } }) },
    { weight: 1, arbitrary: fc.constant({ configMap: { name: "cm" } }) },
    { weight: 1, arbitrary: fc.constant({ emptyDir: {} }) },
    { weight: 1, arbitrary: fc.constant({ persistentVolumeClaim: { claimName: "pvc" } }) },
    { weight: 1, arbitrary: fc.constant({ nfs: { server: "nfs.example.com", path: "/export" } }) },
    { weight: 2, arbitrary: fc.constantFrom(...v.flexDrivers).map((driver) => ({ flexVolume: { driver } })) },
    { weight: 2, arbitrary: fc.constantFrom(...v.csiDrivers).map((driver) => ({ csi: { driver } })) },
  );
}

interface ContainerDraft {
  securityContext: Obj | undefined;
  port: number | undefined;
  mountsReadOnly: (boolean | undefined)[];
  appArmor: string | undefined;
  seccompAnnotation: string | undefined;
}

function containerDraft(v: Vocabulary): fc.Arbitrary<ContainerDraft> {
  return fc.record({
    securityContext: containerSecurityContext(v),
    port: maybe(fc.constantFrom(...v.ports), 5),
    mountsReadOnly: fc.array(fc.option(fc.boolean(), { nil: undefined }), { minLength: 2, maxLength: 2 }),
    appArmor: maybe(fc.constantFrom(...v.appArmorProfiles), 6),
    seccompAnnotation: maybe(fc.constantFrom(...v.seccompProfiles), 10),
  });
}

/** A create scenario in `env`: pod, namespace, service account, requester. */
export function scenarioArbitrary(env: Environment, v = vocabulary(env)): fc.Arbitrary<Scenario> {
  const podSecurityContext = sparse(
    {
      runAsUser: fc.constantFrom(...v.ids),
      runAsGroup: fc.constantFrom(...v.ids),
      runAsNonRoot: fc.boolean(),
      fsGroup: fc.constantFrom(...v.ids),
      supplementalGroups: fc.subarray(v.ids, { maxLength: 2 }),
      seLinuxOptions: fc.constantFrom(...v.seLinux),
      sysctls: fc
        .subarray(v.sysctls, { minLength: 1, maxLength: 2 })
        .map((ns) => ns.map((name) => ({ name, value: "1" }))),
      seccompProfile: fc.constantFrom(...v.seccompProfiles.map(seccompField).filter((f) => f !== undefined)),
    },
    2,
  );
  return fc
    .record({
      namespace: fc.constantFrom(...v.namespaces),
      serviceAccount: fc.option(fc.constantFrom(...v.serviceAccounts), { nil: undefined, freq: 6 }),
      user: fc.constantFrom(...v.users),
      hostNetwork: maybe(fc.boolean(), 6),
      hostPID: maybe(fc.boolean(), 8),
      hostIPC: maybe(fc.boolean(), 8),
      securityContext: maybe(podSecurityContext, 2),
      runtimeClassName: maybe(fc.constantFrom(...v.runtimeClasses), 6),
      podSeccomp: maybe(fc.constantFrom(...v.seccompProfiles), 8),
      volumes: fc.oneof(
        { weight: 3, arbitrary: fc.constant<Obj[]>([]) },
        fc.array(volumeSource(v), { minLength: 1, maxLength: 2 }),
      ),
      containers: fc.array(containerDraft(v), { minLength: 1, maxLength: 2 }),
      initContainers: fc.array(containerDraft(v), { maxLength: 1 }),
    })
    .map((d) => {
      const annotations: Record<string, string> = {};
      if (d.podSeccomp) annotations["seccomp.security.alpha.kubernetes.io/pod"] = d.podSeccomp;
      const volumes: Volume[] = d.volumes.map((source, i) => ({ name: `v${i}`, ...structuredClone(source) }));
      const build = (drafts: ContainerDraft[], prefix: string, portOffset: number): Container[] =>
        drafts.map((c, i) => {
          const name = `${prefix}${i}`;
          if (c.appArmor) annotations[`container.apparmor.security.beta.kubernetes.io/${name}`] = c.appArmor;
          if (c.seccompAnnotation)
            annotations[`container.seccomp.security.alpha.kubernetes.io/${name}`] = c.seccompAnnotation;
          const container: Container = { name, image: "busybox" };
          if (c.port !== undefined) {
            // Distinct container ports; on hostNetwork the API copies containerPort into hostPort.
            const containerPort = d.hostNetwork ? c.port : 10000 + portOffset + i;
            container.ports = [{ containerPort, hostPort: d.hostNetwork ? containerPort : c.port }];
          }
          const mounts = volumes.map((vol, j) => ({
            name: vol.name,
            mountPath: `/mnt/${vol.name}`,
            ...(c.mountsReadOnly[j] !== undefined ? { readOnly: c.mountsReadOnly[j] } : {}),
          }));
          if (mounts.length > 0) container.volumeMounts = mounts;
          if (c.securityContext) container.securityContext = structuredClone(c.securityContext);
          return container;
        });
      const containers = build(d.containers, "c", 0);
      const initContainers = build(d.initContainers, "init", 100);
      // Two containers on one host port conflict in core validation; keep host ports unique.
      const used = new Set<number>();
      for (const c of [...initContainers, ...containers]) {
        const hp = c.ports?.[0]?.hostPort;
        if (hp === undefined) continue;
        if (used.has(hp)) delete c.ports;
        else used.add(hp);
      }
      const pod: Pod = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "fuzz", namespace: d.namespace, ...(Object.keys(annotations).length ? { annotations } : {}) },
        spec: {
          ...(d.serviceAccount ? { serviceAccountName: d.serviceAccount } : {}),
          ...(d.hostNetwork !== undefined ? { hostNetwork: d.hostNetwork } : {}),
          ...(d.hostPID !== undefined ? { hostPID: d.hostPID } : {}),
          ...(d.hostIPC !== undefined ? { hostIPC: d.hostIPC } : {}),
          ...(d.securityContext ? { securityContext: structuredClone(d.securityContext) } : {}),
          ...(d.runtimeClassName ? { runtimeClassName: d.runtimeClassName } : {}),
          ...(volumes.length ? { volumes } : {}),
          ...(initContainers.length ? { initContainers } : {}),
          containers,
        },
      };
      const scenario: Scenario = {
        name: `fuzz/${env.from}`,
        operation: "create",
        psps: env.psps,
        rbac: env.rbac,
        ...(env.rbac !== null ? { user: d.user } : {}),
        pod,
      };
      return scenario;
    });
}
