/**
 * The queue in front of one of an account's rate counters: callers wait here for their turn
 * instead of being refused (ARCHITECTURE.md invariant 5). Turns are first come, first served by
 * tool call: reads are let go in the order of their deadlines, and a request's deadline is its
 * call's (the call's start plus the wait bound, OperationContext.deadline), so the second
 * request of a call that started earlier goes ahead of the first request of a later one. In a
 * burst of many calls that each need a few requests, the earliest calls are answered in full
 * instead of every call getting its first request through and none its last. One exception: a
 * write (or a token mint) goes ahead of the reads that are still waiting, never ahead of a
 * request already let go. A fan-out of a hundred reads therefore cannot keep a confirmed change
 * waiting for the whole fan-out; reads cannot starve behind writes in practice, since writes are
 * few (each one confirmed by a person).
 *
 * A caller says how long it may wait. If its turn, counted from the callers ahead of it, would
 * come later, it is refused at once with that time; if later writes push its turn past its
 * bound while it waits, it is refused then, with the time its turn would come.
 *
 * Slots are granted only at the moment they are used, so a 429's hold-off (RateWindow.holdOff)
 * simply delays every waiting caller, and a budget lowered meanwhile (adopted-limits.ts) applies
 * to the callers already waiting too: `effective` turns a caller's configured budget into the
 * one in force.
 *
 * The general counter's requests also count against the address the deployment sends from
 * (Hostaway's per-IP counter), shared with the other accounts: when a caller's budget names an
 * `ipLimit`, its turn needs a place there too (address-allowance.ts); while none is free the
 * queue asks for more and waits for the answer, its order unchanged. A caller's expected turn is
 * counted from the account's own budget only: what the address allows depends on the others.
 */
import type { SlotDecision, SlotRequest } from "../hostaway/ports";
import type { AddressBudget } from "./address-ledger";
import { type RateBudget, RateWindow } from "./rate-window";

/** The address's side of a turn (AddressAllowance). */
export interface AddressPlaces {
	take(now: number): boolean;
	request(wanted: number, sent: number, budget: AddressBudget, ready: () => void): void;
	/** When places may be free again after an answer that gave none (0: no such answer). */
	readonly freeAgainAt: number;
	/** A question is under way: the callers it holds up are not refused before its answer. */
	readonly questionInFlight: boolean;
}

interface Waiter {
	kind: SlotRequest["kind"];
	budget: RateBudget;
	enqueuedAt: number;
	deadline: number;
	settle(decision: SlotDecision): void;
}

export class SlotQueue {
	private readonly window = new RateWindow();
	private readonly writes: Waiter[] = [];
	private readonly reads: Waiter[] = [];
	private timer?: ReturnType<typeof setTimeout>;
	/** One function, so the address tells this queue once however often it asked meanwhile. */
	private readonly pumpAgain = () => this.pump();

	constructor(
		private readonly effective: (configured: RateBudget) => RateBudget = (configured) => configured,
		private readonly address?: AddressPlaces,
	) {}

	/** How many requests let go by this queue still count against a window of `windowMs`. */
	sentWithin(now: number, windowMs: number): number {
		return this.window.sentWithin(now, windowMs);
	}

	/** Waits for the caller's turn, at most `maxWaitMs`. */
	take(kind: SlotRequest["kind"], budget: RateBudget, maxWaitMs: number): Promise<SlotDecision> {
		const now = Date.now();
		const deadline = now + maxWaitMs;
		const turn = this.window.slotAfter(now, this.effective(budget), this.waitingAhead(kind, deadline));
		if (turn - now > maxWaitMs) return Promise.resolve({ granted: false, retryAfterMs: turn - now });
		return new Promise((settle) => {
			const waiter: Waiter = { kind, budget, enqueuedAt: now, deadline, settle };
			if (kind === "write") this.writes.push(waiter);
			else this.reads.splice(this.readsDueBy(deadline), 0, waiter);
			this.pump();
		});
	}

	/** Hostaway answered 429 on this counter: nobody is let go before `until`. */
	holdOff(until: number): void {
		this.window.holdOff(until);
		this.pump();
	}

	/** How many waiting callers go before a new caller of this kind with this deadline. */
	private waitingAhead(kind: SlotRequest["kind"], deadline: number): number {
		return kind === "write" ? this.writes.length : this.writes.length + this.readsDueBy(deadline);
	}

	/** How many waiting reads are due no later than `deadline` (they go first; equal deadlines keep their arrival order). */
	private readsDueBy(deadline: number): number {
		let count = 0;
		while (count < this.reads.length && (this.reads[count] as Waiter).deadline <= deadline) count++;
		return count;
	}

	/** Lets go every caller whose turn has come, refuses those past their bound, and sets the timer for the next event. */
	private pump(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		const now = Date.now();
		let waitingForAddress = false;
		for (;;) {
			const head = this.writes[0] ?? this.reads[0];
			if (!head) break;
			const budget = this.effective(head.budget);
			if (this.window.nextSlot(now, budget) > now) break;
			if (this.address && head.budget.ipLimit && !this.address.take(now)) {
				waitingForAddress = true;
				this.askAddress(now, budget, head.budget.ipLimit);
				break;
			}
			(head.kind === "write" ? this.writes : this.reads).shift();
			this.window.reserve(now);
			head.settle({ granted: true, waitedMs: now - head.enqueuedAt });
		}
		this.refuseOverdue(now);
		const head = this.writes[0] ?? this.reads[0];
		if (!head) return;
		const deadlines = [...this.writes, ...this.reads].map((waiter) => waiter.deadline);
		// Waiting for the address: its answer pumps again; only bounds still ahead need a timer
		// (those passed are refused when the answer is in, if it gave no place).
		const next = waitingForAddress
			? Math.min(...deadlines.filter((deadline) => deadline > now))
			: Math.min(this.window.nextSlot(now, this.effective(head.budget)), ...deadlines);
		if (Number.isFinite(next)) this.timer = setTimeout(() => this.pump(), Math.max(0, next - now));
	}

	/** Asks for as many places at the address as this account could send now (its own budget's free slots). */
	private askAddress(now: number, budget: RateBudget, ipLimit: number): void {
		const sent = this.window.sentWithin(now, budget.windowMs);
		const wanted = Math.min(this.writes.length + this.reads.length, Math.max(1, budget.limit - sent));
		this.address?.request(wanted, sent, { limit: ipLimit, windowMs: budget.windowMs }, this.pumpAgain);
	}

	/** Callers whose bound has passed (later writes went ahead of them) are told when their turn would have come. */
	private refuseOverdue(now: number): void {
		// A round trip to the DeploymentGate is not a wait for a turn: its answer says whether there is one.
		if (this.address?.questionInFlight) return;
		for (const queue of [this.writes, this.reads]) {
			for (let index = 0; index < queue.length;) {
				const waiter = queue[index] as Waiter;
				if (waiter.deadline > now) {
					index++;
					continue;
				}
				const ahead = queue === this.writes ? index : this.writes.length + index;
				const ownTurn = this.window.slotAfter(now, this.effective(waiter.budget), ahead);
				const turn = waiter.budget.ipLimit && this.address ? Math.max(ownTurn, this.address.freeAgainAt) : ownTurn;
				queue.splice(index, 1);
				waiter.settle({ granted: false, retryAfterMs: Math.max(1, turn - now) });
			}
		}
	}
}
