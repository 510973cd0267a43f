/** The backoff stays within its bounds and Retry-After is read in both of its forms. */
import { describe, expect, it } from "vitest";
import { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfterMs, rateLimitWaitMs } from "../../src/hostaway/retry";

describe("retry policy", () => {
	it("uses capped full-jitter exponential backoff", () => {
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
		expect(backoffDelayMs(policy, 0, () => 0.999)).toBe(99);
		expect(backoffDelayMs(policy, 2, () => 0.5)).toBe(200);
		expect(backoffDelayMs(policy, 10, () => 0.999)).toBe(999);
		expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
	});

	it("keeps the default retry budget under an MCP client's 15-second tool timeout", () => {
		expect(DEFAULT_RETRY_POLICY.budgetMs).toBeLessThan(15_000);
		let worstCase = 0;
		for (let retry = 0; retry < DEFAULT_RETRY_POLICY.maxAttempts - 1; retry++)
			worstCase += backoffDelayMs(DEFAULT_RETRY_POLICY, retry, () => 0.999);
		expect(worstCase).toBeLessThan(DEFAULT_RETRY_POLICY.budgetMs);
	});

	it("reads Retry-After as seconds or as an HTTP date", () => {
		const now = Date.parse("2026-08-01T12:00:00Z");
		expect(parseRetryAfterMs("3", now)).toBe(3000);
		expect(parseRetryAfterMs("Sat, 01 Aug 2026 12:00:05 GMT", now)).toBe(5000);
		expect(parseRetryAfterMs(null, now)).toBeUndefined();
		expect(parseRetryAfterMs("soon", now)).toBeUndefined();
	});
});

describe("wait after a 429", () => {
	const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };

	it("first waits until the moment Hostaway names, or the usual backoff when it names none", () => {
		expect(rateLimitWaitMs(policy, { untilRetryAtMs: 3_000, retry: 0 }, () => 0.9)).toBe(3_000);
		expect(rateLimitWaitMs(policy, { untilRetryAtMs: -50, retry: 0 }, () => 0.9)).toBe(0);
		expect(rateLimitWaitMs(policy, { retry: 2 }, () => 0.5)).toBe(backoffDelayMs(policy, 2, () => 0.5));
	});

	it("after a repeated 429 doubles the previous wait and adds a random delay, never less than Hostaway names", () => {
		expect(rateLimitWaitMs(policy, { untilRetryAtMs: 1_000, previousWaitMs: 3_000, retry: 1 }, () => 0)).toBe(6_000);
		expect(rateLimitWaitMs(policy, { untilRetryAtMs: 1_000, previousWaitMs: 3_000, retry: 1 }, () => 0.5)).toBe(6_050);
		expect(rateLimitWaitMs(policy, { untilRetryAtMs: 9_000, previousWaitMs: 3_000, retry: 1 }, () => 0.5)).toBe(9_050);
		// A first backoff that happened to be 0 still grows.
		expect(rateLimitWaitMs(policy, { previousWaitMs: 0, retry: 1 }, () => 0)).toBe(200);
	});
});
