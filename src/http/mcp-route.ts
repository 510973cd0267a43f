/**
 * /mcp: Streamable HTTP only (no SSE endpoint), served by the HostawayMcpAgent Durable
 * Object. Refuses foreign browser origins first, then binds the session (props) and hands
 * the request to McpAgent.serve. Mounted with `app.all("/mcp")`: Hono's `mount` rewrites
 * the path, which McpAgent's own routing does not expect.
 */
import type { Context } from "hono";
import { getConfig } from "../config";
import { HostawayMcpAgent } from "../mcp/agent";
import { operatorSessionProps } from "../mcp/session";
import { checkOrigin } from "./origin";

export const MCP_PATH = "/mcp";

const CORS_ALLOWED_HEADERS = "Content-Type, Accept, Authorization, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID";

export async function handleMcp(c: Context<{ Bindings: Env }>): Promise<Response> {
	const config = getConfig(c.env);
	const origin = checkOrigin(c.req.raw, config.allowedOrigins);
	if (origin === false) {
		return c.json(
			{
				jsonrpc: "2.0",
				error: { code: -32000, message: "Forbidden: this Origin is not allowed to use the MCP endpoint" },
				id: null,
			},
			403,
		);
	}

	const handler = HostawayMcpAgent.serve(MCP_PATH, {
		binding: "MCP_OBJECT",
		transport: "streamable-http",
		corsOptions: { origin: origin ?? "*", headers: CORS_ALLOWED_HEADERS, exposeHeaders: "Mcp-Session-Id" },
	});
	// McpAgent reads the session binding from ctx.props, as the OAuth provider will set it.
	const executionContext = c.executionCtx;
	const ctx = {
		waitUntil: (promise: Promise<unknown>) => executionContext.waitUntil(promise),
		passThroughOnException: () => executionContext.passThroughOnException(),
		props: operatorSessionProps(config),
	} as unknown as ExecutionContext;
	return handler.fetch(c.req.raw, c.env, ctx);
}
