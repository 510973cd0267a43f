/**
 * What a 429 from Hostaway says about its rate limit (hostaway-api.md §3): when the next
 * request may go, which limit was reached and which counter it belongs to. Hostaway documents
 * `X-RateLimit-Retry-After` as a Unix timestamp in seconds, not a delay; a standard
 * `Retry-After` (delta-seconds or an HTTP date) is accepted as well. Anything unreadable is
 * left out, so the caller falls back to its own backoff instead of trusting garbage.
 */
import { parseRetryAfterMs } from "./retry";

/** Which of Hostaway's limits a 429 was about (`X-RateLimit-Applied`). */
export type RateLimitApplied = "endpoint" | "account" | "ip" | "provider";

const APPLIED_VALUES: ReadonlySet<string> = new Set<RateLimitApplied>(["endpoint", "account", "ip", "provider"]);

/** The raw rate-limit headers of a 429, as sent (null when absent). */
export interface RateLimitHeaders {
	xRateLimitRetryAfter: string | null;
	xRateLimitLimit: string | null;
	xRateLimitRemaining: string | null;
	xRateLimitApplied: string | null;
	retryAfter: string | null;
}

/** A 429 read: every field is left out when its header is absent or unreadable. */
export interface RateLimitAnswer {
	/** Milliseconds since the epoch: send nothing before this moment. Never in the past. */
	retryAtMs?: number;
	/** The limit that was reached (requests per window). */
	limit?: number;
	/** Requests left in the current window. */
	remaining?: number;
	applied?: RateLimitApplied;
}

/**
 * Below this, `X-RateLimit-Retry-After` cannot be a Unix timestamp in seconds (10^9 s is
 * September 2001): it is read as a delay in seconds, which some servers send under that name.
 */
const SMALLEST_TIMESTAMP_SECONDS = 1e9;
/**
 * From this on, it cannot be seconds either (10^11 s is the year 5138): it is read as a Unix
 * timestamp in milliseconds, the other likely mistake.
 */
const SMALLEST_TIMESTAMP_MILLISECONDS = 1e11;
/**
 * A moment further ahead than this is not believed: no documented Hostaway window is longer
 * than a minute, and honouring a misread value would block the account for a long time.
 */
const LONGEST_BELIEVABLE_WAIT_MS = 24 * 3600 * 1000;

/** Picks the rate-limit headers out of a response's headers. */
export function rateLimitHeadersOf(headers: Pick<Headers, "get">): RateLimitHeaders {
	return {
		xRateLimitRetryAfter: headers.get("X-RateLimit-Retry-After"),
		xRateLimitLimit: headers.get("X-RateLimit-Limit"),
		xRateLimitRemaining: headers.get("X-RateLimit-Remaining"),
		xRateLimitApplied: headers.get("X-RateLimit-Applied"),
		retryAfter: headers.get("Retry-After"),
	};
}

/**
 * Reads a 429's headers at `now` (ms since the epoch). `X-RateLimit-Retry-After` wins over
 * `Retry-After` when both are readable; a moment in the past means "now".
 */
export function readRateLimitAnswer(headers: RateLimitHeaders, now: number): RateLimitAnswer {
	const retryAtMs = retryAtFromXRateLimit(headers.xRateLimitRetryAfter, now) ?? retryAtFromRetryAfter(headers.retryAfter, now);
	const limit = wholeNumber(headers.xRateLimitLimit);
	const remaining = wholeNumber(headers.xRateLimitRemaining);
	const applied = headers.xRateLimitApplied?.trim().toLowerCase();
	return {
		...(retryAtMs !== undefined && { retryAtMs }),
		...(limit !== undefined && limit > 0 && { limit }),
		...(remaining !== undefined && { remaining }),
		...(applied !== undefined && APPLIED_VALUES.has(applied) && { applied: applied as RateLimitApplied }),
	};
}

/** Unix seconds as documented; a small number as a delay in seconds, a huge one as Unix milliseconds. */
function retryAtFromXRateLimit(header: string | null, now: number): number | undefined {
	const value = decimal(header);
	if (value === undefined) return undefined;
	let at: number;
	if (value < SMALLEST_TIMESTAMP_SECONDS) at = now + value * 1000;
	else if (value < SMALLEST_TIMESTAMP_MILLISECONDS) at = value * 1000;
	else at = value;
	return believable(Math.round(at), now);
}

function retryAtFromRetryAfter(header: string | null, now: number): number | undefined {
	const delay = parseRetryAfterMs(header, now);
	return delay === undefined ? undefined : believable(now + delay, now);
}

function believable(at: number, now: number): number | undefined {
	if (at - now > LONGEST_BELIEVABLE_WAIT_MS) return undefined;
	return Math.max(at, now);
}

/** A non-negative decimal number (digits, optionally a fraction), or undefined. */
function decimal(header: string | null): number | undefined {
	const text = header?.trim();
	if (!text || !/^\d+(\.\d+)?$/.test(text)) return undefined;
	return Number(text);
}

function wholeNumber(header: string | null): number | undefined {
	const text = header?.trim();
	if (!text || !/^\d+$/.test(text)) return undefined;
	const value = Number(text);
	return Number.isSafeInteger(value) ? value : undefined;
}
