/**
 * fanOut: runs tasks until the answer is due or the rate budget refuses a turn, and reports what
 * was not done instead of failing; partialNotice says what a partial answer covers.
 */
import { describe, expect, it } from "vitest";
import { HostawayRateLimitedError, HostawayUnavailableError } from "../../src/hostaway/errors";
import { fanOut, partialNotice } from "../../src/operations/partial-answers";

const later = { deadline: Date.now() + 60_000 };

describe("fanOut", () => {
	it("runs every task when time allows, keeping input order and real failures", async () => {
		const result = await fanOut(
			[1, 2, 3, 4, 5],
			async (n) => {
				if (n === 3) throw new HostawayUnavailableError("down");
				return n * 10;
			},
			later,
			2,
		);
		expect(result.notDone).toEqual([]);
		expect(result.donePrefix).toBe(5);
		expect(result.done.map(({ item }) => item)).toEqual([1, 2, 3, 4, 5]);
		expect(result.done[2]?.outcome.status).toBe("rejected");
		expect(result.done[4]?.outcome).toEqual({ status: "fulfilled", value: 50 });
	});

	it("stops starting tasks once one is refused a turn by the rate budget, and reports the rest as not done", async () => {
		const started: number[] = [];
		const result = await fanOut(
			[1, 2, 3, 4, 5, 6],
			async (n) => {
				started.push(n);
				if (n >= 3) throw new HostawayRateLimitedError("budget used up", 5);
				return n;
			},
			later,
			1,
		);
		expect(started).toEqual([1, 2, 3]);
		expect(result.done.map(({ item }) => item)).toEqual([1, 2]);
		expect(result.notDone).toEqual([3, 4, 5, 6]);
		expect(result.donePrefix).toBe(2);
	});

	it("starts nothing once the deadline has passed", async () => {
		let calls = 0;
		const result = await fanOut([1, 2], async () => ++calls, { deadline: Date.now() - 1 }, 4);
		expect(calls).toBe(0);
		expect(result.notDone).toEqual([1, 2]);
		expect(result.donePrefix).toBe(0);
	});
});

describe("partialNotice", () => {
	it("names the part covered, the whole and how to continue", () => {
		expect(partialNotice({ covered: 120, total: 500, unit: "listings", reason: "rate limit", nextCursor: "abc" })).toBe(
			'**Partial answer:** covers 120 of 500 listings (rate limit); call again with the same arguments and cursor "abc" for the rest.',
		);
		expect(partialNotice({ covered: 3, total: null, unit: "pages", reason: "rate limit" })).toBe(
			"**Partial answer:** covers 3 pages (rate limit).",
		);
	});
});
