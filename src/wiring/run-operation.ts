/**
 * Runs one operation for a transport adapter (MCP tools and resources in src/mcp, REST routes in
 * src/rest): refuses a write to a read-only session, runs the handler, checks its output against
 * the operation's schema and redacts secrets from it, and turns errors into the operation's own
 * message (unexpected ones logged, answered without internal details). The answer has the shape
 * of an MCP tool result, which the REST adapter reads too; the audit trail (audit-calls.ts)
 * records from the run.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describeError, type OperationErrorCode } from "../operations/errors";
import { toOperationError } from "../operations/hostaway-errors";
import { isWriteOperation, type OperationContext } from "../operations/operation";
import type { AnyOperation } from "../operations/registry";

/** How one call of an operation went: the MCP result, and for the audit trail its output or why it failed. */
export interface OperationRun {
	result: CallToolResult;
	/** The operation's validated output, when it succeeded. */
	output?: unknown;
	/** Why it failed: the operation's error code, "internal", or "read_only" (a write refused to a read-only session). */
	failure?: OperationErrorCode | "internal" | "read_only";
}

export async function executeOperation(operation: AnyOperation, args: unknown, context: OperationContext): Promise<OperationRun> {
	if (isWriteOperation(operation) && context.session.access !== "write") {
		return { result: toolError(`${operation.name} changes data, and this session has read-only access.`), failure: "read_only" };
	}
	try {
		const output: unknown = operation.output.parse(await operation.handler(args, context));
		// The safety net for secrets: whatever the operation produced, values it saw in
		// secret fields (door codes, Wi-Fi, card data, tokens) do not leave the server.
		return {
			result: {
				structuredContent: context.redactor.redactDeep(output) as Record<string, unknown>,
				content: [{ type: "text", text: context.redactor.redactText(operation.render(output)) }],
			},
			output,
		};
	} catch (error) {
		const described = describeError(toOperationError(error));
		if (described.code === "internal") {
			console.error(`operation ${operation.name} failed`, error instanceof Error ? error.stack : String(error));
		}
		return { result: toolError(context.redactor.redactText(described.message)), failure: described.code };
	}
}

function toolError(message: string): CallToolResult {
	return { isError: true, content: [{ type: "text", text: message }] };
}
