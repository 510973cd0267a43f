/**
 * End to end: a real `wrangler dev` process on a free port, driven over real HTTP by the
 * official MCP SDK client, then stopped by process group.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWranglerDev } from "../../scripts/lib/wrangler-dev.mjs";

describe("wrangler dev, end to end", () => {
	let server: Awaited<ReturnType<typeof startWranglerDev>>;

	beforeAll(async () => {
		server = await startWranglerDev();
	});
	afterAll(async () => {
		await server?.stop();
	});

	it("reports health with the sandbox mode and no secrets", async () => {
		const response = await fetch(`${server.url}/health`);
		expect(response.status).toBe(200);
		const body = (await response.json()) as Record<string, unknown>;
		expect(body).toMatchObject({ status: "ok", hostawayMode: "sandbox" });
		expect(JSON.stringify(body)).not.toContain("sandbox-demo-key");
	});

	it("serves MCP over Streamable HTTP: initialize, list and call tools", async () => {
		const client = new Client({ name: "e2e", version: "1.0.0" });
		await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
		try {
			expect(client.getServerVersion()?.name).toBe("hostaway-mcp");
			const { tools } = await client.listTools();
			expect(tools.map((tool) => tool.name)).toContain("whoami");
			const result = await client.callTool({ name: "whoami", arguments: {} });
			expect(result.isError).toBeFalsy();
			expect(result.structuredContent).toMatchObject({ mode: "sandbox", accountId: "100001" });
		} finally {
			await client.close();
		}
	});

	it("refuses a foreign browser Origin and accepts a localhost one", async () => {
		const initialize = (origin: string) =>
			fetch(`${server.url}/mcp`, {
				method: "POST",
				headers: {
					"Content-Type": "application/json",
					Accept: "application/json, text/event-stream",
					Origin: origin,
				},
				body: JSON.stringify({
					jsonrpc: "2.0",
					id: 1,
					method: "initialize",
					params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "e2e", version: "1" } },
				}),
			});
		const foreign = await initialize("http://evil.example.com");
		expect(foreign.status).toBe(403);
		const local = await initialize("http://localhost:6274");
		expect(local.status).toBe(200);
		await local.body?.cancel();
	});

	it("has no SSE endpoint", async () => {
		const response = await fetch(`${server.url}/sse`);
		expect(response.status).toBe(404);
	});
});

describe("wrangler dev pointed at another Hostaway URL", () => {
	it("reports live mode for a loopback HOSTAWAY_BASE_URL", async () => {
		const server = await startWranglerDev({ vars: { HOSTAWAY_BASE_URL: "http://127.0.0.1:9/v1" } });
		try {
			const body = (await (await fetch(`${server.url}/health`)).json()) as Record<string, unknown>;
			expect(body.hostawayMode).toBe("live");
		} finally {
			await server.stop();
		}
	});

	it("answers a malformed HOSTAWAY_BASE_URL with one message naming the variable", async () => {
		const server = await startWranglerDev({ vars: { HOSTAWAY_BASE_URL: "not a url" } });
		try {
			const response = await fetch(`${server.url}/health`);
			expect(response.status).toBe(500);
			const body = (await response.json()) as { error: string };
			expect(body.error).toContain("HOSTAWAY_BASE_URL");
			expect(body.error).not.toMatch(/\bat .*\.ts:\d+/);
		} finally {
			await server.stop();
		}
	});
});
