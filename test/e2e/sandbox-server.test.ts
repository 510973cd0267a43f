/**
 * End to end on the sandbox, as `npm run dev` runs: real `wrangler dev` processes on free
 * ports, driven over real HTTP by the official MCP SDK client, then stopped by process group.
 * Two servers start once for the whole file: the default one (read and write) and one with
 * HOSTAWAY_READ_ONLY=true. Both carry SANDBOX_TODAY when the suite runs with it.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWranglerDev } from "../../scripts/lib/wrangler-dev.mjs";
import { businessToday } from "../helpers/business-date";

type Server = Awaited<ReturnType<typeof startWranglerDev>>;

let server: Server;
let readOnly: Server;

beforeAll(async () => {
	// Both start at once; when one fails, the other is stopped too, so no server outlives the file.
	const started = await Promise.allSettled([startWranglerDev(), startWranglerDev({ vars: { HOSTAWAY_READ_ONLY: "true" } })]);
	const failed = started.find((result) => result.status === "rejected");
	if (failed) {
		await Promise.all(started.map((result) => (result.status === "fulfilled" ? result.value.stop() : undefined)));
		throw failed.reason;
	}
	[server, readOnly] = started.map((result) => (result as PromiseFulfilledResult<Server>).value) as [Server, Server];
});
afterAll(async () => {
	await Promise.all([server?.stop(), readOnly?.stop()]);
});

async function connect(url: string): Promise<Client> {
	const client = new Client({ name: "e2e", version: "1.0.0" });
	await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
	return client;
}

describe("the sandbox server", () => {
	it("reports health with the sandbox mode and no secrets", async () => {
		const response = await fetch(`${server.url}/health`);
		expect(response.status).toBe(200);
		const body = (await response.json()) as Record<string, unknown>;
		expect(body).toMatchObject({ status: "ok", hostawayMode: "sandbox" });
		expect(JSON.stringify(body)).not.toContain("sandbox-demo-key");
	});

	it("serves MCP over Streamable HTTP: initialize, list and call tools", async () => {
		const client = await connect(server.url);
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

	it("runs on the suite's business date (SANDBOX_TODAY, or the real date) in every listing's time zone", async () => {
		const client = await connect(server.url);
		try {
			const result = await client.callTool({ name: "daily_briefing", arguments: {} });
			expect(result.isError).toBeFalsy();
			const { datesUsed } = result.structuredContent as { datesUsed: { date: string; timeZones: string[] }[] };
			const zones = datesUsed.flatMap((entry) => entry.timeZones.map((zone) => ({ zone, date: entry.date })));
			expect(zones.length).toBeGreaterThan(0);
			for (const { zone, date } of zones) expect(date, zone).toBe(businessToday(zone));
		} finally {
			await client.close();
		}
	});

	it("refuses a foreign browser Origin and accepts a localhost one", async () => {
		const initialize = (origin: string) =>
			fetch(`${server.url}/mcp`, {
				method: "POST",
				headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", Origin: origin },
				body: JSON.stringify({
					jsonrpc: "2.0",
					id: 1,
					method: "initialize",
					params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "e2e", version: "1" } },
				}),
			});
		const foreign = await initialize("http://evil.example.com");
		expect(foreign.status).toBe(403);
		await foreign.body?.cancel();
		const local = await initialize("http://localhost:6274");
		expect(local.status).toBe(200);
		await local.body?.cancel();
	});

	it("has no SSE endpoint", async () => {
		const response = await fetch(`${server.url}/sse`);
		expect(response.status).toBe(404);
		await response.body?.cancel();
	});
});

describe("read-only access (HOSTAWAY_READ_ONLY=true)", () => {
	it("lists only read tools, and refuses every write tool by name", async () => {
		const writer = await connect(server.url);
		const reader = await connect(readOnly.url);
		try {
			const writeTools = (await writer.listTools()).tools.filter((tool) => tool.annotations?.readOnlyHint === false);
			expect(writeTools.length).toBeGreaterThan(0);

			const offered = (await reader.listTools()).tools;
			expect(offered.length).toBeGreaterThan(0);
			expect(offered.filter((tool) => tool.annotations?.readOnlyHint !== true)).toEqual([]);

			const whoami = await reader.callTool({ name: "whoami", arguments: {} });
			expect(whoami.structuredContent).toMatchObject({ access: "read" });

			// Refused by the server before the session sees it (HTTP 403), whatever the client sends.
			for (const tool of writeTools) {
				await expect(reader.callTool({ name: tool.name, arguments: {} }), tool.name).rejects.toThrow(
					`${tool.name} changes data, and this connection has read-only access`,
				);
			}
		} finally {
			await Promise.all([writer.close(), reader.close()]);
		}
	});
});
