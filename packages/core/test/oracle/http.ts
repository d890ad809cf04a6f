/**
 * The one HTTP call the oracle client makes: JSON over HTTPS to the loopback kube-apiserver started
 * by ../shared/oracle/psp-apiserver. Its certificate is self-signed, so verification is switched off
 * for this agent only (never process-wide via NODE_TLS_REJECT_UNAUTHORIZED), and only for loopback.
 */
import { Agent, request } from "node:https";

export interface HttpReply {
  status: number;
  body: unknown;
}

export interface Requester {
  /** Impersonated user; undefined = the admin token itself (system:masters). */
  user?: string;
  groups?: readonly string[];
}

export class OracleHttp {
  private readonly agent: Agent;
  private readonly base: URL;

  constructor(
    url: string,
    private readonly token: string,
  ) {
    this.base = new URL(url);
    if (!["127.0.0.1", "localhost", "[::1]"].includes(this.base.hostname)) {
      // Skipping certificate checks is only acceptable for the local oracle.
      throw new Error(`PSP oracle must run on loopback, got ${url}`);
    }
    this.agent = new Agent({ keepAlive: true, maxSockets: 4, rejectUnauthorized: false });
  }

  call(method: string, path: string, body?: unknown, as: Requester = {}): Promise<HttpReply> {
    const headers: Record<string, string | string[]> = {
      Authorization: `Bearer ${this.token}`,
      Accept: "application/json",
    };
    if (as.user !== undefined) {
      headers["Impersonate-User"] = as.user;
      // One header line per group: Node sends an array value as repeated header lines.
      if (as.groups && as.groups.length > 0) headers["Impersonate-Group"] = [...as.groups];
    }
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) headers["Content-Type"] = "application/json";
    const url = new URL(path, this.base);
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = text;
          try {
            parsed = text === "" ? undefined : JSON.parse(text);
          } catch {
            // Not JSON (e.g. a proxy error page): keep the text so the caller can show it.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on("error", reject);
      });
      req.on("error", (e) => reject(new Error(`PSP oracle ${method} ${path}: ${e.message}`)));
      req.setTimeout(30_000, () => req.destroy(new Error("timed out after 30s")));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The `message` of a Kubernetes Status body, or the body itself as text. */
export function statusMessage(body: unknown): string {
  if (body && typeof body === "object" && "message" in body && typeof body.message === "string") return body.message;
  return typeof body === "string" ? body : JSON.stringify(body);
}
