/**
 * Worker entry point: src/http/worker.ts answers every request (OAuth provider, then the Hono apps); the Durable Object classes the
 * runtime instantiates are exported by name, as wrangler.toml binds them.
 */
import { handleRequest } from "./http/worker";

export { AuditLog } from "./audit/audit-log";
export { SessionOwners } from "./auth/session-owner";
export { DeploymentGate } from "./gate/deployment-gate";
export { TenantGate } from "./gate/tenant-gate";
export { HostawayMcpAgent } from "./mcp/agent";
export { HostawaySandbox } from "./sandbox";
export { IdempotencyRecords } from "./rest/idempotency-records";

export default {
	fetch: handleRequest,
} satisfies ExportedHandler<Env>;
