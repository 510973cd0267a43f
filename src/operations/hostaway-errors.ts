/**
 * Turns the Hostaway client's errors (src/hostaway/errors.ts) into OperationErrors whose
 * messages tell the model what happened and what to do next. Hostaway's own error text is
 * passed on (it is already shortened and scrubbed of credentials by the client).
 *
 * Use it around client calls: `catch (error) { throw toOperationError(error); }`. Anything that
 * is not a Hostaway error is returned unchanged, so it still reaches describeError as internal.
 */
import { HostawayError, HostawayRateLimitedError } from "../hostaway/errors";
import { OperationError } from "./errors";

function withDetail(message: string, error: HostawayError): string {
	return error.detail ? `${message} Hostaway said: "${error.detail}"` : message;
}

export function toOperationError(error: unknown): unknown {
	if (!(error instanceof HostawayError)) return error;
	switch (error.kind) {
		case "authentication":
			return new OperationError(
				"authentication_failed",
				withDetail(
					`${error.message} The Hostaway account id or API key is wrong or was revoked; the account owner must ` +
						"reconnect with a valid API key (Hostaway Dashboard → Settings → Hostaway API). Retrying will not help.",
					error,
				),
			);
		case "not_found":
			return new OperationError(
				"not_found",
				withDetail(`${error.message} Check the id (list or search first to find the right one).`, error),
			);
		case "invalid_request":
			return new OperationError(
				error.status === 409 ? "conflict" : "invalid_input",
				withDetail(`${error.message} Correct the request before trying again.`, error),
			);
		case "refused":
			return new OperationError(
				"forbidden",
				withDetail(
					`${error.message} Hostaway does not allow this change here, typically because the reservation is managed ` +
						"by a channel (Airbnb, Booking.com, Vrbo): make it on the channel instead. Retrying will not help.",
					error,
				),
			);
		case "rate_limited": {
			const seconds = error instanceof HostawayRateLimitedError ? error.retryAfterSeconds : 10;
			return new OperationError(
				"rate_limited",
				`${error.message} Hostaway limits how many requests an account (and the server's address) may send per 10 seconds. ` +
					`Retry in ${seconds} seconds; meanwhile avoid calls that fan out over many listings or bookings.`,
			);
		}
		case "unavailable":
			return new OperationError(
				"upstream_unavailable",
				withDetail(`${error.message} Hostaway seems to have a problem; try again in a minute.`, error),
			);
		case "timeout":
			return new OperationError(
				"timeout",
				`${error.message} Try again in a moment, or ask for less (a shorter date range, fewer results).`,
			);
		case "outcome_unknown":
			return new OperationError(
				"outcome_unknown",
				withDetail(
					`${error.message} Do not simply repeat it: first check whether it happened (read the conversation or ` +
						"search the bookings), and only then decide whether to send it again.",
					error,
				),
			);
		case "unexpected_response":
			return new OperationError(
				"upstream_unavailable",
				`${error.message} This is unusual; try again in a moment, and report it if it persists.`,
			);
	}
	return error;
}
