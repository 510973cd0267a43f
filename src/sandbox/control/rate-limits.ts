/**
 * Hostaway's rate limits as the sandbox enforces them, in two profiles.
 *
 * `documented` (the default): the limits Hostaway published on 2026-08-20 (hostaway-api.md §3).
 * Sliding windows; per account id, sending a message 30 per minute, price quotes 400 per 10 s,
 * creating a reservation 200 per 10 s; every other call 200 per 10 s per account and 200 per
 * 10 s per IP address. Choices where the text leaves room:
 * - An endpoint with its own limit counts only against that limit, neither the account's general
 *   counter nor the IP counter. The docs say "an endpoint that has its own limit does not use the
 *   general limit", and the IP row of their table covers "all other endpoints"; a 400-per-10-s
 *   price-quote limit under a 200-per-10-s IP counter could never be reached from one address.
 * - A refused call is not counted. `X-RateLimit-Retry-After` tells a client when it may send
 *   again; counting the refusals would move that time further away with every early retry.
 *
 * `legacy`: the limits the docs stated from 2023-11-07 until the correction, 15 per 10 s per IP
 * and 20 per 10 s per account for every endpoint. Some accounts may still meet them, and a
 * client is expected to adapt to what a 429 reports; tests of that adaptation switch here. Its
 * 429 carries the same `X-RateLimit-*` headers and also a standard `Retry-After` in seconds, as
 * the older sandbox's 429s were read by clients that knew only that header.
 */
import { rateLimited, type ApiReply } from "../wire/replies";

export const RATE_LIMIT_PROFILES = ["documented", "legacy"] as const;
export type RateLimitProfile = (typeof RATE_LIMIT_PROFILES)[number];

/** Which limit refused a call, as `X-RateLimit-Applied` names it. */
export type RateLimitApplied = "endpoint" | "account" | "ip";

export interface CounterLimit {
	limit: number;
	windowMs: number;
}

/** The documented per-account limits of endpoints that have their own counter, by route key. */
export const ENDPOINT_LIMITS: Readonly<Record<string, CounterLimit>> = {
	"POST /conversations/{conversationId}/messages": { limit: 30, windowMs: 60_000 },
	"POST /listings/{listingId}/calendar/priceDetails": { limit: 400, windowMs: 10_000 },
	"POST /reservations": { limit: 200, windowMs: 10_000 },
};

/** The general counters of each profile: every call without a counter of its own, per account and per IP. */
export const GENERAL_LIMITS: Readonly<Record<RateLimitProfile, { account: CounterLimit; ip: CounterLimit }>> = {
	documented: { account: { limit: 200, windowMs: 10_000 }, ip: { limit: 200, windowMs: 10_000 } },
	legacy: { account: { limit: 20, windowMs: 10_000 }, ip: { limit: 15, windowMs: 10_000 } },
};

/** What the limiter needs to know about a call. */
export interface RateLimitedCall {
	ip: string;
	/** null when the call names no sandbox account: it counts against its IP only. */
	accountId: string | null;
	/** `POST /reservations` style (method and path template below `/v1`). */
	routeKey: string;
}

export interface RateLimitRefusal {
	applied: RateLimitApplied;
	limit: number;
	windowMs: number;
	/** Calls left in the window of the limit reached: always 0, since a refused call is not counted. */
	remaining: number;
	/** When the counter has room again (ms since epoch). */
	retryAtMs: number;
	/** For the message: which calls the limit covers. */
	scope: string;
}

interface Counter extends CounterLimit {
	key: string;
	applied: RateLimitApplied;
	scope: string;
}

function countersFor(call: RateLimitedCall, profile: RateLimitProfile): Counter[] {
	const own = profile === "documented" ? ENDPOINT_LIMITS[call.routeKey] : undefined;
	if (own && call.accountId !== null) {
		return [{ ...own, key: `endpoint:${call.routeKey}:${call.accountId}`, applied: "endpoint", scope: `per account for ${call.routeKey}` }];
	}
	const general = GENERAL_LIMITS[profile];
	const counters: Counter[] = [{ ...general.ip, key: `ip:${call.ip}`, applied: "ip", scope: "per IP address" }];
	if (call.accountId !== null)
		counters.unshift({ ...general.account, key: `account:${call.accountId}`, applied: "account", scope: "per account" });
	return counters;
}

/** Sliding windows: each counter keeps the times of the calls it admitted during its last window. */
export class RateLimiter {
	private readonly windows = new Map<string, number[]>();

	/** Admits the call and counts it against each of its counters, or says which full counter refuses it. */
	take(call: RateLimitedCall, profile: RateLimitProfile, nowMs: number): RateLimitRefusal | null {
		const counters = countersFor(call, profile).map((counter) => ({ counter, times: this.window(counter, nowMs) }));
		let refusal: RateLimitRefusal | null = null;
		for (const { counter, times } of counters) {
			if (times.length < counter.limit) continue;
			// Room again once enough of the oldest calls have left the window for one more to fit.
			const retryAtMs = (times[times.length - counter.limit] as number) + counter.windowMs;
			// With several counters full, the latest time is the one after which every counter admits.
			if (refusal && refusal.retryAtMs >= retryAtMs) continue;
			const { applied, limit, windowMs, scope } = counter;
			refusal = { applied, limit, windowMs, remaining: Math.max(0, limit - times.length), retryAtMs, scope };
		}
		if (refusal) return refusal;
		for (const { times } of counters) times.push(nowMs);
		return null;
	}

	clear(): void {
		this.windows.clear();
	}

	private window(counter: Counter, nowMs: number): number[] {
		const recent = (this.windows.get(counter.key) ?? []).filter((at) => at > nowMs - counter.windowMs);
		this.windows.set(counter.key, recent);
		return recent;
	}
}

function windowText(windowMs: number): string {
	if (windowMs === 60_000) return "minute";
	return windowMs % 1000 === 0 ? `${windowMs / 1000} seconds` : `${windowMs} ms`;
}

/**
 * The 429 for a refusal: `{"status":"fail","message":…}` with the `X-RateLimit-*` headers.
 * `X-RateLimit-Retry-After` is a Unix time in seconds, rounded up, so a client that waits until
 * then is admitted.
 */
export function rateLimitReply(refusal: RateLimitRefusal, profile: RateLimitProfile, nowMs: number): ApiReply {
	const headers: Record<string, string> = {
		"X-RateLimit-Limit": String(refusal.limit),
		"X-RateLimit-Remaining": String(refusal.remaining),
		"X-RateLimit-Retry-After": String(Math.ceil(refusal.retryAtMs / 1000)),
		"X-RateLimit-Applied": refusal.applied,
	};
	if (profile === "legacy") headers["Retry-After"] = String(Math.max(1, Math.ceil((refusal.retryAtMs - nowMs) / 1000)));
	const message = `Too many requests: the limit is ${refusal.limit} requests per ${windowText(refusal.windowMs)} ${refusal.scope}`;
	return rateLimited(message, headers);
}
