/**
 * Client for the real PSP admission controller (kube-apiserver v1.20 from ../shared/oracle): puts a
 * set of PSPs and RBAC objects in place, waits until admission sees exactly them, and asks it about
 * pods as a given requester. Test-only; knows nothing about our engine.
 *
 * Waiting for informers: the PSP lister and the RBAC authorizer read through informers, which lag
 * behind writes. Instead of sleeping we write a *sync sentinel* after the real objects and poll until
 * admission (or the authorizer) sees it. An informer applies events in resourceVersion order, so once
 * the sentinel is visible every earlier write of that resource is too. See `syncPsps` / `syncRbac`.
 */
import type { Pod, PodSecurityPolicy } from "../../src/model/k8s-types.js";
import { resolveAggregation } from "./aggregation.js";
import { type HttpReply, OracleHttp, type Requester, statusMessage } from "./http.js";

export type { Requester } from "./http.js";

type Obj = Record<string, unknown>;

/** A PSP as the case format writes it. */
export interface PspInput {
  name: string;
  annotations?: Record<string, string>;
  spec: Record<string, unknown>;
}

/** What the real admission chain answered for one pod request. */
export type OracleVerdict =
  /** 200/201: admitted; `psp` is the `kubernetes.io/psp` annotation of the returned pod. */
  | { outcome: "admitted"; psp: string | null; pod: Pod }
  /** 403 from PodSecurityPolicy (mutating or validating pass). */
  | { outcome: "denied"; message: string }
  /** 422: PSP let it through, core pod validation refused the (possibly mutated) pod. */
  | { outcome: "invalid"; message: string };

const OWNED_LABEL = "psp2gk.oracle/owned";
const PSP_API = "/apis/policy/v1beta1/podsecuritypolicies";
const RBAC_API = "/apis/rbac.authorization.k8s.io/v1";
const RBAC_RESOURCES: Record<string, { plural: string; namespaced: boolean }> = {
  ClusterRole: { plural: "clusterroles", namespaced: false },
  ClusterRoleBinding: { plural: "clusterrolebindings", namespaced: false },
  Role: { plural: "roles", namespaced: true },
  RoleBinding: { plural: "rolebindings", namespaced: true },
};
/** Sorts before every name the cases or generators use ('-' < '0'), so admission tries it first. */
const SENTINEL_PREFIX = "0-psp2gk-sync-";
const SENTINEL_PROFILE = "localhost/psp2gk-sync";
const PROBE_NAMESPACE = "psp2gk-sync";
const SYNC_TIMEOUT_MS = 20_000;

/** The admin identity the allow-all cases use: in system:masters, so every PSP is usable. */
export const ADMIN: Requester = {};

export class OracleClient {
  private generation = 0;
  /** Server-bootstrapped objects a case replaced: path → original, restored by `reset`. */
  private readonly replaced = new Map<string, Obj>();
  /** Time spent waiting for informers, for the report. */
  syncMillis = 0;

  constructor(private readonly http: OracleHttp) {}

