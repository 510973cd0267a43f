/**
 * Errors an operation throws on purpose. Each carries a message written for the model:
 * what went wrong and what to do next. Transport adapters (MCP, REST) turn them into
 * their own error shapes; a configuration error is reported as "not configured" with its
 * message; anything else is reported as an internal error without details.
 */
import { ConfigError } from "../config";

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
	// Met during a call (live mode without ENCRYPTION_KEY): the message names the variable, never its value.
	if (error instanceof ConfigError) {
		return {
			code: "not_configured",
			message: `${error.message} The server's operator must fix this configuration; retrying will not help.`,
		};
	}
	return {
		code: "internal",
		message: "Internal error in the Hostaway MCP server. The problem has been logged; try again, and report it if it persists.",
	};
}
