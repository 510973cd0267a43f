/**
 * The account's rate budget: at most `limit` requests in any `windowMs` (sliding), which also
 * keeps every fixed window Hostaway might count in under the limit. It is a token bucket whose
 * tokens come back exactly one window after they were spent, so a full burst is never followed
 * by more than the window allows (a classic refill-per-second bucket would allow twice the
 * limit across a window boundary).
 *
 * Slots can be reserved in the future: a caller that finds the budget spent is told when its
 * turn comes. A 429 from Hostaway holds everyone off until a moment and cancels the
 * reservations made before it, so those callers plan again.
 */

export interface RateBudget {
	limit: number;
	windowMs: number;
}

export class RateWindow {
	/** Start times of granted and reserved requests, ascending. */
	private slots: number[] = [];
	private holdUntil = 0;
	/** Changes whenever reservations are cancelled by a hold-off. */
	private epoch = 0;

	/** The earliest moment at or after `now` when one more request fits the budget. */
	nextSlot(now: number, budget: RateBudget): number {
		this.forgetBefore(now - budget.windowMs);
		let slot = Math.max(now, this.holdUntil);
		if (this.slots.length >= budget.limit) {
			const oldestThatCounts = this.slots[this.slots.length - budget.limit] as number;
			slot = Math.max(slot, oldestThatCounts + budget.windowMs);
		}
		return slot;
	}

	/** Takes the slot at `at` (from nextSlot); returns the epoch the reservation belongs to. */
	reserve(at: number): number {
		let index = this.slots.length;
		while (index > 0 && (this.slots[index - 1] as number) > at) index--;
		this.slots.splice(index, 0, at);
		return this.epoch;
	}

	/** Whether a reservation made in `epoch` still stands. */
	isCurrent(epoch: number): boolean {
		return epoch === this.epoch;
	}

	/** Nobody sends before `until`; reservations after `now` are cancelled. */
	holdOff(now: number, until: number): void {
		this.holdUntil = Math.max(this.holdUntil, until);
		this.slots = this.slots.filter((slot) => slot <= now);
		this.epoch++;
	}

	/** Requests counted in the window ending at `now` (for tests and diagnostics). */
	countSince(since: number): number {
		return this.slots.filter((slot) => slot > since).length;
	}

	private forgetBefore(cutoff: number): void {
		let drop = 0;
		while (drop < this.slots.length && (this.slots[drop] as number) <= cutoff) drop++;
		if (drop > 0) this.slots.splice(0, drop);
	}
}