  /** From env PSP_ORACLE_URL / PSP_ORACLE_TOKEN (set by `psp-apiserver start`, scripts/with-oracle.sh). */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): OracleClient {
    const url = env.PSP_ORACLE_URL;
    const token = env.PSP_ORACLE_TOKEN;
    if (!url || !token) {
      throw new Error("PSP_ORACLE_URL / PSP_ORACLE_TOKEN are not set: run through `bash scripts/with-oracle.sh CMD`");
    }
    return new OracleClient(new OracleHttp(url, token));
  }

  close(): void {
    this.http.close();
  }

  /** Puts exactly these PSPs and RBAC objects in place and waits until admission sees them. Returns the PSPs as stored (API-defaulted). */
  async install(psps: readonly PspInput[], rbac: readonly Obj[] = []): Promise<PodSecurityPolicy[]> {
    await this.reset();
    const stored = await this.createPsps(psps);
    await this.createRbac(rbac);
    await this.syncRbac();
    await this.syncPsps();
    return stored;
  }

  /** Deletes every PSP and every RBAC object this client created (the server's own roles stay, or are restored). */
  async reset(): Promise<void> {
    await this.expect(await this.http.call("DELETE", PSP_API), [200], "delete all PSPs");
    await this.restoreBuiltIns();
    const selector = `labelSelector=${encodeURIComponent(OWNED_LABEL)}`;
    for (const { plural, namespaced } of Object.values(RBAC_RESOURCES)) {
      if (!namespaced) {
        await this.expect(
          await this.http.call("DELETE", `${RBAC_API}/${plural}?${selector}`),
          [200],
          `delete ${plural}`,
        );
        continue;
      }
      const list = await this.expect(await this.http.call("GET", `${RBAC_API}/${plural}?${selector}`), [200], plural);
      const namespaces = new Set(
        ((list.body as { items?: Obj[] }).items ?? []).map((i) => String((i.metadata as Obj).namespace)),
      );
      for (const ns of [...namespaces].sort()) {
        await this.expect(
          await this.http.call("DELETE", `${RBAC_API}/namespaces/${ns}/${plural}?${selector}`),
          [200],
          `delete ${plural} in ${ns}`,
        );
      }
    }
  }

  async createPsps(psps: readonly PspInput[]): Promise<PodSecurityPolicy[]> {
    const stored: PodSecurityPolicy[] = [];
    for (const p of psps) {
      const reply = await this.expect(
        await this.http.call("POST", PSP_API, pspObject(p)),
        [201],
        `create PSP ${p.name}`,
      );
      const body = reply.body as PodSecurityPolicy;
      // Hand back what a user would have written plus API defaulting, without server bookkeeping.
      stored.push({
        apiVersion: "policy/v1beta1",
        kind: "PodSecurityPolicy",
        metadata: { name: p.name, ...(p.annotations ? { annotations: { ...p.annotations } } : {}) },
        spec: body.spec,
      });
    }
    return stored;
  }

  async deletePsp(name: string): Promise<void> {
    await this.expect(await this.http.call("DELETE", `${PSP_API}/${name}`), [200], `delete PSP ${name}`);
  }

  /** Creates Roles, ClusterRoles and bindings (aggregated ClusterRoles resolved first: no controller-manager runs here). */
  async createRbac(objects: readonly Obj[]): Promise<void> {
    for (const o of resolveAggregation(objects)) {
      const kind = String(o.kind);
      const res = RBAC_RESOURCES[kind];
      if (!res) throw new Error(`oracle: unsupported RBAC kind ${kind}`);
      const metadata = { ...(o.metadata as Obj) };
      metadata.labels = { ...((metadata.labels as Obj) ?? {}), [OWNED_LABEL]: "true" };
      const body = { ...o, apiVersion: "rbac.authorization.k8s.io/v1", metadata };
      const path = res.namespaced
        ? `${RBAC_API}/namespaces/${String(metadata.namespace)}/${res.plural}`
        : `${RBAC_API}/${res.plural}`;
      const created = await this.http.call("POST", path, body);
      if (created.status === 409) await this.replaceBuiltIn(`${path}/${String(metadata.name)}`, body);
      else await this.expect(created, [201], `create ${kind} ${String(metadata.name)}`);
    }
  }

  /**
   * A case may define an object the server bootstraps itself (e.g. ClusterRole `cluster-admin`): the
   * case's version replaces it, and `reset` puts the original back, so later cases see the server as
   * it started.
   */
  private async replaceBuiltIn(path: string, body: Obj): Promise<void> {
    const current = (await this.expect(await this.http.call("GET", path), [200], `read ${path}`)).body as Obj;
    const currentMeta = current.metadata as Obj;
    if (!this.replaced.has(path)) {
      const { resourceVersion: _rv, uid: _uid, managedFields: _mf, creationTimestamp: _ct, ...meta } = currentMeta;
      this.replaced.set(path, { ...current, metadata: meta });
    }
    const meta = { ...(body.metadata as Obj), resourceVersion: currentMeta.resourceVersion };
    await this.expect(await this.http.call("PUT", path, { ...body, metadata: meta }), [200], `replace ${path}`);
  }

  private async restoreBuiltIns(): Promise<void> {
    for (const [path, original] of [...this.replaced].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const current = (await this.expect(await this.http.call("GET", path), [200], `read ${path}`)).body as Obj;
      const meta = { ...(original.metadata as Obj), resourceVersion: (current.metadata as Obj).resourceVersion };
      await this.expect(await this.http.call("PUT", path, { ...original, metadata: meta }), [200], `restore ${path}`);
    }
    this.replaced.clear();
  }

  /** `POST pods?dryRun=All` as `as`. */
  async dryRunCreate(pod: Pod, as: Requester): Promise<OracleVerdict> {
    const ns = namespaceOf(pod);
    return verdict(await this.http.call("POST", `/api/v1/namespaces/${ns}/pods?dryRun=All`, pod, as), "create");
  }

  /**
   * Update: stores `oldPod` for real under a temporary allow-everything PSP (admin), restores its
   * annotations (create overwrote `kubernetes.io/psp`), then installs the case's PSPs/RBAC and sends
   * `PUT ?dryRun=All` with `pod` as `as`. The stored pod is deleted afterwards.
   */
  async dryRunUpdate(
    oldPod: Pod,
    pod: Pod,
    as: Requester,
    psps: readonly PspInput[],
    rbac: readonly Obj[],
  ): Promise<{ verdict: OracleVerdict; stored: PodSecurityPolicy[] }> {
    const ns = namespaceOf(oldPod);
    const name = String(oldPod.metadata.name);
    const podPath = `/api/v1/namespaces/${ns}/pods/${name}`;
    await this.install([STORE_PSP]);
    await this.http.call("DELETE", `${podPath}?gracePeriodSeconds=0`); // leftovers from an aborted run
    try {
      await this.expect(await this.http.call("POST", `/api/v1/namespaces/${ns}/pods`, oldPod), [201], "store old pod");
      const current = (await this.expect(await this.http.call("GET", podPath), [200], "read old pod")).body as Pod;
      current.metadata.annotations = { ...(oldPod.metadata.annotations ?? {}) };
      await this.expect(await this.http.call("PUT", podPath, current), [200], "restore old pod annotations");

      const stored = await this.createPsps(psps);
      await this.createRbac(rbac);
      await this.deletePsp(STORE_PSP.name);
      await this.syncRbac();
      await this.syncPsps();
      return { verdict: verdict(await this.http.call("PUT", `${podPath}?dryRun=All`, pod, as), "update"), stored };
    } finally {
      await this.http.call("DELETE", `${podPath}?gracePeriodSeconds=0`);
    }
  }

  /** Is this PSP object valid? (`POST ?dryRun=All`: 201 valid, 422 invalid with the API's message.) */
  async validatePsp(psp: Obj): Promise<{ valid: boolean; message?: string }> {
    const reply = await this.http.call("POST", `${PSP_API}?dryRun=All`, {
      apiVersion: "policy/v1beta1",
      kind: "PodSecurityPolicy",
      ...psp,
    });
    if (reply.status === 201) return { valid: true };
    if (reply.status === 422 || reply.status === 400) return { valid: false, message: statusMessage(reply.body) };
    throw new Error(`oracle: validating PSP answered ${reply.status}: ${statusMessage(reply.body)}`);
  }

  /**
   * Waits until PSP admission sees the current PSP set. A sentinel PSP (sorted first, admitting only
   * a probe pod with its unique AppArmor profile) is created, awaited, deleted, and its absence
   * awaited; admission then sees every earlier change and no sentinel.
   */
  async syncPsps(): Promise<void> {
    const name = `${SENTINEL_PREFIX}${++this.generation}`;
    await this.expect(await this.http.call("POST", PSP_API, pspObject(SENTINEL_PSP(name))), [201], "create sentinel");
    await this.until(async () => (await this.probe()) === name, `PSP sentinel ${name} to appear`);
    await this.deletePsp(name);
    await this.until(async () => (await this.probe()) !== name, `PSP sentinel ${name} to disappear`);
  }

  /**
   * Waits until the RBAC authorizer sees every earlier Role/ClusterRole/binding change: one sentinel
   * per kind, granting a probe user `use` of a PSP name nobody else has; a SubjectAccessReview
   * answers allowed only once both role and binding of a scope are visible. The sentinels grant
   * nothing any test identity has, so they stay until the next reset.
   */
  async syncRbac(): Promise<void> {
    const g = ++this.generation;
    const cluster = `psp2gk-sync-${g}`;
    const local = `psp2gk-sync-ns-${g}`;
    const rule = (n: string) => ({
      apiGroups: ["policy"],
      resources: ["podsecuritypolicies"],
      verbs: ["use"],
      resourceNames: [n],
    });
    const binding = (kind: string, n: string) => ({
      kind,
      metadata: kind === "RoleBinding" ? { name: n, namespace: PROBE_NAMESPACE } : { name: n },
      subjects: [{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: n }],
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: kind === "RoleBinding" ? "Role" : "ClusterRole",
        name: n,
      },
    });
    await this.createRbac([
      { kind: "ClusterRole", metadata: { name: cluster }, rules: [rule(cluster)] },
      binding("ClusterRoleBinding", cluster),
      { kind: "Role", metadata: { name: local, namespace: PROBE_NAMESPACE }, rules: [rule(local)] },
      binding("RoleBinding", local),
    ]);
    await this.until(
      async () => (await this.canUse(cluster, undefined)) && (await this.canUse(local, PROBE_NAMESPACE)),
      `RBAC sentinels ${g}`,
    );
  }

  private async canUse(user: string, namespace: string | undefined): Promise<boolean> {
    const reply = await this.expect(
      await this.http.call("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SubjectAccessReview",
        spec: {
          user,
          resourceAttributes: { namespace, verb: "use", group: "policy", resource: "podsecuritypolicies", name: user },
        },
      }),
      [201],
      "SubjectAccessReview",
    );
    return (reply.body as { status?: { allowed?: boolean } }).status?.allowed === true;
  }

  /** The PSP admission picks for the probe pod as admin, or null when it is refused. */
  private async probe(): Promise<string | null> {
    const v = verdict(
      await this.http.call("POST", `/api/v1/namespaces/${PROBE_NAMESPACE}/pods?dryRun=All`, PROBE_POD),
      "create",
    );
    return v.outcome === "admitted" ? v.psp : null;
  }

  private async until(check: () => Promise<boolean>, what: string): Promise<void> {
    const start = performance.now();
    for (let delay = 2; ; delay = Math.min(delay * 2, 100)) {
      if (await check()) break;
      if (performance.now() - start > SYNC_TIMEOUT_MS) throw new Error(`oracle: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, delay));
    }
    this.syncMillis += performance.now() - start;
  }

  private async expect(reply: HttpReply, ok: number[], what: string): Promise<HttpReply> {
    if (!ok.includes(reply.status)) {
      throw new Error(`oracle: ${what} answered ${reply.status}: ${statusMessage(reply.body)}`);
    }
    return reply;
  }
}

function pspObject(p: PspInput): Obj {
  return {
    apiVersion: "policy/v1beta1",
    kind: "PodSecurityPolicy",
    metadata: {
      name: p.name,
      labels: { [OWNED_LABEL]: "true" },
      ...(p.annotations ? { annotations: p.annotations } : {}),
    },
    spec: p.spec,
  };
}

function namespaceOf(pod: Pod): string {
  return pod.metadata.namespace ?? "default";
}

function verdict(reply: HttpReply, op: "create" | "update"): OracleVerdict {
  const message = statusMessage(reply.body);
  if (reply.status === 201 || reply.status === 200) {
    const pod = reply.body as Pod;
    return { outcome: "admitted", psp: pod.metadata?.annotations?.["kubernetes.io/psp"] ?? null, pod };
  }
  if (reply.status === 403 && message.includes("PodSecurityPolicy:")) return { outcome: "denied", message };
  if (reply.status === 422) return { outcome: "invalid", message };
  throw new Error(`oracle: pod ${op} answered ${reply.status}: ${message}`);
}

const RUN_AS_ANY = { rule: "RunAsAny" };

/** Admits only the probe pod: every container must carry the sentinel's AppArmor profile. */
const SENTINEL_PSP = (name: string): PspInput => ({
  name,
  annotations: { "apparmor.security.beta.kubernetes.io/allowedProfileNames": SENTINEL_PROFILE },
  spec: { runAsUser: RUN_AS_ANY, seLinux: RUN_AS_ANY, fsGroup: RUN_AS_ANY, supplementalGroups: RUN_AS_ANY },
});

const PROBE_POD: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "psp2gk-sync-probe",
    annotations: { "container.apparmor.security.beta.kubernetes.io/probe": SENTINEL_PROFILE },
  },
  spec: { containers: [{ name: "probe", image: "probe" }] },
};

/** Admits any pod without changing it: stores the old pod of an update case. */
const STORE_PSP: PspInput = {
  // Sorts after the sync sentinel, so the sentinel still wins the probe while this one exists.
  name: "zz-psp2gk-store-old-pod",
  annotations: { "seccomp.security.alpha.kubernetes.io/allowedProfileNames": "*" },
  spec: {
    privileged: true,
    allowedCapabilities: ["*"],
    volumes: ["*"],
    hostNetwork: true,
    hostPorts: [{ min: 0, max: 65535 }],
    hostPID: true,
    hostIPC: true,
    allowedUnsafeSysctls: ["*"],
    allowedProcMountTypes: ["Default", "Unmasked"],
    runAsUser: RUN_AS_ANY,
    runAsGroup: RUN_AS_ANY,
    seLinux: RUN_AS_ANY,
    fsGroup: RUN_AS_ANY,
    supplementalGroups: RUN_AS_ANY,
  },
};
