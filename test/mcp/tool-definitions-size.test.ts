/**
 * Every MCP client puts the whole `tools/list` answer into every conversation, so its size is a
 * cost paid in every session. This keeps it within a budget (for a read-write session, the
 * largest set of tools) and checks that the lean schemas still say what a model and a client need:
 * every tool has both schemas, every `$ref` resolves within its own schema, and real results
 * validate against the output schemas with the SDK client's validator.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectMcpClient } from "../helpers/mcp-client";
import { freshSandbox } from "../helpers/sandbox";
import { callPatiently } from "../helpers/tools";

/**
 * JSON.stringify of the tools array, in characters (about 4 per token): 116,287 before lean
 * schemas, 72,675 after. Issue 13 asked for 40,000, but the list without any output schema is
 * already about 32,800 (names, titles, annotations, descriptions, input schemas); reaching 40,000
 * means output schemas that list top-level fields only. Lower this as the definitions shrink;
 * never raise it without looking at what grew.
 */
const TOOL_LIST_BUDGET = 74_000;

describe("the tools/list answer", () => {
	let client: Client;
	let tools: Tool[];

	beforeAll(async () => {
		await freshSandbox();
		client = await connectMcpClient();
		({ tools } = await client.listTools());
	});
	afterAll(async () => {
		await client.close();
	});

	it("stays within its budget for a read-write session", async () => {
		expect((await client.callTool({ name: "whoami", arguments: {} })).structuredContent).toMatchObject({ access: "write" });
		const size = JSON.stringify(tools).length;
		const perTool = tools
			.map((tool) => ({ name: tool.name, size: JSON.stringify(tool).length }))
			.sort((a, b) => b.size - a.size)
			.map(({ name, size }) => `${name}: ${size}`)
			.join("\n");
		expect(size, `tools/list is ${size} characters, over the budget of ${TOOL_LIST_BUDGET}. Per tool:\n${perTool}`).toBeLessThanOrEqual(
			TOOL_LIST_BUDGET,
		);
	});

	it("gives every tool an input and an output schema, each standing alone", () => {
		expect(tools.length).toBeGreaterThan(0);
		for (const tool of tools) {
			expect(tool.inputSchema.type, tool.name).toBe("object");
			expect(tool.outputSchema?.type, tool.name).toBe("object");
			for (const schema of [tool.inputSchema, tool.outputSchema!]) {
				expect(schema, tool.name).not.toHaveProperty("$schema");
				const defs = (schema as { $defs?: Record<string, unknown> }).$defs ?? {};
				for (const ref of refsIn(schema))
					expect(
						Object.keys(defs).map((name) => `#/$defs/${name}`),
						`${tool.name}: ${ref}`,
					).toContain(ref);
			}
		}
	});

	it("still describes every argument: types, enums, formats and descriptions", () => {
		const search = tools.find((tool) => tool.name === "search_bookings")!;
		const properties = search.inputSchema.properties as Record<string, { type?: unknown; enum?: unknown; description?: string }>;
		expect(Object.keys(properties).length).toBeGreaterThan(5);
		for (const [name, property] of Object.entries(properties)) {
			expect(property.type ?? property.enum, `search_bookings.${name} has no type`).toBeDefined();
		}
		expect(Object.values(properties).filter((property) => property.description).length).toBeGreaterThan(5);
		// Arguments stay strict: a misspelt argument is refused, and the schema says so.
		expect(search.inputSchema).toHaveProperty("additionalProperties", false);
	});

	it("validates real results against the output schemas, through the SDK client and directly", async () => {
		const validator = new CfWorkerJsonSchemaValidator();
		const briefing = await callPatiently<Record<string, unknown>>(client, "daily_briefing", {});
		const report = await callPatiently<Record<string, unknown>>(client, "occupancy_report", { start: "today", end: "in 30 days" });
		const search = await callPatiently<{ bookings: { id: number }[] }>(client, "search_bookings", { limit: 1 });
		const bookingId = search.data.bookings[0]?.id;
		expect(bookingId, "the sandbox has no booking").toBeDefined();
		const booking = await callPatiently<Record<string, unknown>>(client, "get_booking", { bookingId });

		// The client validated each result already (it refuses a result its schema does not allow);
		// checked again directly, and a result the schema must refuse is refused, through a $ref.
		const schemaOf = (name: string) => tools.find((tool) => tool.name === name)!.outputSchema!;
		for (const [name, data] of [
			["daily_briefing", briefing.data],
			["occupancy_report", report.data],
			["search_bookings", search.data],
			["get_booking", booking.data],
		] as const) {
			expect(validator.getValidator(schemaOf(name))(data), name).toMatchObject({ valid: true });
		}
		const departures = briefing.data.departures as Record<string, unknown>;
		expect(schemaOf("daily_briefing").properties?.departures).toHaveProperty("$ref");
		const wrong = { ...briefing.data, departures: { ...departures, count: "many" } };
		expect(validator.getValidator(schemaOf("daily_briefing"))(wrong)).toMatchObject({ valid: false });
	});
});

function refsIn(node: unknown): string[] {
	if (Array.isArray(node)) return node.flatMap(refsIn);
	if (typeof node !== "object" || node === null) return [];
	return Object.entries(node).flatMap(([key, value]) => (key === "$ref" && typeof value === "string" ? [value] : refsIn(value)));
}
