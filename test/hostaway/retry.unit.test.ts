/** The backoff stays within its bounds and Retry-After is read in both of its forms. */
import { describe, expect, it } from "vitest";
import { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfterMs } from "../../src/hostaway/retry";

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
