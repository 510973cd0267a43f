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
 * Slots are taken when they are used (slot-queue.ts keeps the callers waiting for theirs);
 * `slotAfter` tells a waiting caller when its turn would come. A 429 from Hostaway holds
 * everyone off until a moment.
 */

/** How much later than one window a spent slot comes back, as a share of the window (1 s of 10 s). */
export const ARRIVAL_GUARD_SHARE = 0.1;

export interface RateBudget {
	limit: number;
	windowMs: number;
	/**
	 * The general counter's only: the deployment's budget for Hostaway's per-IP counter, in the
	 * same window, which this counter's requests also count against and which the accounts
	 * sending at the same time share (address-ledger.ts). Absent or 0: not shared.
	 */
	ipLimit?: number;
}

/** How long a request counts against a budget of this window (the window and the arrival guard). */
export function countingMs(windowMs: number): number {
	return windowMs + Math.round(windowMs * ARRIVAL_GUARD_SHARE);
}

export class RateWindow {
	/** Start times of granted requests, ascending. */
	private slots: number[] = [];
	private holdUntil = 0;

	/** The earliest moment at or after `now` when one more request fits the budget. */
	nextSlot(now: number, budget: RateBudget): number {
		const comesBackAfter = countingMs(budget.windowMs);
		this.forgetBefore(now - comesBackAfter);
		let slot = Math.max(now, this.holdUntil);
		if (this.slots.length >= budget.limit) {
			const oldestThatCounts = this.slots[this.slots.length - budget.limit] as number;
			slot = Math.max(slot, oldestThatCounts + comesBackAfter);
		}
		return slot;
	}

	/** How many requests still count against a budget of this window at `now`. */
	sentWithin(now: number, windowMs: number): number {
		const cutoff = now - countingMs(windowMs);
		return this.slots.filter((at) => at > cutoff).length;
	}

	/**
	 * When a request would go that has `ahead` requests before it, if no one else came: the
	 * (ahead + 1)-th slot from `now`. The window itself is left unchanged.
	 */
	slotAfter(now: number, budget: RateBudget, ahead: number): number {
		const trial = new RateWindow();
		trial.slots = [...this.slots];
		trial.holdUntil = this.holdUntil;
		let slot = trial.nextSlot(now, budget);
		for (let index = 0; index < ahead; index++) {
			trial.reserve(slot);
			slot = trial.nextSlot(now, budget);
		}
		return slot;
	}

	/** Takes the slot at `at` (from nextSlot). */
	reserve(at: number): void {
		let index = this.slots.length;
		while (index > 0 && (this.slots[index - 1] as number) > at) index--;
		this.slots.splice(index, 0, at);
	}

	/** Nobody sends before `until` (a later, shorter hold-off does not shorten it). */
	holdOff(until: number): void {
		this.holdUntil = Math.max(this.holdUntil, until);
	}

	private forgetBefore(cutoff: number): void {
		let drop = 0;
		while (drop < this.slots.length && (this.slots[drop] as number) <= cutoff) drop++;
		if (drop > 0) this.slots.splice(0, drop);
	}
}
