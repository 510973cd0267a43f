/**
 * The `tools/list` answer: each operation's name, title, description, annotations and lean JSON
 * Schemas (lean-json-schema.ts). Every client loads this list into every conversation, so it is
 * kept small; and the SDK would convert every zod schema again on every request, so each set of
 * tools (one per access level) is converted once per isolate and the same answer served after.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ListToolsRequestSchema, type Tool, type ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { type OutputShapeHome, outputShapeHomes } from "../operations/output-shapes";
import type { AnyOperation } from "../operations/registry";
import { type JsonSchema, leanJsonSchema } from "./lean-json-schema";
import { outlineOutputSchema } from "./output-outline";

/** Converted lists by the names of the tools they hold, in order: one per access level. */
const listsByTools = new Map<string, readonly Tool[]>();

/**
 * The MCP annotations of an operation's tool. The title is the tool's own `title` already, and
 * destructiveHint and idempotentHint mean something only for a tool that writes (MCP says so), so a
 * read-only tool says only that it reads and whether it talks to Hostaway.
 */
export function toolAnnotations(operation: AnyOperation): ToolAnnotations {
	const { readOnlyHint, destructiveHint, idempotentHint, openWorldHint } = operation.annotations;
	return readOnlyHint ? { readOnlyHint, openWorldHint } : { readOnlyHint, destructiveHint, idempotentHint, openWorldHint };
}

/** The tool definitions of `operations`, in their order, converted on first use. */
export function toolDefinitions(operations: readonly AnyOperation[]): readonly Tool[] {
	const key = operations.map((operation) => operation.name).join(",");
	let tools = listsByTools.get(key);
	if (!tools) {
		const offered = new Set(operations.map((operation) => operation.name));
		tools = operations.map((operation) => toolDefinition(operation, offered));
		listsByTools.set(key, tools);
	}
	return tools;
}

function toolDefinition(operation: AnyOperation, offered: ReadonlySet<string>): Tool {
	const output = z.toJSONSchema(operation.output, {
		target: "draft-2020-12",
		io: "output",
		override: ({ zodSchema, jsonSchema, path }) => {
			const home = outputShapeHomes.get(zodSchema);
			if (path.length > 0 && home && home.tool !== operation.name && offered.has(home.tool)) pointToHome(jsonSchema, home);
		},
	});
	return {
		name: operation.name,
		title: operation.title,
		description: operation.description,
		inputSchema: leanJsonSchema(z.toJSONSchema(operation.input, { target: "draft-2020-12", io: "input" }) as JsonSchema, {
			strict: true,
		}) as Tool["inputSchema"],
		outputSchema: leanJsonSchema(outlineOutputSchema(output as JsonSchema), { strict: false }) as Tool["outputSchema"],
		annotations: toolAnnotations(operation),
	};
}

/**
 * A shape another listed tool spells out becomes an object that says where: the model reads it
 * there, and a client still gets an object (results are checked against the full shape on the server).
 */
function pointToHome(jsonSchema: JsonSchema, home: OutputShapeHome): void {
	const said = typeof jsonSchema.description === "string" ? `${jsonSchema.description}. ` : "";
	for (const keyword of Object.keys(jsonSchema)) delete jsonSchema[keyword];
	Object.assign(jsonSchema, { type: "object", description: `${said}Shaped like ${home.where} of ${home.tool}` });
}

/**
 * Answers `tools/list` with the definitions of exactly the operations registered on `server`
 * (replacing the SDK's own answer, which converts the schemas again on every request). Calls are
 * still the SDK's: it validates arguments and results against the operations' zod schemas.
 */
export function serveToolDefinitions(server: McpServer, operations: readonly AnyOperation[]): void {
	server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...toolDefinitions(operations)] }));
}
