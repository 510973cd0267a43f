/**
 * TenantGate: one Durable Object per Hostaway account, through which every call for that
 * account passes (ARCHITECTURE.md invariant 5). It holds
 * - the rate budget, one per Hostaway counter (rate-counters.ts, slot-queue.ts): callers wait
 *   here for their turn, at most as long as they say; a 429 holds every caller of the counter
 *   (of every counter, unless Hostaway names its endpoint's own limit) off at once;
 * - single-flight token minting: one caller mints, the others wait for its token;
 * - the cache generation that is part of every cached response's key.
 *
 * It never calls Hostaway and never sees a token in clear: tokens arrive sealed (crypto.ts).
 * Only the cache generation is stored; the rest lives in memory, where it is only needed for
 * seconds. An alarm deletes the stored state once the account has been idle for an hour, so
 * idle accounts cost nothing; the generation restarts from the clock, above any old one.
 */
import { DurableObject } from "cloudflare:workers";
import type { MintFailure, RateLimitSignal, SlotDecision, SlotRequest } from "../hostaway/ports";
import { isRateCounter, RATE_COUNTERS, type RateCounter } from "../hostaway/rate-counters";
import type { RateBudget } from "./rate-window";
import { SlotQueue } from "./slot-queue";

/** A token as the gate and KV keep it: times and version in clear, the token itself sealed. */
export interface SealedToken {
	version: string;
	notBefore: number;
	usableUntil: number;
	sealed: string;
}

export type SealedMintOutcome = { ok: true; token: SealedToken } | { ok: false; failure: MintFailure };

export type SealedTokenClaim =
	{ kind: "token"; token: SealedToken } | { kind: "mint"; mintId: string } | { kind: "failed"; failure: MintFailure };

/** Longer than the account has been idle → stored state is deleted. Longer than any cache TTL. */
export const GATE_IDLE_MS = 60 * 60 * 1000;

/**
 * How long the other callers wait for a minter before giving up on it: more than one
 * request's whole retry budget (12 s) plus the longest wait for a slot (HOSTAWAY_RATE_MAX_WAIT_MS,
 * at most 30 s) plus a timeout.
 */
export const MINT_LEASE_MS = 50_000;

const GENERATION_KEY = "cacheGeneration";

interface MintInProgress {
	mintId: string;
	leaseEndsAt: number;
	done: Promise<SealedMintOutcome>;
	settle(outcome: SealedMintOutcome): void;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

export class TenantGate extends DurableObject<Env> {
	private readonly queues = Object.fromEntries(RATE_COUNTERS.map((counter) => [counter, new SlotQueue()])) as Record<
		RateCounter,
		SlotQueue
	>;
	private generation?: number;
	private token?: SealedToken;
	private mint?: MintInProgress;
	private lastActivity = 0;
	private alarmScheduled = false;

	// ---- rate budget ----------------------------------------------------------------------

	/**
	 * Waits for the request's turn on its counter's `budget`, at most `maxWaitMs`; refuses at
	 * once (with when to retry) if the turn would come later.
	 */
	async acquireSlot(request: SlotRequest, budget: RateBudget, maxWaitMs: number): Promise<SlotDecision> {
		if (!isRateCounter(request.counter)) throw new Error(`Unknown rate counter: ${String(request.counter)}`);
		await this.touch();
		return this.queues[request.counter].take(request.kind === "write" ? "write" : "read", budget, maxWaitMs);
	}

	/**
	 * Hostaway answered 429: nobody sends for `ms` on the counter the refused request used when
	 * Hostaway names that endpoint's own limit (`applied: "endpoint"`), on every counter of the
	 * account otherwise (the general limits, or a 429 that does not say: the safe reading; on
	 * accounts with the older limits, every endpoint counts against the general counter).
	 */
	async holdOff(ms: number, signal: RateLimitSignal = {}): Promise<void> {
		await this.touch();
		const now = Date.now();
		const until = now + Math.max(0, ms);
		const counters = signal.applied === "endpoint" && isRateCounter(signal.counter) ? [signal.counter] : RATE_COUNTERS;
		for (const counter of counters) this.queues[counter].holdOff(until);
	}

	// ---- cache generation -----------------------------------------------------------------

	async cacheGeneration(): Promise<number> {
		await this.touch();
		if (this.generation === undefined) {
			const stored = await this.ctx.storage.get<number>(GENERATION_KEY);
			// A fresh (or cleared) gate starts from the clock, above any generation used before.
			this.generation = stored ?? Date.now();
			if (stored === undefined) await this.ctx.storage.put(GENERATION_KEY, this.generation);
		}
		return this.generation;
	}

	/** Makes every response cached so far unreachable (after a write or a webhook). */
	async bumpCacheGeneration(): Promise<number> {
		const next = Math.max((await this.cacheGeneration()) + 1, Date.now());
		this.generation = next;
		await this.ctx.storage.put(GENERATION_KEY, next);
		return next;
	}

	// ---- single-flight token mint ---------------------------------------------------------

	/**
	 * The account's current token, or the right to mint one (exactly one caller at a time gets
	 * it; the others wait for its outcome). `rejectedVersion` is never handed out again.
	 */
	async claimToken(rejectedVersion?: string): Promise<SealedTokenClaim> {
		await this.touch();
		for (;;) {
			const now = Date.now();
			if (this.mint) {
				const mint = this.mint;
				if (now >= mint.leaseEndsAt) {
					mint.settle({ ok: false, failure: { kind: "unavailable", message: "Obtaining a Hostaway access token took too long." } });
					this.mint = undefined;
					continue;
				}
				const outcome = await Promise.race([mint.done, sleep(mint.leaseEndsAt - now).then(() => undefined)]);
				if (outcome === undefined) continue;
				if (!outcome.ok) return { kind: "failed", failure: outcome.failure };
				if (outcome.token.version !== rejectedVersion) return { kind: "token", token: outcome.token };
				continue;
			}
			if (this.token && this.token.version !== rejectedVersion && this.token.usableUntil > now) {
				return { kind: "token", token: this.token };
			}
			this.token = undefined;
			let settle: (outcome: SealedMintOutcome) => void = () => undefined;
			const done = new Promise<SealedMintOutcome>((resolve) => {
				settle = resolve;
			});
			const mintId = crypto.randomUUID();
			this.mint = { mintId, leaseEndsAt: now + MINT_LEASE_MS, done, settle };
			return { kind: "mint", mintId };
		}
	}

	/** The minter reports its outcome; every waiting caller gets it. */
	async finishTokenMint(mintId: string, outcome: SealedMintOutcome): Promise<void> {
		await this.touch();
		if (outcome.ok) this.token = outcome.token;
		if (this.mint?.mintId === mintId) {
			this.mint.settle(outcome);
			this.mint = undefined;
		}
	}

	// ---- idle cleanup ---------------------------------------------------------------------

	override async alarm(): Promise<void> {
		this.alarmScheduled = false;
		const idleFor = Date.now() - this.lastActivity;
		if (this.lastActivity > 0 && idleFor < GATE_IDLE_MS) {
			await this.ctx.storage.setAlarm(this.lastActivity + GATE_IDLE_MS);
			this.alarmScheduled = true;
			return;
		}
		await this.ctx.storage.deleteAll();
		this.generation = undefined;
		this.token = undefined;
	}

	private async touch(): Promise<void> {
		this.lastActivity = Date.now();
		if (!this.alarmScheduled) {
			this.alarmScheduled = true;
			if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(this.lastActivity + GATE_IDLE_MS);
		}
	}
}
