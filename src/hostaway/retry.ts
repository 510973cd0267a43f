/**
 * When to try a request again, and how long to wait first. The whole budget stays well
 * under an MCP client's tool timeout (about 15 s): a call that cannot succeed in time fails
 * with a clear error instead of being cut off by the client.
 */

export interface RetryPolicy {
	/** Attempts in total, the first one included. */
	maxAttempts: number;
	/** Upper bound of the first backoff; it doubles with every retry… */
	baseDelayMs: number;
	/** …up to this cap. */
	maxDelayMs: number;
	/** No retry starts if it would end (by its delay) after this much time since the first attempt. */
	budgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 4,
	baseDelayMs: 300,
	maxDelayMs: 4_000,
	budgetMs: 12_000,
};

/** HTTP statuses worth another attempt for a request that is safe to repeat. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Capped full-jitter exponential backoff: uniform in [0, min(cap, base * 2^retry)). `retry` starts at 0. */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
	return Math.floor(random() * ceiling);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(header: string | null, now: number): number | undefined {
	if (header === null || header.trim() === "") return undefined;
	const text = header.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/**
 * How long to wait after a 429, as Hostaway asks (hostaway-api.md §3): until the moment it
 * names (`untilRetryAtMs`, ms from now), or the usual backoff when it names none. After a
 * repeated 429 in the same call: double the previous wait (at least the base delay, so a
 * backoff that happened to be 0 still grows) plus a random delay that spreads the callers out,
 * and never less than the moment Hostaway names. `retry` starts at 0.
 */
export function rateLimitWaitMs(
	policy: RetryPolicy,
	answer: { untilRetryAtMs?: number; previousWaitMs?: number; retry: number },
	random: () => number = Math.random,
): number {
	const named = answer.untilRetryAtMs === undefined ? undefined : Math.max(0, answer.untilRetryAtMs);
	if (answer.previousWaitMs === undefined) return named ?? backoffDelayMs(policy, answer.retry, random);
	const doubled = 2 * Math.max(answer.previousWaitMs, policy.baseDelayMs);
	return Math.max(named ?? 0, doubled) + Math.floor(random() * policy.baseDelayMs);
}
