/**
 * The one adapter between operations and MCP tools. Each operation becomes a tool with its
 * input schema, output schema, annotations and title; a call runs the handler and answers
 * with `structuredContent` plus the operation's Markdown rendering. Errors an operation
 * throws become tool errors (`isError: true`) with the operation's message, so the model
 * can act on them; unexpected errors are logged and answered without internal details.
 *
 * Argument validation happens in the MCP SDK before the handler runs, so invalid input
 * never reaches an operation (and never causes an upstream call).
 *
 * Every tool call goes to the audit trail (src/wiring/audit-calls.ts): a log line for the call, and a
 * durable record for each write it performed or whose outcome is unknown.
 *
 * `tools/list` is answered from tool-definitions.ts: lean schemas, converted once per set of tools.
 *
 * When the client sent a progressToken, the call sends progress notifications while it runs
 * (progress-notifier.ts): its waits for the rate budget and the pages it reads.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { RateWaitObserver } from "../hostaway";
import type { OperationContext } from "../operations/operation";
import type { ProgressReporter } from "../operations/progress";
import type { AnyOperation } from "../operations/registry";
import { auditToolCall } from "../wiring/audit-calls";
import { executeOperation, type OperationRun } from "../wiring/run-operation";
import type { LogSink, SessionLogger } from "./logging";
import { progressNotifierFor, type ProgressSink } from "./progress-notifier";
import { serveToolDefinitions, toolAnnotations } from "./tool-definitions";

/** Builds a call's operation context; `progress`, when the client asked for it, hears the call's waits and pages. */
export type ContextFactory = (progress?: ProgressReporter & RateWaitObserver) => Promise<OperationContext>;

export function registerOperations(
	server: McpServer,
	operations: readonly AnyOperation[],
	contextFor: ContextFactory,
	logger: SessionLogger,
): void {
	for (const operation of operations) {
		server.registerTool(
			operation.name,
			{
				title: operation.title,
				description: operation.description,
				inputSchema: operation.input,
				// No outputSchema here: the SDK would parse every result against it again, after
				// executeOperation has (the CPU of a second full parse on every call). Clients get the
				// output schemas from tool-definitions.ts, which answers tools/list.
				annotations: toolAnnotations(operation),
			},
			async (args: unknown, extra: LogSink & ProgressSink): Promise<CallToolResult> => {
				const startedAt = Date.now();
				const progress = progressNotifierFor(extra);
				let context: OperationContext;
				let run: OperationRun;
				try {
					context = await contextFor(progress);
					run = await executeOperation(operation, args, context);
				} finally {
					progress?.stop();
				}
				await logCall(logger, extra, operation.name, run.result, context);
				await auditToolCall(operation, args, run, context, Date.now() - startedAt);
				return run.result;
			},
		);
	}
	serveToolDefinitions(server, operations);
}

/** Tells the client what the call cost upstream (debug), and about slow or failed calls. */
async function logCall(logger: SessionLogger, sink: LogSink, tool: string, result: CallToolResult, context: OperationContext) {
	const usage = context.usage();
	if (usage) {
		const slow = usage.gateWaitMs > 2_000 || usage.retries > 0;
		await logger.log(sink, slow ? "warning" : "debug", {
			tool,
			upstreamCalls: usage.upstreamCalls,
			cacheHits: usage.cacheHits,
			retries: usage.retries,
			rateBudgetWaitMs: usage.gateWaitMs,
		});
	}
	if (result.isError) await logger.log(sink, "error", { tool, error: "the tool call failed; its result carries the message" });
	else if ((result.structuredContent as { status?: unknown } | undefined)?.status === "done") {
		await logger.log(sink, "info", { tool, write: "performed" });
	}
}

/** Runs an operation for an MCP request (tools, resources) and answers with its MCP result. */
export async function runOperation(operation: AnyOperation, args: unknown, context: OperationContext): Promise<CallToolResult> {
	return (await executeOperation(operation, args, context)).result;
}
