/**
 * Connects the official MCP SDK client to the Worker under test, in-process: the client's
 * Streamable HTTP transport sends real Request objects into the Worker's fetch handler.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker";
import { exports } from "cloudflare:workers";

export const WORKER_ORIGIN = "http://localhost:8787";

/** Sends a request into the Worker's default export, as the network would. */
export function workerFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
	return exports.default.fetch(new Request(input, init));
}

/**
 * @param options.fetch how requests reach the Worker; by default its default export with the
 *   test runtime's variables (pass another to run the front door with other variables).
 */
export async function connectMcpClient(options: { headers?: Record<string, string>; fetch?: typeof workerFetch } = {}): Promise<Client> {
	const transport = new StreamableHTTPClientTransport(new URL("/mcp", WORKER_ORIGIN), {
		fetch: options.fetch ?? workerFetch,
		requestInit: { headers: options.headers },
	});
	// The default (Ajv) validator compiles code at run time, which workerd forbids.
	const client = new Client({ name: "hostaway-mcp-tests", version: "1.0.0" }, { jsonSchemaValidator: new CfWorkerJsonSchemaValidator() });
	await client.connect(transport);
	return client;
}

/**
 * Calls a tool in an existing session over plain HTTP (JSON-RPC `tools/call` with its
 * Mcp-Session-Id), as a client reconnecting to its session would: for tests where the SDK
 * client's own stream ended (its session object was restarted).
 */
export async function callToolInSession(
	sessionId: string,
	name: string,
	args: Record<string, unknown>,
): Promise<{ isError: boolean; text: string }> {
	const response = await workerFetch(new URL("/mcp", WORKER_ORIGIN), {
		method: "POST",
		headers: {
			"Content-Type": "application/json",
			Accept: "application/json, text/event-stream",
			"Mcp-Session-Id": sessionId,
			"Mcp-Protocol-Version": LATEST_PROTOCOL_VERSION,
		},
		body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } }),
	});
	const body = await response.text();
	if (!response.ok) throw new Error(`tools/call in session ${sessionId} answered ${response.status}: ${body}`);
	// The answer as JSON, or as one of the server-sent events (log notifications may come first).
	const messages: unknown[] = response.headers.get("Content-Type")?.includes("text/event-stream")
		? body
				.split("\n")
				.filter((line) => line.startsWith("data:"))
				.map((line) => JSON.parse(line.slice("data:".length)) as unknown)
		: [JSON.parse(body) as unknown];
	const answer = messages.find((message) => (message as { id?: unknown }).id === 1) as
		{ result?: { isError?: boolean; content?: { text?: string }[] }; error?: { message: string } } | undefined;
	if (!answer?.result) throw new Error(`tools/call in session ${sessionId} got no result: ${answer?.error?.message ?? body}`);
	const { result } = answer;
	return { isError: result.isError === true, text: (result.content ?? []).map((part) => part.text ?? "").join("\n") };
}
