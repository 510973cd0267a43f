/**
 * The client's answer to Hostaway's 429 (hostaway-api.md §3), with an injected fetch, a clock
 * that only moves when someone waits, and an in-memory rate gate that holds callers off the way
 * the TenantGate does: the retry goes out no sooner than `X-RateLimit-Retry-After` (a Unix
 * timestamp, not a delay), a repeated 429 doubles the wait with jitter, and a write Hostaway
 * refused with 429 is sent again.
 */
import { describe, expect, it } from "vitest";
import { HostawayClient } from "../../src/hostaway/client";
import { HostawayRateLimitedError } from "../../src/hostaway/errors";
import type {
	Clock,
	RateGate,
	RateLimitSignal,
	ReadThroughDecision,
	SlotDecision,
	SlotRequest,
	StoredToken,
} from "../../src/hostaway/ports";

const START = Date.parse("2026-08-21T12:00:00.250Z");
const START_SECONDS = Math.floor(START / 1000);
/** Jitter source for every client here: half of the range. */
const HALF = () => 0.5;
const BASE_DELAY_MS = 100;

/** Time moves only when someone sleeps, by exactly as long as they sleep. */
class ManualClock implements Clock {
	constructor(private current: number) {}
	now(): number {
		return this.current;
	}
	async sleep(ms: number): Promise<void> {
		this.current += Math.max(0, ms);
	}
}

/** The part of the TenantGate these tests need: nobody gets a slot while the account is held off. */
class HoldOffGate implements RateGate {
	readonly holdOffs: Array<{ ms: number; signal?: RateLimitSignal }> = [];
	readonly slotRequests: SlotRequest[] = [];
	private heldUntil = 0;

	constructor(private readonly clock: Clock) {}

	async acquireSlot(request: SlotRequest, maxWaitMs: number): Promise<SlotDecision> {
		this.slotRequests.push(request);
		const wait = Math.max(0, this.heldUntil - this.clock.now());
		if (wait > maxWaitMs) return { granted: false, retryAfterMs: wait };
		await this.clock.sleep(wait);
		return { granted: true, waitedMs: wait };
	}

	async holdOff(ms: number, signal?: RateLimitSignal): Promise<void> {
		this.holdOffs.push({ ms, signal });
		this.heldUntil = Math.max(this.heldUntil, this.clock.now() + ms);
	}

	/** These clients cache nothing: every read takes its slot. */
	async readThrough(request: SlotRequest, maxWaitMs: number): Promise<ReadThroughDecision> {
		return { hit: false, slot: await this.acquireSlot(request, maxWaitMs), generation: 1 };
	}
}

interface Sent {
	at: number;
	method: string;
	path: string;
}

/** A fetch that gives the scripted answers in turn and records when each request went out. */
function scriptedFetch(clock: Clock, answers: Array<(now: number) => Response>): { fetch: typeof fetch; sent: Sent[] } {
	const sent: Sent[] = [];
	return {
		sent,
		fetch: async (input, init) => {
			const request = new Request(input, init);
			sent.push({ at: clock.now(), method: request.method, path: new URL(request.url).pathname });
			const answer = answers[sent.length - 1];
			if (!answer) throw new Error(`unexpected request ${sent.length}: ${request.method} ${request.url}`);
			return answer(clock.now());
		},
	};
}

function tooManyRequests(headers: Record<string, string>): Response {
	return new Response(JSON.stringify({ status: "fail", message: "Too many requests" }), { status: 429, headers });
}

function success(result: unknown): Response {
	return new Response(JSON.stringify({ status: "success", result }), { status: 200 });
}

function clientWith(clock: Clock, gate: RateGate, upstream: typeof fetch, budgetMs = 20_000): HostawayClient {
	const token: StoredToken = { accessToken: "token-1", notBefore: 0, usableUntil: START + 3_600_000, version: "v1" };
	let generation = 1;
	return new HostawayClient({
		baseUrl: "https://hostaway.test/v1",
		fetch: upstream,
		credentials: { accountId: "100001", apiKey: "key-not-used-here" },
		gate,
		generations: { bump: async () => ++generation },
		tokenStore: { get: async () => token, put: async () => undefined, delete: async () => undefined },
		tokenCoordinator: { claim: async () => ({ kind: "token", token }), finish: async () => undefined },
		clock,
		timeoutMs: 3_000,
		gateMaxWaitMs: 14_000,
		retry: { baseDelayMs: BASE_DELAY_MS, maxDelayMs: 1_000, maxAttempts: 4, budgetMs },
		random: HALF,
	});
}

const LISTING = { id: 7, name: "Harbour loft" };

