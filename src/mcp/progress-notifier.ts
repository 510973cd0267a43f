/**
 * MCP progress notifications for one tool call. When the client sent a `progressToken`, a call
 * that waits for Hostaway's rate budget or walks many pages tells it how it is going, so a client
 * that resets its request timeout on progress keeps waiting:
 *
 * - a heartbeat at least every HEARTBEAT_MS while the call runs, naming what it waits for
 *   ("waiting for Hostaway's rate limit, 6 s") or what it has done ("read 4 of 9 pages of
 *   reservations");
 * - a page read is reported promptly, but never sooner than MIN_GAP_MS after the previous
 *   notification (a fast walk does not flood the client; the heartbeat then carries it).
 *
 * MCP requires `progress` to increase with every notification: it is the pages read, and a
 * heartbeat between two pages adds a hundredth.
 */
import type { ProgressToken } from "@modelcontextprotocol/sdk/types.js";
import type { RateWaitObserver } from "../hostaway";
import type { ProgressReporter } from "../operations/progress";

/** Clients commonly give up after some seconds without news; this stays well inside 5 s. */
export const HEARTBEAT_MS = 4_000;
/** The least time between two notifications. */
export const MIN_GAP_MS = 1_000;
/** A turn that came within this is not worth mentioning. */
const WAIT_WORTH_SAYING_MS = 1_000;

export interface ProgressNotification {
	method: "notifications/progress";
	params: { progressToken: ProgressToken; progress: number; total?: number; message: string };
}

/** What the MCP SDK hands a tool handler, as far as progress goes. */
export interface ProgressSink {
	_meta?: { progressToken?: ProgressToken };
	sendNotification(notification: ProgressNotification): Promise<void>;
}

/** A notifier for the call, started; undefined when the client asked for no progress. Stop it when the call ends. */
export function progressNotifierFor(extra: ProgressSink): ProgressNotifier | undefined {
	const token = extra._meta?.progressToken;
	if (token === undefined) return undefined;
	return new ProgressNotifier(token, (notification) => extra.sendNotification(notification));
}

export class ProgressNotifier implements ProgressReporter, RateWaitObserver {
	private readonly startedAt = Date.now();
	private lastSentAt = Number.NEGATIVE_INFINITY;
	private progress = 0;
	private latestStep?: { done: number; total: number | undefined; message: string };
	private waitsInFlight = 0;
	private waitingSince?: number;
	private timer?: ReturnType<typeof setTimeout>;
	private timerDueAt = Number.POSITIVE_INFINITY;
	private stopped = false;

	constructor(
		private readonly token: ProgressToken,
		private readonly send: (notification: ProgressNotification) => Promise<void>,
	) {
		this.notifyIn(HEARTBEAT_MS);
	}

	step(done: number, total: number | undefined, message: string): void {
		this.latestStep = { done, total, message };
		this.notifyIn(this.lastSentAt + MIN_GAP_MS - Date.now());
	}

	waitStarted(): void {
		if (this.waitsInFlight++ === 0) this.waitingSince = Date.now();
	}

	waitEnded(): void {
		if (--this.waitsInFlight === 0) this.waitingSince = undefined;
	}

	/** The call has ended (answered or failed): nothing more is sent. */
	stop(): void {
		this.stopped = true;
		clearTimeout(this.timer);
	}

	/** Makes the next notification go out in `delayMs` at the latest (an earlier one already planned stands). */
	private notifyIn(delayMs: number): void {
		const dueAt = Date.now() + Math.max(0, delayMs);
		if (this.stopped || dueAt >= this.timerDueAt) return;
		clearTimeout(this.timer);
		this.timerDueAt = dueAt;
		this.timer = setTimeout(() => this.notify(), Math.max(0, delayMs));
	}

	private notify(): void {
		this.timerDueAt = Number.POSITIVE_INFINITY;
		if (this.stopped) return;
		const now = Date.now();
		const step = this.latestStep;
		this.progress = Math.max(step?.done ?? 0, Math.round((this.progress + 0.01) * 100) / 100);
		const total = step?.total !== undefined && this.progress <= step.total ? step.total : undefined;
		this.lastSentAt = now;
		const params = {
			progressToken: this.token,
			progress: this.progress,
			...(total !== undefined && { total }),
			message: this.message(now),
		};
		this.send({ method: "notifications/progress", params }).catch(() => {
			// A client that went away cannot be told; progress must never fail a tool call.
		});
		this.notifyIn(HEARTBEAT_MS);
	}

	private message(now: number): string {
		const parts: string[] = [];
		if (this.latestStep) parts.push(this.latestStep.message);
		if (this.waitingSince !== undefined && now - this.waitingSince >= WAIT_WORTH_SAYING_MS) {
			parts.push(`waiting for Hostaway's rate limit, ${Math.round((now - this.waitingSince) / 1000)} s`);
		}
		if (parts.length === 0) parts.push(`working, ${Math.round((now - this.startedAt) / 1000)} s`);
		return parts.join("; ");
	}
}
