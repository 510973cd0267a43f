/**
 * What a tool call leaves in the audit trail: always a `tool_call` event (a log line: tool,
 * outcome, duration, upstream calls, cache hits); a durable `write` event for a write the call
 * performed, or sent without learning its outcome; and a durable `access_denied` event for a
 * write refused to a read-only session. Previews, refused confirmations and replays of a used
 * token change nothing, so they are no writes. Arguments and results are never logged: a
 * write's `change` comes from the operation's own auditChange, ids and field names only.
 */
import type { AuditDetails, AuditOutcome } from "../audit/audit-event";
import type { HostawayMetrics } from "../hostaway";
import { isWriteOperation, type OperationContext } from "../operations/operation";
import type { AnyOperation } from "../operations/registry";
import type { OperationRun } from "./run-operation";

export async function auditToolCall(
	operation: AnyOperation,
	args: unknown,
	run: OperationRun,
	context: OperationContext,
	durationMs: number,
): Promise<void> {
	const tool = operation.name;
	const usage = context.usage();
	const events: AuditDetails[] = [
		{
			kind: "tool_call",
			tool,
			outcome: run.failure ? "error" : "ok",
			durationMs,
			upstreamCalls: usage?.upstreamCalls ?? 0,
			cacheHits: usage?.cacheHits ?? 0,
			...(run.failure ? { reason: run.failure } : {}),
		},
	];
	if (run.failure === "read_only") {
		events.push({ kind: "access_denied", tool, outcome: "denied", reason: "a write tool called in a read-only session" });
	}
	const write = writeOutcome(operation, run, usage);
	if (write) {
		events.push({ kind: "write", tool, outcome: write, change: describeChange(operation, args, write === "ok" ? run.output : undefined) });
	}
	await Promise.all(events.map((event) => context.audit.record(event)));
}

/** "ok" for a write performed now, "unknown" for one sent whose outcome is unknown; undefined when nothing was written. */
function writeOutcome(operation: AnyOperation, run: OperationRun, usage: HostawayMetrics | undefined): AuditOutcome | undefined {
	if (!isWriteOperation(operation)) return undefined;
	const output = run.output as { status?: unknown; replayed?: unknown } | undefined;
	if (output?.status === "done" && output.replayed !== true) return "ok";
	// A token already known to be "unknown" is refused without sending anything: only the call that sent the write counts.
	if (run.failure === "outcome_unknown" && (usage?.writesSent ?? 0) > 0) return "unknown";
	return undefined;
}

/** The operation's own summary; a summary that fails is replaced, never allowed to fail the call after its write. */
function describeChange(operation: AnyOperation, args: unknown, output: unknown): string {
	try {
		return operation.auditChange?.(args, output) ?? `${operation.name} performed`;
	} catch {
		return `${operation.name} performed (its change could not be described)`;
	}
}
