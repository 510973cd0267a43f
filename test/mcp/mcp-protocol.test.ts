import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectMcpClient } from "../helpers/mcp-client";
import { freshSandbox } from "../helpers/sandbox";
import { sandboxListings } from "../helpers/sandbox-records";

describe("MCP over Streamable HTTP, in the Workers runtime", () => {
	let client: Client;

	beforeAll(async () => {
		await freshSandbox();
		client = await connectMcpClient();
	});
	afterAll(async () => {
		await client.close();
	});

	it("initializes and identifies the server, with instructions and the tools capability", () => {
		expect(client.getServerVersion()).toMatchObject({ name: "hostaway-mcp" });
		expect(client.getServerCapabilities()).toHaveProperty("tools");
		expect(client.getServerCapabilities()).toHaveProperty("logging");
		expect(client.getInstructions()).toContain("whoami");
	});

	it("lists whoami with its schemas and annotations", async () => {
		const { tools } = await client.listTools();
		const whoami = tools.find((tool) => tool.name === "whoami");
		expect(whoami).toBeDefined();
		expect(whoami?.inputSchema.type).toBe("object");
		expect(whoami?.outputSchema?.properties).toHaveProperty("mode");
		expect(whoami?.title).toBe("Who am I connected as");
		// MCP: destructiveHint and idempotentHint mean something only for a tool that writes.
		expect(whoami?.annotations).toEqual({ readOnlyHint: true, openWorldHint: true });
	});

	it("calls whoami and gets structured content and a text rendering", async () => {
		const result = await client.callTool({ name: "whoami", arguments: {} });
		expect(result.isError).toBeFalsy();
		expect(result.structuredContent).toMatchObject({ mode: "sandbox", access: "write", accountId: "100001" });
		// The sandbox's demo portfolio, counted through a real token and listings call.
		const { listingCount } = result.structuredContent as { listingCount: number };
		expect(listingCount).toBe((await sandboxListings()).length);
		const text = (result.content as Array<{ type: string; text: string }>)[0]?.text;
		expect(text).toContain("sandbox");
		expect(text).toContain("100001");
	});

	it("answers bad arguments with a tool error naming the problem", async () => {
		const result = await client.callTool({ name: "whoami", arguments: { unexpected: 1 } });
		expect(result.isError).toBe(true);
		const text = (result.content as Array<{ type: string; text: string }>)[0]?.text ?? "";
		expect(text).toMatch(/unexpected/i);
	});

	it("answers an unknown tool with a clear error", async () => {
		const result = await client.callTool({ name: "no_such_tool", arguments: {} });
		expect(result.isError).toBe(true);
		expect(JSON.stringify(result.content)).toContain("no_such_tool");
	});
});
