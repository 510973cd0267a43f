/**
 * The account's rate budget: at most `limit` requests in any `windowMs` (sliding), which also
 * keeps every fixed window Hostaway might count in under the limit. It is a token bucket whose
 * tokens come back one window (and a guard, below) after they were spent, so a full burst is
 * never followed by more than the window allows (a classic refill-per-second bucket would
 * allow twice the limit across a window boundary).
 *
 * A spent slot comes back a little later than one window: a request reaches Hostaway some
 * milliseconds after the gate lets it go, requests let go together arrive spread out, and
 * Hostaway's window runs from each request's arrival. A request let go the moment an old slot
 * came back could otherwise arrive while Hostaway still counts the old one, and with a whole
 * burst's slots coming back at once, one request of slack under the limit is not enough.
 *
 * Slots can be reserved in the future: a caller that finds the budget spent is told when its
 * turn comes. A 429 from Hostaway holds everyone off until a moment and cancels the
 * reservations made before it, so those callers plan again.
 */

/** How much later than one window a spent slot comes back, as a share of the window (500 ms of 10 s). */
export const ARRIVAL_GUARD_SHARE = 0.05;

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
		const comesBackAfter = budget.windowMs + Math.round(budget.windowMs * ARRIVAL_GUARD_SHARE);
		this.forgetBefore(now - comesBackAfter);
		let slot = Math.max(now, this.holdUntil);
		if (this.slots.length >= budget.limit) {
			const oldestThatCounts = this.slots[this.slots.length - budget.limit] as number;
			slot = Math.max(slot, oldestThatCounts + comesBackAfter);
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

	private forgetBefore(cutoff: number): void {
		let drop = 0;
		while (drop < this.slots.length && (this.slots[drop] as number) <= cutoff) drop++;
		if (drop > 0) this.slots.splice(0, drop);
	}
}
