/**
 * Connects the official MCP SDK client to the Worker under test, in-process: the client's
 * Streamable HTTP transport sends real Request objects into the Worker's fetch handler.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker";
import { exports } from "cloudflare:workers";

export const WORKER_ORIGIN = "http://localhost:8787";

/** Sends a request into the Worker's default export, as the network would. */
export function workerFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
	return exports.default.fetch(new Request(input, init));
}

export async function connectMcpClient(options: { headers?: Record<string, string> } = {}): Promise<Client> {
	const transport = new StreamableHTTPClientTransport(new URL("/mcp", WORKER_ORIGIN), {
		fetch: workerFetch,
		requestInit: { headers: options.headers },
	});
	// The default (Ajv) validator compiles code at run time, which workerd forbids.
	const client = new Client({ name: "hostaway-mcp-tests", version: "1.0.0" }, { jsonSchemaValidator: new CfWorkerJsonSchemaValidator() });
	await client.connect(transport);
	return client;
}
