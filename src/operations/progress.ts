/**
 * How an operation tells its caller how a long call is going: a walk through many pages reports
 * each page read. The MCP adapter turns this into progress notifications when the client asked
 * for them (src/mcp/progress-notifier.ts); otherwise it is silent. Waits for Hostaway's rate
 * budget are reported underneath, by the Hostaway client, not by operations.
 */
export interface ProgressReporter {
	/** `done` of `total` steps (total when known), and what they are, e.g. "read 4 of 9 pages of reservations". */
	step(done: number, total: number | undefined, message: string): void;
}

/** For calls whose client did not ask for progress. */
export const silentProgress: ProgressReporter = { step() {} };

/**
 * Reports a page of a walk: "read 4 of 9 pages of reservations", the total from Hostaway's
 * `count` (at most `maxPages`, the walk's own limit), or "read 4 pages of …" without one.
 */
export function reportPage(
	progress: ProgressReporter,
	what: string,
	page: { done: number; pageSize: number; count: number | null; maxPages: number },
): void {
	const total = page.count === null ? undefined : Math.min(page.maxPages, Math.max(page.done, Math.ceil(page.count / page.pageSize)));
	progress.step(
		page.done,
		total,
		total === undefined ? `read ${page.done} pages of ${what}` : `read ${page.done} of ${total} pages of ${what}`,
	);
}
