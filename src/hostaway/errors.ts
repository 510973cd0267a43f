/**
 * What can go wrong when talking to Hostaway, as a small set of classes the operations
 * layer maps to messages a model can act on (src/operations/hostaway-errors.ts).
 *
 * `detail` is Hostaway's own error text (from `result` or `message`), already cut short and
 * scrubbed of the credentials this client knows; it is safe to show. Messages never carry
 * an API key or a token.
 */
import type { RateLimitSignal } from "./ports";

export type HostawayErrorKind =
	| "authentication"
	| "not_found"
	| "invalid_request"
	| "refused"
	| "rate_limited"
	| "unavailable"
	| "timeout"
	| "outcome_unknown"
	| "unexpected_response";

export abstract class HostawayError extends Error {
	abstract readonly kind: HostawayErrorKind;
	constructor(
		message: string,
		/** The HTTP status Hostaway answered, when it answered. */
		readonly status?: number,
		/** Hostaway's own error text, safe to show. */
		readonly detail?: string,
	) {
		super(message);
	}
}

/** The account id / API key were refused, or a freshly minted token was refused too. */
export class HostawayAuthenticationError extends HostawayError {
	override name = "HostawayAuthenticationError";
	readonly kind = "authentication";
}

/** The id does not exist in this account (HTTP 404). */
export class HostawayNotFoundError extends HostawayError {
	override name = "HostawayNotFoundError";
	readonly kind = "not_found";
}

/** Hostaway refused the request as invalid (400, 409, 422, other 4xx), or the client refused it before sending. */
export class HostawayInvalidRequestError extends HostawayError {
	override name = "HostawayInvalidRequestError";
	readonly kind = "invalid_request";
}

/**
 * A write Hostaway refuses with 403 with a token minted minutes ago, or even after one fresh
 * token, typically a reservation managed by a channel (Airbnb, Booking.com) that only the
 * channel may change.
 */
export class HostawayRefusedError extends HostawayError {
	override name = "HostawayRefusedError";
	readonly kind = "refused";
}

/**
 * No request was sent or Hostaway answered 429, and waiting longer would break the caller's
 * time budget. `retryAfterSeconds` says when a new attempt is likely to get through;
 * `rateLimit` is what Hostaway's 429 said about the limit reached, when it said it.
 */
export class HostawayRateLimitedError extends HostawayError {
	override name = "HostawayRateLimitedError";
	readonly kind = "rate_limited";
	constructor(
		message: string,
		readonly retryAfterSeconds: number,
		status?: number,
		detail?: string,
		readonly rateLimit?: RateLimitSignal,
	) {
		super(message, status, detail);
	}
}

/** Hostaway answered 5xx or could not be reached, and retrying (when allowed) did not help. */
export class HostawayUnavailableError extends HostawayError {
	override name = "HostawayUnavailableError";
	readonly kind = "unavailable";
}

/** Hostaway did not answer within the per-request timeout (reads only; see OutcomeUnknown for writes). */
export class HostawayTimeoutError extends HostawayError {
	override name = "HostawayTimeoutError";
	readonly kind = "timeout";
}

/**
 * A write that is not safe to repeat (sending a message, creating a reservation) may or may
 * not have happened: the connection failed, timed out, or Hostaway answered 5xx. It is never
 * retried automatically; the caller must look before trying again.
 */
export class HostawayOutcomeUnknownError extends HostawayError {
	override name = "HostawayOutcomeUnknownError";
	readonly kind = "outcome_unknown";
}

/** Hostaway answered with a body this client cannot read (not JSON, or not the documented shape). */
export class HostawayUnexpectedResponseError extends HostawayError {
	override name = "HostawayUnexpectedResponseError";
	readonly kind = "unexpected_response";
}
