/**
 * A read-only session (HOSTAWAY_READ_ONLY=true for the operator's account) is not offered
 * write tools and cannot run them, against a real wrangler dev process.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWranglerDev } from "../../scripts/lib/wrangler-dev.mjs";

describe("read-only access", () => {
	let readOnly: Awaited<ReturnType<typeof startWranglerDev>>;
	let readWrite: Awaited<ReturnType<typeof startWranglerDev>>;

	beforeAll(async () => {
		[readOnly, readWrite] = await Promise.all([startWranglerDev({ vars: { HOSTAWAY_READ_ONLY: "true" } }), startWranglerDev()]);
	});
	afterAll(async () => {
		await Promise.all([readOnly?.stop(), readWrite?.stop()]);
	});

	async function connect(url: string): Promise<Client> {
		const client = new Client({ name: "e2e-read-only", version: "1.0.0" });
		await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
		return client;
	}

	it("lists only read tools, and refuses a write tool by name", async () => {
		const writer = await connect(readWrite.url);
		const reader = await connect(readOnly.url);
		try {
			const writeTools = (await writer.listTools()).tools.filter((tool) => tool.annotations?.readOnlyHint === false);
			expect(writeTools.length).toBeGreaterThan(0);

			const offered = (await reader.listTools()).tools;
			expect(offered.length).toBeGreaterThan(0);
			expect(offered.filter((tool) => tool.annotations?.readOnlyHint !== true)).toEqual([]);

			const whoami = await reader.callTool({ name: "whoami", arguments: {} });
			expect(whoami.structuredContent).toMatchObject({ access: "read" });

			for (const tool of writeTools) {
				const attempt = await reader.callTool({ name: tool.name, arguments: {} });
				expect(attempt.isError, tool.name).toBe(true);
				expect(JSON.stringify(attempt.content)).toContain(tool.name);
			}
		} finally {
			await Promise.all([writer.close(), reader.close()]);
		}
	});
});
