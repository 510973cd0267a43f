/**
 * The /mcp route's fast path for its commonest request: a POST in an open session (a tool call,
 * a ping, a list, a notification).
 *
 * McpAgent.serve answers such a POST with three calls into the session's Durable Object (start it
 * with the caller's props, ask whether the session was initialized, open a WebSocket carrying the
 * messages in a header) and turns the WebSocket's messages into the SSE response: most of a
 * cached tool call's time. Here it is one RPC, HostawayMcpAgent._postInSession
 * (src/mcp/session-post.ts), whose answer carries the SSE body itself.
 *
 * Only a POST McpAgent.serve would take as it is comes here. One it refuses or treats apart (an
 * `initialize`, a body that is not JSON-RPC, a wrong Accept or Content-Type, an unsupported
 * protocol version) still goes to McpAgent.serve, which answers it as before. The answers here are
 * McpAgent.serve's: the same statuses, headers and SSE events (with ids, for Last-Event-ID).
 */
import { JSONRPCMessageSchema, SUPPORTED_PROTOCOL_VERSIONS, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { SessionProps } from "../auth/session-props";

/** The CORS options handleMcp gives McpAgent.serve. */
export interface McpCorsOptions {
	origin: string;
	headers: string;
	exposeHeaders: string;
}

/** McpAgent.serve's CORS headers for these options (its defaults for what handleMcp leaves unset). */
export function mcpCorsHeaders(cors: McpCorsOptions): Record<string, string> {
	return {
		"Access-Control-Allow-Headers": cors.headers,
		"Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
		"Access-Control-Allow-Origin": cors.origin,
		"Access-Control-Expose-Headers": cors.exposeHeaders,
		"Access-Control-Max-Age": "86400",
	};
}

export function sessionNotFound(): Response {
	return new Response(JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message: "Session not found" }, id: null }), {
		status: 404,
		headers: { "Content-Type": "application/json" },
	});
}

/**
 * The messages of a POST this path answers, or undefined for one McpAgent.serve must see.
 * @param body the body's JSON values (one, or a batch's), undefined when it is not JSON
 */
export function fastSessionPost(request: Request, body: unknown[] | undefined): JSONRPCMessage[] | undefined {
	if (request.method !== "POST" || !request.headers.get("Mcp-Session-Id") || !body || body.length === 0) return undefined;
	const accept = request.headers.get("Accept") ?? "";
	if (!accept.includes("application/json") || !accept.includes("text/event-stream")) return undefined;
	if (!request.headers.get("Content-Type")?.includes("application/json")) return undefined;
	const version = request.headers.get("Mcp-Protocol-Version");
	if (version !== null && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) return undefined;
	const messages: JSONRPCMessage[] = [];
	for (const value of body) {
		const parsed = JSONRPCMessageSchema.safeParse(value);
		if (!parsed.success || ("method" in parsed.data && parsed.data.method === "initialize")) return undefined;
		messages.push(parsed.data);
	}
	return messages;
}

/** Hands the POST's messages to its session, in one RPC, and answers as McpAgent.serve would. */
export async function postInSession(
	env: Env,
	sessionId: string,
	request: Request,
	messages: JSONRPCMessage[],
	props: SessionProps,
	cors: McpCorsOptions,
): Promise<Response> {
	const session = env.MCP_OBJECT.get(env.MCP_OBJECT.idFromName(`streamable-http:${sessionId}`));
	const answer = await session._postInSession({ messages, url: request.url, headers: Object.fromEntries(request.headers) }, props);
	switch (answer.kind) {
		case "unknown-session":
			return sessionNotFound();
		case "accepted":
			return new Response(null, { status: 202, headers: mcpCorsHeaders(cors) });
		case "stream":
			return new Response(answer.body, {
				status: 200,
				headers: {
					"Cache-Control": "no-cache",
					Connection: "keep-alive",
					"Content-Type": "text/event-stream",
					"mcp-session-id": sessionId,
					...mcpCorsHeaders(cors),
				},
			});
	}
}
