/**
 * The progress notifier's timing on a fake clock: a heartbeat at least every 4 s while the call
 * runs, pages reported promptly but at most one notification a second, waits for the rate
 * budget named with their length, `progress` always increasing, and silence once stopped.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HEARTBEAT_MS, type ProgressNotification, ProgressNotifier, progressNotifierFor } from "../../src/mcp/progress-notifier";

type Sent = ProgressNotification["params"] & { at: number };

function notifier(): { notifier: ProgressNotifier; sent: Sent[] } {
	const sent: Sent[] = [];
	const notifier = new ProgressNotifier("token-1", async ({ params }) => {
		sent.push({ ...params, at: Date.now() });
	});
	return { notifier, sent };
}

function expectIncreasing(sent: readonly Sent[]): void {
	for (let index = 1; index < sent.length; index++) {
		expect((sent[index] as Sent).progress).toBeGreaterThan((sent[index - 1] as Sent).progress);
	}
}

describe("progress notifications", () => {
	beforeEach(() => {
		vi.useFakeTimers({ now: 0 });
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it("are only made when the client sent a progressToken", () => {
		const sendNotification = vi.fn(async () => {});
		expect(progressNotifierFor({ sendNotification })).toBeUndefined();
		expect(progressNotifierFor({ _meta: {}, sendNotification })).toBeUndefined();
		const made = progressNotifierFor({ _meta: { progressToken: 7 }, sendNotification });
		expect(made).toBeInstanceOf(ProgressNotifier);
		made?.stop();
	});

	it("beat every 4 s during a long wait for the rate budget, naming it and how long it has lasted", async () => {
		const { notifier: progress, sent } = notifier();
		progress.waitStarted();
		await vi.advanceTimersByTimeAsync(13_000);
		progress.waitEnded();
		await vi.advanceTimersByTimeAsync(4_000);
		progress.stop();

		expect(sent.map(({ at, message }) => ({ at, message }))).toEqual([
			{ at: 4_000, message: "waiting for Hostaway's rate limit, 4 s" },
			{ at: 8_000, message: "waiting for Hostaway's rate limit, 8 s" },
			{ at: 12_000, message: "waiting for Hostaway's rate limit, 12 s" },
			{ at: 16_000, message: "working, 16 s" },
		]);
		expect(sent.every((entry) => entry.progressToken === "token-1" && entry.total === undefined)).toBe(true);
		expectIncreasing(sent);
	});

	it("report a page at once, but at most one notification a second; the heartbeat resumes after the last", async () => {
		const { notifier: progress, sent } = notifier();
		for (let page = 1; page <= 9; page++) {
			progress.step(page, 9, `read ${page} of 9 pages of reservations`);
			await vi.advanceTimersByTimeAsync(300);
		}
		await vi.advanceTimersByTimeAsync(HEARTBEAT_MS + 1_000);
		progress.stop();

		const times = sent.map((entry) => entry.at);
		expect(times[0]).toBe(0);
		for (let index = 1; index < times.length; index++)
			expect((times[index] as number) - (times[index - 1] as number)).toBeGreaterThanOrEqual(1_000);
		// The pages came faster than one a second: some were folded into the next notification.
		expect(sent.length).toBeLessThan(9);
		const lastPage = sent.findLast((entry) => entry.progress === 9);
		expect(lastPage).toMatchObject({ total: 9, message: "read 9 of 9 pages of reservations" });
		// Between pages nothing increases `progress` by a whole page; after the last, heartbeats still increase it.
		const after = sent.at(-1) as Sent;
		expect(after.progress).toBeGreaterThan(9);
		expect(after.progress).toBeLessThan(10);
		expect(after.total).toBeUndefined();
		expectIncreasing(sent);
	});

	it("say both the pages read and a wait for the next page", async () => {
		const { notifier: progress, sent } = notifier();
		progress.step(4, 9, "read 4 of 9 pages of reservations");
		progress.waitStarted();
		await vi.advanceTimersByTimeAsync(6_500);
		progress.stop();
		expect(sent.at(-1)).toMatchObject({
			progress: 4.01,
			total: 9,
			message: "read 4 of 9 pages of reservations; waiting for Hostaway's rate limit, 4 s",
		});
	});

	it("leave out a turn that came within a second, and count overlapping waits as one", async () => {
		const { notifier: progress, sent } = notifier();
		await vi.advanceTimersByTimeAsync(3_800);
		progress.waitStarted();
		await vi.advanceTimersByTimeAsync(2_000);
		progress.waitStarted();
		progress.waitEnded();
		await vi.advanceTimersByTimeAsync(2_400);
		progress.waitEnded();
		progress.stop();
		expect(sent.map((entry) => entry.message)).toEqual(["working, 4 s", "waiting for Hostaway's rate limit, 4 s"]);
	});

	it("stop with the call: nothing is sent afterwards", async () => {
		const { notifier: progress, sent } = notifier();
		progress.step(1, 3, "read 1 of 3 pages of listings");
		progress.stop();
		progress.step(2, 3, "read 2 of 3 pages of listings");
		await vi.advanceTimersByTimeAsync(20_000);
		expect(sent).toEqual([]);
	});

	it("never fail the call when the client cannot be told", async () => {
		const progress = new ProgressNotifier("token-2", () => Promise.reject(new Error("stream closed")));
		progress.step(1, 2, "read 1 of 2 pages of listings");
		await vi.advanceTimersByTimeAsync(5_000);
		progress.stop();
	});
});
