/**
 * Limits an account has been seen to meet that are lower than its configured budgets. Hostaway
 * says some accounts may still be on older or lower limits, and a client should read a 429's
 * `X-RateLimit-Limit` and adapt rather than assume (hostaway-api.md §3). A reported limit is
 * adopted, minus a little slack, for a day from the last 429 that reported it; the configured
 * budget still applies when it is lower. Kept in the TenantGate's storage with its expiry, so a
 * gate that was evicted (or restarted by a deploy) still remembers.
 */
import type { RateLimitSignal } from "../hostaway/ports";
import type { RateCounter } from "../hostaway/rate-counters";
import type { RateBudget } from "./rate-window";

/** How long an adopted limit is kept after the last 429 that reported it. */
export const ADOPTION_MS = 24 * 60 * 60 * 1000;

const STORAGE_KEY = "adoptedLimits";

interface Adopted {
	limit: number;
	until: number;
}

type AdoptedByCounter = Partial<Record<RateCounter, Adopted>>;

/** A reported limit with slack, as the defaults keep it under the documented ones: 5 %, at least one request (20 → 19, 15 → 14). */
export function withSlack(limit: number): number {
	return Math.max(1, limit - Math.max(1, Math.ceil(limit * 0.05)));
}

/**
 * Which of the account's counters a 429's limit is about: the refused endpoint's own counter
 * when Hostaway names it; the general counter for the account's limit, and for the IP's too (no
 * single account can send more than its address may). A 429 that does not say is not adopted.
 */
export function countersReportedBy(signal: RateLimitSignal): RateCounter[] {
	if (signal.limit === undefined) return [];
	if (signal.applied === "endpoint") return signal.counter ? [signal.counter] : [];
	if (signal.applied === "account" || signal.applied === "ip") return ["general"];
	return [];
}

export class AdoptedLimits {
	private byCounter?: AdoptedByCounter;

	constructor(private readonly storage: DurableObjectStorage) {}

	/** Reads what was stored (once per gate instance). */
	async load(): Promise<void> {
		this.byCounter ??= (await this.storage.get<AdoptedByCounter>(STORAGE_KEY)) ?? {};
	}

	/** The budget to use on `counter`: the configured one, or the adopted limit while it is lower and not expired. */
	budgetFor(counter: RateCounter, configured: RateBudget, now: number): RateBudget {
		const adopted = this.byCounter?.[counter];
		if (!adopted || adopted.until <= now || adopted.limit >= configured.limit) return configured;
		return { ...configured, limit: adopted.limit };
	}

	/** Adopts what a 429 reported, for a day (budgetFor still uses a configured budget that is lower). */
	async adopt(signal: RateLimitSignal, now: number): Promise<void> {
		await this.load();
		const byCounter = this.byCounter as AdoptedByCounter;
		const counters = countersReportedBy(signal);
		if (signal.limit === undefined || counters.length === 0) return;
		const limit = withSlack(signal.limit);
		for (const counter of counters) {
			const current = byCounter[counter];
			// A lower limit replaces a higher one at once; the same limit reported again keeps it for another day.
			if (current && current.until > now && current.limit < limit) continue;
			byCounter[counter] = { limit, until: now + ADOPTION_MS };
		}
		await this.storage.put(STORAGE_KEY, byCounter);
	}

	/** The adoptions still in force at `now`, to keep when the gate's other state is cleared. */
	live(now: number): AdoptedByCounter {
		const live: AdoptedByCounter = {};
		for (const [counter, adopted] of Object.entries(this.byCounter ?? {}) as Array<[RateCounter, Adopted]>) {
			if (adopted.until > now) live[counter] = adopted;
		}
		return live;
	}

	/** Puts back `live` after the storage was cleared. */
	async restore(live: AdoptedByCounter): Promise<void> {
		this.byCounter = live;
		if (Object.keys(live).length > 0) await this.storage.put(STORAGE_KEY, live);
	}
}
