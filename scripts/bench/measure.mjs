/**
 * The bench's arithmetic, free of I/O so a unit test can check it: percentiles of timings, and
 * the most upstream requests in any window of the sandbox's request log.
 */

/** The p-th percentile (nearest rank) of numbers, NaN for none. */
export function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Count, median, p95 and max of timings in ms, rounded to 0.1 ms. */
export function summarize(timingsMs) {
	const round = (ms) => (Number.isFinite(ms) ? Math.round(ms * 10) / 10 : null);
	return {
		count: timingsMs.length,
		medianMs: round(percentile(timingsMs, 50)),
		p95Ms: round(percentile(timingsMs, 95)),
		maxMs: round(timingsMs.length === 0 ? NaN : Math.max(...timingsMs)),
	};
}

/**
 * The largest number of log entries of one account inside any window of `windowMs` (a sliding
 * window: entries at t and t + windowMs are in different windows), counting only entries at or
 * after `fromMs` when given. Entries are the sandbox's log lines ({ accountId, receivedAt: ISO time,
 * status }), counted when the sandbox received them, as its rate limits count them.
 * @param {{ accountId: string | null, receivedAt: string, status: number }[]} entries
 * @param {{ accountId: string, windowMs?: number, fromMs?: number, statuses?: (status: number) => boolean }} options
 */
export function maxInAnyWindow(entries, { accountId, windowMs = 10_000, fromMs = -Infinity, statuses = () => true }) {
	const times = entries
		.filter((entry) => entry.accountId === accountId && statuses(entry.status))
		.map((entry) => Date.parse(entry.receivedAt))
		.filter((at) => at >= fromMs)
		.sort((a, b) => a - b);
	let best = 0;
	for (let start = 0, end = 0; end < times.length; end++) {
		while (times[end] - times[start] >= windowMs) start++;
		best = Math.max(best, end - start + 1);
	}
	return best;
}

/** Every account that appears in the log, in order of first appearance (entries without one left out). */
export function accountsIn(entries) {
	return [...new Set(entries.map((entry) => entry.accountId).filter((id) => id !== null))];
}
