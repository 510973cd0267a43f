/**
 * An account's side of the deployment's per-IP budget (address-ledger.ts): whether a request of
 * the general counter may go to the address now. The TenantGate's general queue asks it after the
 * account's own budget has a slot (slot-queue.ts); when it says no, the queue asks the
 * DeploymentGate for more and looks again when the answer is in.
 *
 * Best effort: when the DeploymentGate cannot be reached, the account goes on alone (on its own
 * budgets) for a short while; a 429 on the address then holds every tenant off as before.
 */
import type { AddressBudget, Allotment } from "./address-ledger";

/** How long an account goes on alone after the DeploymentGate could not be reached. */
const UNREACHABLE_ALONE_MS = 10_000;

/** The DeploymentGate's side of it, as this class calls it (an RPC stub in the TenantGate). */
export interface AddressAllotter {
	allot(gateId: string, wanted: number, sent: number, budget: AddressBudget): Promise<Allotment>;
}

export class AddressAllowance {
	private state: { mode: "none" } | { mode: "alone"; until: number } | { mode: "shared"; credits: number; validUntil: number } = {
		mode: "none",
	};
	/** When to ask again after an answer that gave no credits. */
	private nextAsk = 0;
	/** The latest alone lease the DeploymentGate revoked (its `until`): a grant of it arriving late is not adopted. */
	private revokedUntil = 0;
	private asking = false;
	/** Who to tell when the answer is in (a queue asking again before then is told once). */
	private readonly whenAnswered = new Set<() => void>();
	private askAgain?: ReturnType<typeof setTimeout>;

	constructor(
		private readonly allotter: () => AddressAllotter,
		private readonly gateId: string,
	) {}

	/** Takes one request's place at the address if it has one now. */
	take(now: number): boolean {
		if (this.state.mode === "alone") return now < this.state.until;
		if (this.state.mode === "shared" && this.state.credits > 0 && now < this.state.validUntil) {
			this.state.credits--;
			return true;
		}
		return false;
	}

	/**
	 * Asks the deployment for `wanted` places (the account sent `sent` requests in the last
	 * window); `ready` runs when it is worth looking again: when the answer is in, or, when
	 * none was given, when some may be free. One question at a time; later callers wait for it.
	 */
	request(wanted: number, sent: number, budget: AddressBudget, ready: () => void): void {
		this.whenAnswered.add(ready);
		if (this.asking || this.askAgain !== undefined) return;
		this.asking = true;
		this.allotter()
			.allot(this.gateId, Math.max(1, wanted), sent, budget)
			.then(
				(allotment) => this.adopt(allotment),
				(error: unknown) => {
					console.warn("deployment gate not reached for the address's budget", error instanceof Error ? error.name : "unknown error");
					this.state = { mode: "alone", until: Date.now() + UNREACHABLE_ALONE_MS };
				},
			)
			.finally(() => {
				this.asking = false;
				// No places now: the next question waits until some may be free (callers asking
				// meanwhile are told then); those waiting now hear the answer at once, so a caller
				// past its bound is refused with the time places may be free.
				const lookAgainAt = this.freeAgainAt;
				if (lookAgainAt > Date.now()) {
					this.askAgain = setTimeout(() => {
						this.askAgain = undefined;
						this.answered();
					}, lookAgainAt - Date.now());
				}
				this.answered();
			});
	}

	/** A question is under way (its answer is not in yet). */
	get questionInFlight(): boolean {
		return this.asking;
	}

	/** When places may be free again, after an answer that gave none (0: the last answer gave some). */
	get freeAgainAt(): number {
		return this.state.mode === "shared" && this.state.credits === 0 ? this.nextAsk : 0;
	}

	/**
	 * Another account started sending: this one asks for credits from now on. `leaseUntil` names
	 * the lease revoked: its grant may still be on its way here (the revocation can overtake the
	 * answer that carried it), and must not be adopted when it arrives.
	 */
	revoke(leaseUntil: number): void {
		this.state = { mode: "none" };
		this.revokedUntil = Math.max(this.revokedUntil, leaseUntil);
	}

	private adopt(allotment: Allotment): void {
		if (allotment.mode === "alone") {
			this.state = allotment.until > this.revokedUntil ? { mode: "alone", until: allotment.until } : { mode: "none" };
			return;
		}
		this.state = { mode: "shared", credits: allotment.credits, validUntil: allotment.validUntil };
		this.nextAsk = allotment.askAgainAt;
	}

	private answered(): void {
		const waiting = [...this.whenAnswered];
		this.whenAnswered.clear();
		for (const ready of waiting) ready();
	}
}
