/**
 * Errors an operation throws on purpose. Each carries a message written for the model:
 * what went wrong and what to do next. Transport adapters (MCP, REST) turn them into
 * their own error shapes; anything else is reported as an internal error without details.
 */

export type OperationErrorCode =
	| "invalid_input"
	| "not_found"
	| "conflict"
	| "forbidden"
	| "authentication_failed"
	| "rate_limited"
	| "upstream_unavailable"
	| "timeout"
	/** A write was sent but whether it happened is unknown; it must not be repeated blindly. */
	| "outcome_unknown"
	| "not_configured";

export class OperationError extends Error {
	override name = "OperationError";
	constructor(
		readonly code: OperationErrorCode,
		message: string,
	) {
		super(message);
	}
}

/** The message a caller may see for any thrown value. Unknown errors never leak their text. */
export function describeError(error: unknown): { code: OperationErrorCode | "internal"; message: string } {
	if (error instanceof OperationError) return { code: error.code, message: error.message };
	return {
		code: "internal",
		message: "Internal error in the Hostaway MCP server. The problem has been logged; try again, and report it if it persists.",
	};
}
