/**
 * What the Hostaway client needs from outside, as small interfaces. src/gate implements them
 * with the TenantGate Durable Object and KV; tests may implement them in memory. None of them
 * knows which tenant it serves: the implementation is already bound to one Hostaway account.
 */
import type { RateLimitApplied } from "./rate-limit-answer";
import type { RateCounter } from "./rate-counters";

export interface Clock {
	/** Milliseconds since the epoch. */
	now(): number;
	sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

export type SlotDecision = { granted: true; waitedMs: number } | { granted: false; retryAfterMs: number };

/**
 * What a request asks the gate for: a slot on its Hostaway counter (rate-counters.ts). A write
 * (or a token mint, which every other request waits for) goes ahead of reads still waiting, so
 * a change the user confirmed is not stuck behind a long fan-out of reads.
 */
export interface SlotRequest {
	counter: RateCounter;
	kind: "read" | "write";
}

/** The account's share of Hostaway's rate limits: every upstream request takes one slot on its counter. */
export interface RateGate {
	/**
	 * Waits its turn (first come, first served, writes ahead of waiting reads) at most
	 * `maxWaitMs`; refuses (with when to retry) if its turn would come later.
	 */
	acquireSlot(request: SlotRequest, maxWaitMs: number): Promise<SlotDecision>;
	/**
	 * Hostaway answered 429: no caller of this account sends anything for `ms`. `signal` is what
	 * the 429 said about the limit reached, when it said it (for a gate that adapts its budget).
	 */
	holdOff(ms: number, signal?: RateLimitSignal): Promise<void>;
	/**
	 * A cacheable read's one round trip to the gate: when `cachedGeneration` (that of the entry
	 * found in the cache) is the account's current cache generation, the entry may be served and
	 * no slot is taken ("hit"); otherwise the request waits for a slot as acquireSlot does, and
	 * learns the generation to store its response under, read before its turn came.
	 */
	readThrough(request: SlotRequest, maxWaitMs: number, cachedGeneration?: number): Promise<ReadThroughDecision>;
}

/** The gate's answer to a cacheable read: serve the cached entry, or a slot (or not) and the generation to store under. */
export type ReadThroughDecision = { hit: true } | { hit: false; slot: SlotDecision; generation: number };

/**
 * Told when a request starts and stops waiting for its turn on the account's rate budget (behind
 * other requests, or until a 429's hold-off has passed), so the caller can say why a call takes
 * long. Most turns come at once: what to make of a wait is the observer's business.
 */
export interface RateWaitObserver {
	waitStarted(): void;
	/** Called once for every waitStarted, also when the turn was refused. */
	waitEnded(): void;
}

/** A 429's `X-RateLimit-Limit` and `X-RateLimit-Applied`, read, and the counter of the request it refused. */
export interface RateLimitSignal {
	limit?: number;
	applied?: RateLimitApplied;
	counter?: RateCounter;
}

/**
 * The account's cache generation, stored with every cached response: only an entry of the
 * current generation is served (RateGate.readThrough), so bumping it makes every cached
 * response unreachable.
 */
export interface CacheGenerations {
	bump(): Promise<number>;
}

/** A usable Hostaway access token and the times that govern its use. */
export interface StoredToken {
	accessToken: string;
	/** Not before this moment (ms): Hostaway refuses a token during its first second. */
	notBefore: number;
	/** Not after this moment (ms): set well before Hostaway's own expiry. */
	usableUntil: number;
	/** Identifies this token among the account's tokens without revealing it. */
	version: string;
}

/** The account's token at rest (encrypted by the implementation). */
export interface TokenStore {
	get(): Promise<StoredToken | undefined>;
	put(token: StoredToken): Promise<void>;
	delete(): Promise<void>;
}

/** Why a token mint failed, as passed to the callers that waited for it. */
export interface MintFailure {
	kind: "authentication" | "rate_limited" | "unavailable";
	message: string;
	retryAfterSeconds?: number;
}

export type TokenClaim =
	{ kind: "token"; token: StoredToken } | { kind: "mint"; mintId: string } | { kind: "failed"; failure: MintFailure };

/**
 * Single-flight token minting for one account. `claim` either hands over the account's
 * current token (waiting for a mint in progress if there is one), or makes the caller the one
 * minter, who must then call `finish` exactly once.
 */
export interface TokenMintCoordinator {
	/** `rejectedVersion`: the token Hostaway just refused; it is never handed out again. */
	claim(rejectedVersion?: string): Promise<TokenClaim>;
	finish(mintId: string, outcome: { ok: true; token: StoredToken } | { ok: false; failure: MintFailure }): Promise<void>;
}

/** A cached response body (JSON text) and the cache generation it was stored under. */
export interface CachedResponse {
	body: string;
	generation: number;
	/** When the entry expires (ms since the epoch), where the cache knows it. */
	expiresAt?: number;
}

/** Response bodies by request key, one entry per key; the implementation scopes them to the tenant. */
export interface ResponseCache {
	get(key: string): Promise<CachedResponse | undefined>;
	put(key: string, response: CachedResponse, ttlSeconds: number): Promise<void>;
}
