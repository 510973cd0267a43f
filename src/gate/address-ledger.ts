/**
 * The deployment's share of Hostaway's per-IP counter (hostaway-api.md §3: 200 requests per 10 s
 * per address, for every endpoint without a limit of its own, across all accounts). Each account's
 * TenantGate keeps the account's own budgets; this ledger, kept by the DeploymentGate, divides the
 * address's budget among the accounts that are sending at the same time.
 *
 * Two modes, so that the common case costs nothing:
 * - **alone**: while a single account is sending, it gets a lease (ALONE_LEASE_MS) to send on its
 *   own budget without asking again; a deployment serving one busy account at a time makes one
 *   call here a minute.
 * - **shared**: as soon as a second account asks, the lease is revoked (the holder reports how
 *   many requests it sent in the last window, which are counted here), and every account asks for
 *   credits, a batch at a time: a credit is one request, usable for CREDIT_VALID_MS, and counted
 *   against the address for a whole window (and the arrival guard) from then. An account gets at
 *   most what is free and at most its fair share of the window (the budget divided among the
 *   accounts that asked in the last CONTENDING_MS), so five accounts bursting together each get a
 *   fifth instead of the first one's burst costing everyone 429s. Once the others have gone quiet
 *   and their credits no longer count, the next account to ask is alone again.
 *
 * Pure bookkeeping (no I/O, no clock): the DeploymentGate stores the lease and does the calls.
 */
import { countingMs } from "./rate-window";

/** How long an account sending alone may go on without asking again (a new account revokes it at once). */
export const ALONE_LEASE_MS = 60_000;
/**
 * How long a credit may be used after it was given. Credits are asked for just before they are
 * used (as many as the account's own budget lets go at once), so this is short: it is counted on
 * top of the window, and a longer one would slow every account sharing the address.
 */
export const CREDIT_VALID_MS = 250;
/** An account that asked this recently is competing for the address (one waiting for credits asks every second). */
export const CONTENDING_MS = 2_000;
/** How often, at most, an account still waiting for credits asks again. */
export const ASK_AGAIN_MS = 1_000;

/** The address's budget: `limit` requests in any `windowMs`. */
export interface AddressBudget {
	limit: number;
	windowMs: number;
}

export interface AloneLease {
	gateId: string;
	until: number;
}

export type Allotment =
	| { mode: "alone"; until: number }
	/** `credits` requests may go until `validUntil`; with fewer than asked for, ask again at `askAgainAt`. */
	| { mode: "shared"; credits: number; validUntil: number; askAgainAt: number };

interface Grant {
	gateId: string;
	count: number;
	/** When these requests stop counting against the address. */
	countsUntil: number;
}

export class AddressLedger {
	private grants: Grant[] = [];
	private readonly askedAt = new Map<string, number>();

	constructor(public alone?: AloneLease) {}

	/**
	 * An account asks for `wanted` requests, having sent `sent` in the last window (by its own
	 * count). Returns "revoke" with the holder when another account's alone lease must end first
	 * (the caller revokes it, notes what the holder sent with `noteSent`, and asks again).
	 */
	ask(gateId: string, wanted: number, sent: number, budget: AddressBudget, now: number): Allotment | { revoke: AloneLease } {
		this.forget(now);
		this.askedAt.set(gateId, now);
		const holder = this.alone && this.alone.until > now ? this.alone : undefined;
		if (holder && holder.gateId !== gateId) return { revoke: holder };

		this.noteSent(gateId, sent, budget, now);
		if (!this.othersBusy(gateId, now)) {
			this.alone = { gateId, until: now + ALONE_LEASE_MS };
			return { mode: "alone", until: this.alone.until };
		}
		if (holder) this.alone = undefined;

		const contenders = [...this.askedAt.values()].filter((at) => now - at < CONTENDING_MS).length;
		const fairShare = Math.ceil(budget.limit / Math.max(1, contenders));
		const free = budget.limit - this.grants.reduce((sum, grant) => sum + grant.count, 0);
		const credits = Math.max(0, Math.min(wanted, free, fairShare - this.recorded(gateId)));
		if (credits > 0) this.grants.push({ gateId, count: credits, countsUntil: now + CREDIT_VALID_MS + countingMs(budget.windowMs) });
		const nextFree = Math.min(...this.grants.map((grant) => grant.countsUntil));
		return {
			mode: "shared",
			credits,
			validUntil: now + CREDIT_VALID_MS,
			askAgainAt: Math.min(now + ASK_AGAIN_MS, Number.isFinite(nextFree) ? nextFree : now + ASK_AGAIN_MS),
		};
	}

	/**
	 * An account says it sent `sent` requests in the last window (by its own count): those the
	 * ledger does not know of (sent while alone) count against the address from `now`. Said twice
	 * (the account asks while its lease is being revoked), they still count once.
	 */
	noteSent(gateId: string, sent: number, budget: AddressBudget, now: number): void {
		const unknown = sent - this.recorded(gateId);
		if (unknown > 0) this.grants.push({ gateId, count: unknown, countsUntil: now + countingMs(budget.windowMs) });
	}

	/** The alone lease ended (revoked, or its holder cannot be reached). */
	endAlone(gateId: string): void {
		if (this.alone?.gateId === gateId) this.alone = undefined;
	}

	/** Requests of this account that still count against the address. */
	private recorded(gateId: string): number {
		return this.grants.reduce((sum, grant) => (grant.gateId === gateId ? sum + grant.count : sum), 0);
	}

	/** Another account asked recently or has requests still counting. */
	private othersBusy(gateId: string, now: number): boolean {
		for (const [other, at] of this.askedAt) if (other !== gateId && now - at < CONTENDING_MS) return true;
		return this.grants.some((grant) => grant.gateId !== gateId);
	}

	private forget(now: number): void {
		this.grants = this.grants.filter((grant) => grant.countsUntil > now);
		for (const [gateId, at] of this.askedAt) if (now - at >= CONTENDING_MS) this.askedAt.delete(gateId);
	}
}
