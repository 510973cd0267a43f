/**
 * REST errors: always `{ "error": { "code", "message", "field"? } }` with the HTTP status that
 * fits. An operation's failure keeps its OperationError code (src/operations/errors.ts); the
 * REST layer adds its own for what happens before an operation runs.
 */
import type { OperationErrorCode } from "../operations/errors";

export type RestErrorCode =
	| OperationErrorCode
	| "internal"
	| "unauthorized"
	| "method_not_allowed"
	| "payload_too_large"
	| "idempotency_key_required"
	| "idempotency_key_reused"
	| "idempotency_key_in_progress";

const STATUS: Record<RestErrorCode, number> = {
	invalid_input: 400,
	idempotency_key_required: 400,
	unauthorized: 401,
	forbidden: 403,
	not_found: 404,
	method_not_allowed: 405,
	conflict: 409,
	idempotency_key_reused: 409,
	idempotency_key_in_progress: 409,
	payload_too_large: 413,
	rate_limited: 429,
	internal: 500,
	// The tenant's Hostaway credentials were refused: the fault is upstream of this server, not the caller's key.
	authentication_failed: 502,
	upstream_unavailable: 502,
	// A write was sent and its fate is unknown; it is final for its Idempotency-Key (never sent again).
	outcome_unknown: 502,
	not_configured: 503,
	timeout: 504,
};

/** Every code a REST error can carry, for the OpenAPI document. */
export const REST_ERROR_CODES = Object.keys(STATUS) as RestErrorCode[];

/** Seconds to wait when a rate-limit message names none (Hostaway's window is 10 s). */
const DEFAULT_RETRY_AFTER_SECONDS = 10;

export interface RestErrorBody {
	error: { code: RestErrorCode; message: string; field?: string };
}

export function statusOf(code: RestErrorCode): number {
	return STATUS[code];
}

export function restError(code: RestErrorCode, message: string, options: { field?: string; retryAfterSeconds?: number } = {}): Response {
	const body: RestErrorBody = { error: { code, message, ...(options.field ? { field: options.field } : {}) } };
	return Response.json(body, { status: statusOf(code), headers: errorHeaders(code, message, options.retryAfterSeconds) });
}

/** Retry-After on a rate-limit answer: the given wait, else the one its message names, else Hostaway's window. */
export function errorHeaders(code: RestErrorCode, message: string, retryAfterSeconds?: number): Record<string, string> {
	return code === "rate_limited" ? { "Retry-After": String(retryAfterSeconds ?? retryAfterIn(message)) } : {};
}

/** The wait a rate-limit message names ("Retry in 7 seconds"), or the default. */
function retryAfterIn(message: string): number {
	const seconds = /retry (?:in|after) (\d+)\s*s/i.exec(message)?.[1];
	return seconds ? Math.max(1, Number(seconds)) : DEFAULT_RETRY_AFTER_SECONDS;
}
