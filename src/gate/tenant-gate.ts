/**
 * TenantGate: one Durable Object per Hostaway account, through which every call for that
 * account passes (ARCHITECTURE.md invariant 5). It holds
 * - the rate budget, one per Hostaway counter (rate-counters.ts, slot-queue.ts): callers wait
 *   here for their turn, at most as long as they say; a 429 holds every caller of the counter
 *   (of every counter, unless Hostaway names its endpoint's own limit) off at once;
 * - single-flight token minting: one caller mints, the others wait for its token;
 * - the cache generation stored with every cached response: only an entry of the current one is
 *   served, and a cacheable read learns that and gets its slot in one round trip (readThrough).
 *
 * A 429 that reports a limit lower than a counter's budget lowers that budget for a day
 * (adopted-limits.ts); one about the deployment's IP is passed to the DeploymentGate, which
 * holds every tenant off (deployment-gate.ts). The general counter's requests also take a place
 * in the budget of the deployment's address, shared with the accounts sending at the same time
 * (address-allowance.ts).
 *
 * It never calls Hostaway and never sees a token in clear: tokens arrive sealed (crypto.ts).
 * Only the cache generation and adopted limits are stored; the rest lives in memory, where it
 * is only needed for seconds. An alarm deletes the stored state once the account has been idle
 * for an hour, so idle accounts cost nothing (adopted limits still in force are kept); the
 * generation restarts from the clock, above any old one.
 */
import { DurableObject } from "cloudflare:workers";
import type { MintFailure, RateLimitSignal, ReadThroughDecision, SlotDecision, SlotRequest } from "../hostaway/ports";
import { isRateCounter, RATE_COUNTERS, type RateCounter } from "../hostaway/rate-counters";
import { AdoptedLimits } from "./adopted-limits";
import { AddressAllowance } from "./address-allowance";
import { deploymentGate, REGISTRATION_INTERVAL_MS } from "./deployment-gate";
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

