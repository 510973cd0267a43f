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
 * JSON.stringify of the tools array, in characters (about 4 per token): issue 13's budget. It was
 * 116,287 before lean schemas and 37,870 with output schemas cut to their outline (top-level
 * fields), shared rules said once in the server instructions, and no annotation said twice. Never
 * raise it without looking at what grew.
 */
const TOOL_LIST_BUDGET = 40_000;

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

	it("validates every read tool's real result against its output schema, through the SDK client and directly", async () => {
		const validator = new CfWorkerJsonSchemaValidator();
		const listings = await callPatiently<{ listings: { id: number }[] }>(client, "list_listings", { limit: 1 });
		const listingId = listings.data.listings[0]?.id;
		const search = await callPatiently<{ bookings: { id: number }[] }>(client, "search_bookings", { limit: 1 });
		const bookingId = search.data.bookings[0]?.id;
		expect(listingId, "the sandbox has no listing").toBeDefined();
		expect(bookingId, "the sandbox has no booking").toBeDefined();
		const stay = { arrival: "in 40 days", departure: "in 43 days" };
		const argumentsOf: Record<string, Record<string, unknown>> = {
			whoami: {},
			list_listings: { limit: 1 },
			get_listing: { listingId },
			check_availability: { listingId, ...stay, guests: 2 },
			find_available_listings: { ...stay, guests: 2 },
			get_calendar: { listingId },
			search_bookings: { limit: 1 },
			get_booking: { bookingId },
			get_guest: { bookingId },
			list_conversations: { includeAll: true, limit: 5 },
			get_message_history: { bookingId, limit: 5 },
			daily_briefing: {},
			occupancy_report: { start: "today", end: "in 30 days" },
			get_audit_log: { limit: 5 },
		};
		const readTools = tools.filter((tool) => tool.annotations?.readOnlyHint === true).map((tool) => tool.name);
		expect([...readTools].sort()).toEqual(Object.keys(argumentsOf).sort());

		// The client validates each result already (it refuses a result its schema does not allow);
		// each is checked again directly, so a schema that allowed nothing would not pass unnoticed.
		const schemaOf = (name: string) => tools.find((tool) => tool.name === name)!.outputSchema!;
		const results: Record<string, Record<string, unknown>> = {};
		for (const name of readTools) {
			const result = await callPatiently<Record<string, unknown>>(client, name, argumentsOf[name]);
			results[name] = result.data;
			expect(validator.getValidator(schemaOf(name))(result.data), name).toMatchObject({ valid: true });
		}
		// A result the outline must refuse is refused: a top-level field of the wrong type.
		const wrong = { ...results.daily_briefing, departures: "none" };
		expect(validator.getValidator(schemaOf("daily_briefing"))(wrong)).toMatchObject({ valid: false });
	});
});

function refsIn(node: unknown): string[] {
	if (Array.isArray(node)) return node.flatMap(refsIn);
	if (typeof node !== "object" || node === null) return [];
	return Object.entries(node).flatMap(([key, value]) => (key === "$ref" && typeof value === "string" ? [value] : refsIn(value)));
}