describe("a 429 with X-RateLimit-Retry-After", () => {
	it("is retried no sooner than the Unix timestamp it names (3 s ahead), not after a short backoff", async () => {
		const clock = new ManualClock(START);
		const gate = new HoldOffGate(clock);
		const retryAt = (START_SECONDS + 3) * 1000;
		const { fetch, sent } = scriptedFetch(clock, [
			() =>
				tooManyRequests({
					"X-RateLimit-Retry-After": String(START_SECONDS + 3),
					"X-RateLimit-Limit": "200",
					"X-RateLimit-Remaining": "0",
					"X-RateLimit-Applied": "account",
				}),
			() => success(LISTING),
		]);

		const listing = await clientWith(clock, gate, fetch).getListing(7);

		expect(listing).toMatchObject(LISTING);
		expect(sent).toHaveLength(2);
		expect(sent[1]!.at).toBeGreaterThanOrEqual(retryAt);
		expect(sent[1]!.at - sent[0]!.at).toBe(2_750);
		// Every caller of the account was held off until then, and told what Hostaway said about its limit.
		expect(gate.holdOffs).toEqual([{ ms: 2_750, signal: { limit: 200, applied: "account", counter: "general" } }]);
	});

	it("after a second 429 waits at least twice as long, plus a random delay", async () => {
		const clock = new ManualClock(START);
		const gate = new HoldOffGate(clock);
		const { fetch, sent } = scriptedFetch(clock, [
			() => tooManyRequests({ "X-RateLimit-Retry-After": String(START_SECONDS + 3) }),
			// Hostaway names a moment 1 s ahead this time; doubling the first wait goes further.
			(now) => tooManyRequests({ "X-RateLimit-Retry-After": String(Math.floor(now / 1000) + 1) }),
			() => success(LISTING),
		]);

		await clientWith(clock, gate, fetch).getListing(7);

		const firstWait = sent[1]!.at - sent[0]!.at;
		const secondWait = sent[2]!.at - sent[1]!.at;
		expect(firstWait).toBe(2_750);
		expect(secondWait).toBe(2 * firstWait + BASE_DELAY_MS * 0.5);
		expect(gate.holdOffs.map((holdOff) => holdOff.ms)).toEqual([firstWait, secondWait]);
	});

	it("without any rate-limit header falls back to the backoff, and a repeated 429 still doubles it", async () => {
		const clock = new ManualClock(START);
		const gate = new HoldOffGate(clock);
		const { fetch, sent } = scriptedFetch(clock, [() => tooManyRequests({}), () => tooManyRequests({}), () => success(LISTING)]);

		await clientWith(clock, gate, fetch).getListing(7);

		// Full-jitter backoff at half its first range, then twice the base delay plus half of it as jitter.
		expect(sent[1]!.at - sent[0]!.at).toBe(BASE_DELAY_MS * 0.5);
		expect(sent[2]!.at - sent[1]!.at).toBe(2 * BASE_DELAY_MS + BASE_DELAY_MS * 0.5);
	});

	it("that lies beyond the call's time budget ends the call with Hostaway's time to retry and its limit", async () => {
		const clock = new ManualClock(START);
		const gate = new HoldOffGate(clock);
		const { fetch, sent } = scriptedFetch(clock, [
			() =>
				tooManyRequests({ "X-RateLimit-Retry-After": String(START_SECONDS + 31), "X-RateLimit-Limit": "20", "X-RateLimit-Applied": "ip" }),
		]);

		const error = await clientWith(clock, gate, fetch, 12_000)
			.getListing(7)
			.catch((caught: unknown) => caught);

		expect(error).toBeInstanceOf(HostawayRateLimitedError);
		expect(error).toMatchObject({ retryAfterSeconds: 31, status: 429, rateLimit: { limit: 20, applied: "ip" } });
		expect(sent).toHaveLength(1);
		// The account is still held off for the others.
		expect(gate.holdOffs).toEqual([{ ms: 30_750, signal: { limit: 20, applied: "ip", counter: "general" } }]);
	});
});

describe("a write answered 429", () => {
	it("is sent again after the wait and succeeds: Hostaway did not act on the first", async () => {
		const clock = new ManualClock(START);
		const gate = new HoldOffGate(clock);
		const { fetch, sent } = scriptedFetch(clock, [
			() => tooManyRequests({ "X-RateLimit-Retry-After": String(START_SECONDS + 2), "X-RateLimit-Applied": "endpoint" }),
			() => success({ id: 91, conversationId: 5, body: "Late check-out is fine." }),
		]);
		const client = clientWith(clock, gate, fetch);

		const message = await client.sendMessage(5, { body: "Late check-out is fine." });

		expect(message).toMatchObject({ id: 91, body: "Late check-out is fine." });
		expect(sent.map(({ method, path }) => `${method} ${path}`)).toEqual([
			"POST /v1/conversations/5/messages",
			"POST /v1/conversations/5/messages",
		]);
		expect(sent[1]!.at).toBeGreaterThanOrEqual((START_SECONDS + 2) * 1000);
		expect(client.metrics).toMatchObject({ writesSent: 2, writesAccepted: 1, retries: 1 });
		// Both attempts waited on the messages counter, as a write (ahead of waiting reads).
		expect(gate.slotRequests.slice(-2)).toEqual([
			{ counter: "messages", kind: "write" },
			{ counter: "messages", kind: "write" },
		]);
		expect(gate.holdOffs).toMatchObject([{ signal: { applied: "endpoint", counter: "messages" } }]);
	});
});