/** An account alone never sends more than the whole address may (its own budget may be set higher). */
function withinAddress(budget: RateBudget): RateBudget {
	return budget.ipLimit ? { ...budget, limit: Math.min(budget.limit, budget.ipLimit) } : budget;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

export class TenantGate extends DurableObject<Env> {
	private readonly adopted = new AdoptedLimits(this.ctx.storage);
	/** This account's places in the budget of the address the deployment sends from (general counter only). */
	private readonly address = new AddressAllowance(() => deploymentGate(this.env), this.ctx.id.toString());
	private readonly queues = Object.fromEntries(
		RATE_COUNTERS.map((counter) => [
			counter,
			new SlotQueue(
				(configured) => this.adopted.budgetFor(counter, withinAddress(configured), Date.now()),
				counter === "general" ? this.address : undefined,
			),
		]),
	) as Record<RateCounter, SlotQueue>;
	/** The general counter's window, as its callers last gave it (to count what was sent in it). */
	private generalWindowMs = 0;
	/** When this gate last registered with the DeploymentGate (0: not yet), and a registration under way. */
	private registeredAt = 0;
	private registering?: Promise<void>;
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
		if (request.counter === "general") this.generalWindowMs = budget.windowMs;
		await this.touch();
		await this.adopted.load();
		await this.joinDeployment();
		return this.queues[request.counter].take(request.kind === "write" ? "write" : "read", budget, maxWaitMs);
	}

	/**
	 * Hostaway answered 429: nobody sends for `ms` on the counter the refused request used when
	 * Hostaway names that endpoint's own limit (`applied: "endpoint"`), on every counter of the
	 * account otherwise (the general limits, or a 429 that does not say: the safe reading; on
	 * accounts with the older limits, every endpoint counts against the general counter).
	 * A limit it reports lower than a budget is adopted; an IP's hold-off goes to every tenant.
	 */
	async holdOff(ms: number, signal: RateLimitSignal = {}): Promise<void> {
		await this.touch();
		const now = Date.now();
		const until = now + Math.max(0, ms);
		const counters = signal.applied === "endpoint" && isRateCounter(signal.counter) ? [signal.counter] : RATE_COUNTERS;
		for (const counter of counters) this.queues[counter].holdOff(until);
		await this.adopted.adopt(signal, now);
		if (signal.applied === "ip") {
			try {
				await deploymentGate(this.env).holdOffIp(until, this.ctx.id.toString(), signal.limit);
			} catch (error) {
				// This account is held off already; the others meet the IP's 429 themselves.
				console.warn("deployment hold-off not passed on", error instanceof Error ? error.name : "unknown error");
			}
		}
	}

	/** The DeploymentGate passes on a hold-off for the deployment's IP: nobody on this account sends before `until`. */
	async holdOffForDeployment(until: number): Promise<void> {
		for (const counter of RATE_COUNTERS) this.queues[counter].holdOff(until);
	}

	/**
	 * The DeploymentGate: another account started sending, so this one stops sending alone (the
	 * lease ending at `leaseUntil`) and asks for its places at the address from now on. The answer is how many requests this
	 * account sent in the last window, which count against the address.
	 */
	async shareAddress(leaseUntil: number): Promise<number> {
		this.address.revoke(leaseUntil);
		return this.generalWindowMs > 0 ? this.queues.general.sentWithin(Date.now(), this.generalWindowMs) : 0;
	}

	/**
	 * Registers with the DeploymentGate when the gate starts (waiting for the answer, which names
	 * a hold-off in force) and again every few minutes while in use (without waiting). Best
	 * effort: a gate that cannot reach it goes on with its own budgets.
	 */
	private async joinDeployment(): Promise<void> {
		if (this.registering === undefined && Date.now() - this.registeredAt >= REGISTRATION_INTERVAL_MS) {
			this.registering = deploymentGate(this.env)
				.register(this.ctx.id.toString())
				.then(
					(holdUntil) => this.holdOffForDeployment(holdUntil),
					(error: unknown) => console.warn("deployment gate registration failed", error instanceof Error ? error.name : "unknown error"),
				)
				.finally(() => {
					this.registeredAt = Date.now();
					this.registering = undefined;
				});
		}
		if (this.registeredAt === 0) await this.registering;
	}

	// ---- cache generation -----------------------------------------------------------------

	/**
	 * A cacheable read: "hit" when the entry it found (`cachedGeneration`) is of the current
	 * generation, without taking a slot; otherwise its turn as acquireSlot gives it, and the
	 * generation read before the turn came, to store the response under (a write that bumps the
	 * generation meanwhile leaves that response unreachable).
	 */
	async readThrough(request: SlotRequest, budget: RateBudget, maxWaitMs: number, cachedGeneration?: number): Promise<ReadThroughDecision> {
		const generation = await this.cacheGeneration();
		if (cachedGeneration !== undefined && cachedGeneration === generation) return { hit: true };
		return { hit: false, slot: await this.acquireSlot(request, budget, maxWaitMs), generation };
	}

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
		await this.adopted.load();
		const adopted = this.adopted.live(Date.now());
		await this.ctx.storage.deleteAll();
		await this.adopted.restore(adopted);
		this.generation = undefined;
		this.token = undefined;
		// Adopted limits are kept until they expire; then this alarm clears them too.
		const keptUntil = Math.max(0, ...Object.values(adopted).map((kept) => kept.until));
		if (keptUntil > 0) await this.ctx.storage.setAlarm(keptUntil);
	}

	private async touch(): Promise<void> {
		this.lastActivity = Date.now();
		if (!this.alarmScheduled) {
			this.alarmScheduled = true;
			// An alarm set further out (when kept adopted limits expire) would leave idle state too long.
			const alarm = await this.ctx.storage.getAlarm();
			if (alarm === null || alarm > this.lastActivity + GATE_IDLE_MS) await this.ctx.storage.setAlarm(this.lastActivity + GATE_IDLE_MS);
		}
	}
}
