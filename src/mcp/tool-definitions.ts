/**
 * The `tools/list` answer: each operation's name, title, description, annotations and lean JSON
 * Schemas (lean-json-schema.ts), the output schema cut to its outline (output-outline.ts). Every
 * client loads this list into every conversation, so it is kept small (issue 13: under 40,000
 * characters); rules every tool shares are said once, in the server instructions (instructions.ts).
 * And the SDK would convert every zod schema again on every request, so each set of tools (one per
 * access level) is converted once per isolate and the same answer served after.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ListToolsRequestSchema, type Tool, type ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
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
		tools = operations.map(toolDefinition);
		listsByTools.set(key, tools);
	}
	return tools;
}

function toolDefinition(operation: AnyOperation): Tool {
	const output = z.toJSONSchema(operation.output, { target: "draft-2020-12", io: "output" }) as JsonSchema;
	return {
		name: operation.name,
		title: operation.title,
		description: operation.description,
		inputSchema: leanJsonSchema(z.toJSONSchema(operation.input, { target: "draft-2020-12", io: "input" }) as JsonSchema, {
			strict: true,
		}) as Tool["inputSchema"],
		outputSchema: leanJsonSchema(outlineOutputSchema(output), { strict: false }) as Tool["outputSchema"],
		annotations: toolAnnotations(operation),
	};
}

/**
 * Answers `tools/list` with the definitions of exactly the operations registered on `server`
 * (replacing the SDK's own answer, which converts the schemas again on every request). Calls are
 * still the SDK's: it validates arguments and results against the operations' zod schemas.
 */
export function serveToolDefinitions(server: McpServer, operations: readonly AnyOperation[]): void {
	server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...toolDefinitions(operations)] }));
}
