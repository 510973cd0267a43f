/**
 * Worker entry point: the Hono app answers every request; the Durable Object classes the
 * runtime instantiates are exported by name, as wrangler.toml binds them.
 */
import { app } from "./http/app";

export { TenantGate } from "./gate/tenant-gate";
export { HostawayMcpAgent } from "./mcp/agent";
export { HostawaySandbox } from "./sandbox";

export default {
	fetch: app.fetch,
} satisfies ExportedHandler<Env>;
