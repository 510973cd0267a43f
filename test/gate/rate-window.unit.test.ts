/** The rate budget's arithmetic: never more than the limit in any window, and a 429 holds everyone off. */
import { describe, expect, it } from "vitest";
import { ARRIVAL_GUARD_SHARE, RateWindow } from "../../src/gate/rate-window";

const budget = { limit: 14, windowMs: 10_000 };

/** The largest number of slots inside any window of `windowMs` (sliding). */
function maxInAnyWindow(slots: number[], windowMs: number): number {
	const sorted = [...slots].sort((a, b) => a - b);
	let best = 0;
	for (let start = 0, end = 0; end < sorted.length; end++) {
		while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start++;
		best = Math.max(best, end - start + 1);
	}
	return best;
}

describe("RateWindow", () => {
	it("grants a burst up to the limit at once, then schedules the rest one window and a guard after the slots they replace", () => {
		const window = new RateWindow();
		const slots: number[] = [];
		for (let i = 0; i < 30; i++) {
			const slot = window.nextSlot(0, budget);
			window.reserve(slot);
			slots.push(slot);
		}
		expect(slots.slice(0, 14).every((slot) => slot === 0)).toBe(true);
		// A guard (ARRIVAL_GUARD_SHARE of the window: 1 s of 10 s) for the spread of arrivals at Hostaway.
		const comesBackAfter = budget.windowMs * (1 + ARRIVAL_GUARD_SHARE);
		expect(comesBackAfter).toBe(11_000);
		expect(slots[14]).toBe(comesBackAfter);
		expect(slots[28]).toBe(2 * comesBackAfter);
		expect(maxInAnyWindow(slots, budget.windowMs)).toBe(14);
	});

	it("never exceeds the limit in any sliding window, whatever the arrival pattern", () => {
		const window = new RateWindow();
		const slots: number[] = [];
		let now = 0;
		let seed = 7;
		const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
		for (let i = 0; i < 500; i++) {
			now += Math.floor(random() * 1500);
			const slot = window.nextSlot(now, budget);
			expect(slot).toBeGreaterThanOrEqual(now);
			window.reserve(slot);
			slots.push(slot);
		}
		expect(maxInAnyWindow(slots, budget.windowMs)).toBeLessThanOrEqual(14);
	});

	it("holds every caller off after a 429", () => {
		const window = new RateWindow();
		window.reserve(window.nextSlot(0, { limit: 14, windowMs: 1000 }));
		window.holdOff(5_000);
		expect(window.nextSlot(200, { limit: 14, windowMs: 1000 })).toBe(5_000);
		// A later, shorter hold-off does not shorten the current one.
		window.holdOff(1_000);
		expect(window.nextSlot(400, { limit: 14, windowMs: 1000 })).toBe(5_000);
	});

	it("tells a caller with others ahead of it when its turn comes, without taking any slot", () => {
		const window = new RateWindow();
		const small = { limit: 2, windowMs: 1_000 };
		window.reserve(0);
		// One slot left now; the next two come back a window and a guard after the first two.
		expect(window.slotAfter(0, small, 0)).toBe(0);
		const comesBackAfter = small.windowMs * (1 + ARRIVAL_GUARD_SHARE);
		expect(window.slotAfter(0, small, 1)).toBe(comesBackAfter);
		expect(window.slotAfter(0, small, 2)).toBe(comesBackAfter);
		expect(window.slotAfter(0, small, 3)).toBe(2 * comesBackAfter);
		expect(window.nextSlot(0, small)).toBe(0);
		window.holdOff(3_000);
		expect(window.slotAfter(0, small, 0)).toBe(3_000);
	});
});
