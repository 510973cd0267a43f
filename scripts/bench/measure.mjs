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

/**
 * The sandbox's log lines of one call grouped as the call sent them: a request received before
 * every request of the current group had been answered was sent alongside them (in parallel);
 * one received once a request of the group had answered starts the next group (it may have
 * waited for that answer). Replaying group after group, each group's requests at once, repeats
 * the call's own mix of parallel and sequential requests. Groups keep the log's order.
 * @template {{ receivedAt: string, at: string }} T
 * @param {readonly T[]} entries
 * @returns {T[][]}
 */
export function requestWaves(entries) {
	const sorted = [...entries].sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt));
	const waves = [];
	let current = [];
	let firstAnswerAt = Infinity;
	for (const entry of sorted) {
		if (current.length > 0 && Date.parse(entry.receivedAt) >= firstAnswerAt) {
			waves.push(current);
			current = [];
			firstAnswerAt = Infinity;
		}
		current.push(entry);
		firstAnswerAt = Math.min(firstAnswerAt, Date.parse(entry.at));
	}
	if (current.length > 0) waves.push(current);
	return waves;
}

/** a / b to two decimals; null when either is missing or b is zero. */
export function ratio(a, b) {
	if (a === null || a === undefined || b === null || b === undefined || b === 0 || !Number.isFinite(a / b)) return null;
	return Math.round((a / b) * 100) / 100;
}

/**
 * The shortest time `requests` upstream requests can take under a limit of `limit` per sliding
 * window of `windowMs`: the first `limit` at once, the next ones a window later, and so on (the
 * requests' own latency left out).
 */
export function floorMs(requests, limit, windowMs = 10_000) {
	if (requests <= 0) return 0;
	return (Math.ceil(requests / limit) - 1) * windowMs;
}

/** Tokens estimated as characters / 4 (rounded up), the usual rule of thumb for English and JSON. */
export function estimatedTokens(chars) {
	return Math.ceil(chars / 4);
}
