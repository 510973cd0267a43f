/**
 * /mcp: Streamable HTTP only (no SSE endpoint), served by the HostawayMcpAgent Durable Object.
 *
 * Reached with the caller's session props: from the OAuth grant or API key (the provider in
 * src/http/worker.ts has validated it), or the local-development tenant. Before a request
 * reaches a session, in this order:
 * 1. foreign browser origins are refused (DNS rebinding);
 * 2. the person's request rate is limited (429 with Retry-After; not in local development) and
 *    the body is capped while it is read (413);
 * 3. a read-only caller's call of a write tool is refused here, whatever the client sends (the
 *    session does not even list those tools);
 * 4. a request naming a session is let through only when the session was opened with the same
 *    props (grant or key, tenant, access): otherwise 404, as for an unknown session, and nothing
 *    is stored or changed. A new session is bound to its props when the client initializes it.
 *
 * A POST in an open session then takes a fast path into the session (mcp-session-post.ts);
 * everything else goes to McpAgent.serve.
 *
 * Mounted with `app.all("/mcp")`: Hono's `mount` rewrites the path, which McpAgent's own
 * routing does not expect.
 */
import { insufficientScope, type OAuthResourceAuth } from "@cloudflare/workers-oauth-provider";
import type { Context } from "hono";
import { recordAccessEvent } from "../auth/access-events";
import { READ_SCOPE, WRITE_SCOPE } from "../auth/oauth";
import { withOperatorCap } from "../auth/operator-cap";
import { ownerFingerprint, sessionOwners } from "../auth/session-owner";
import { type SessionProps, SessionPropsSchema } from "../auth/session-props";
import { getConfig } from "../config";
import { HostawayMcpAgent } from "../mcp/agent";
import { isWriteOperation } from "../operations/operation";
import { operations } from "../operations/registry";
import { fastSessionPost, type McpCorsOptions, postInSession, sessionNotFound } from "./mcp-session-post";
import { checkOrigin, forbiddenOrigin } from "./origin";
import { readBodyWithin } from "./request-body";
import { userRateLimited } from "./user-rate-limit";

export const MCP_PATH = "/mcp";

/** Far above any MCP request this server takes (the longest is a guest message); bigger bodies are not read. */
export const MCP_MAX_BODY_BYTES = 256 * 1024;

const CORS_ALLOWED_HEADERS = "Content-Type, Accept, Authorization, X-API-Key, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID";

const WRITE_TOOLS = new Set(operations.filter(isWriteOperation).map((operation) => operation.name));

type McpContext = Context<{ Bindings: Env }>;

function jsonRpcError(status: number, message: string, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }), {
		status,
		headers: { "Content-Type": "application/json", ...headers },
	});
}

type LooseMessage = { method?: unknown; params?: { name?: unknown } };

/** The JSON values of a POST body (one, or a batch's), or undefined when it is not JSON (McpAgent answers that). */
function jsonValuesOf(body: string): unknown[] | undefined {
	try {
		const parsed: unknown = JSON.parse(body);
		return Array.isArray(parsed) ? parsed : [parsed];
	} catch {
		return undefined;
	}
}

function isLooseMessage(value: unknown): value is LooseMessage {
	return typeof value === "object" && value !== null;
}

export async function handleMcp(c: McpContext): Promise<Response> {
	const config = getConfig(c.env);
	const origin = checkOrigin(c.req.raw, config.allowedOrigins);
	if (origin === false) return forbiddenOrigin();

	const executionContext = c.executionCtx as ExecutionContext & { props?: unknown; auth?: OAuthResourceAuth };
	const parsedProps = SessionPropsSchema.safeParse(executionContext.props);
	if (!parsedProps.success) return jsonRpcError(401, "Unauthorized: no valid credentials");
	const props = withOperatorCap(parsedProps.data, config);

	// Local development (sandbox only, one developer's machine) has no users to keep apart.
	if (props.via !== "local-dev") {
		const limited = await userRateLimited(c.env, props.userId);
		if (limited) return limited;
	}

	let request = c.req.raw;
	let values: unknown[] | undefined;
	let messages: LooseMessage[] | undefined;
	if (request.method === "POST") {
		const body = await readBodyWithin(request, MCP_MAX_BODY_BYTES);
		if (!body.ok) return jsonRpcError(413, `Request body too large: at most ${MCP_MAX_BODY_BYTES} bytes`);
		const text = body.text();
		values = jsonValuesOf(text);
		messages = values?.filter(isLooseMessage);
		request = new Request(request.url, { method: "POST", headers: request.headers, body: text });
		const denied = await refuseWriteWithReadAccess(c.env, props, messages ?? [], executionContext.auth);
		if (denied) return denied;
	}

	const sessionId = request.headers.get("Mcp-Session-Id");
	const fingerprint = ownerFingerprint(props);
	if (sessionId && (await sessionOwners(c.env).ownership(sessionId, fingerprint)) !== "owner") return sessionNotFound();

	const corsOptions: McpCorsOptions = { origin: origin ?? "*", headers: CORS_ALLOWED_HEADERS, exposeHeaders: "Mcp-Session-Id" };
	const fastMessages = fastSessionPost(request, values);
	if (sessionId && fastMessages) return postInSession(c.env, sessionId, request, fastMessages, props, corsOptions);

	const handler = HostawayMcpAgent.serve(MCP_PATH, { binding: "MCP_OBJECT", transport: "streamable-http", corsOptions });
	const ctx = {
		waitUntil: (promise: Promise<unknown>) => executionContext.waitUntil(promise),
		passThroughOnException: () => executionContext.passThroughOnException(),
		props,
	} as unknown as ExecutionContext;
	const response = await handler.fetch(request, c.env, ctx);

	const initialized = !sessionId && messages?.some((message) => message.method === "initialize");
	const newSessionId = response.headers.get("Mcp-Session-Id");
	if (initialized && newSessionId && response.ok) {
		await sessionOwners(c.env).claim(newSessionId, fingerprint);
		if (props.via === "api-key")
			await recordAccessEvent(c.env, { kind: "key_use", tenantId: props.tenantId, who: props, outcome: "ok", reason: "session opened" });
	}
	if (request.method === "DELETE" && sessionId && response.ok) await sessionOwners(c.env).forget(sessionId);
	return response;
}

/**
 * A read-only caller never reaches a write tool. An OAuth caller is answered as OAuth's step-up
 * asks (403 insufficient_scope naming both scopes), so its client can ask the person for write
 * access; an API key cannot step up and gets a plain 403.
 */
async function refuseWriteWithReadAccess(
	env: Env,
	props: SessionProps,
	messages: LooseMessage[],
	auth: OAuthResourceAuth | undefined,
): Promise<Response | undefined> {
	if (props.access === "write") return undefined;
	const write = messages.find((message) => message.method === "tools/call" && WRITE_TOOLS.has(String(message.params?.name)));
	if (!write) return undefined;
	const tool = String(write.params?.name);
	await recordAccessEvent(env, {
		kind: "access_denied",
		tenantId: props.tenantId,
		who: props,
		outcome: "denied",
		tool,
		reason: "write tool with read-only access",
	});
	const message = `${tool} changes data, and this connection has read-only access.`;
	if (props.via === "oauth" && auth) return insufficientScope(auth, [READ_SCOPE, WRITE_SCOPE], message);
	return jsonRpcError(403, `Forbidden: ${message}`);
}
