/** A 429's rate-limit headers, read: Hostaway's Unix-seconds moment first, Retry-After second, garbage ignored. */
import { describe, expect, it } from "vitest";
import { type RateLimitHeaders, rateLimitHeadersOf, readRateLimitAnswer } from "../../src/hostaway/rate-limit-answer";

const NOW = Date.parse("2026-08-21T12:00:00.400Z");
const NOW_SECONDS = Math.floor(NOW / 1000);

function headers(values: Partial<RateLimitHeaders>): RateLimitHeaders {
	return {
		xRateLimitRetryAfter: null,
		xRateLimitLimit: null,
		xRateLimitRemaining: null,
		xRateLimitApplied: null,
		retryAfter: null,
		...values,
	};
}

describe("X-RateLimit-Retry-After", () => {
	it("is a Unix timestamp in seconds: the moment to wait for, not a delay", () => {
		const answer = readRateLimitAnswer(headers({ xRateLimitRetryAfter: String(NOW_SECONDS + 3) }), NOW);
		expect(answer.retryAtMs).toBe((NOW_SECONDS + 3) * 1000);
		expect(answer.retryAtMs! - NOW).toBe(2_600);
	});

	it("in the past means now", () => {
		expect(readRateLimitAnswer(headers({ xRateLimitRetryAfter: String(NOW_SECONDS - 5) }), NOW).retryAtMs).toBe(NOW);
	});

	it("below 10^9 cannot be a timestamp (that is 2001) and is read as a delay in seconds", () => {
		expect(readRateLimitAnswer(headers({ xRateLimitRetryAfter: "3" }), NOW).retryAtMs).toBe(NOW + 3_000);
		expect(readRateLimitAnswer(headers({ xRateLimitRetryAfter: "0.5" }), NOW).retryAtMs).toBe(NOW + 500);
	});

	it("in milliseconds (10^11 and more) is read as milliseconds, not as a moment thousands of years ahead", () => {
		expect(readRateLimitAnswer(headers({ xRateLimitRetryAfter: String(NOW + 4_000) }), NOW).retryAtMs).toBe(NOW + 4_000);
	});

	it("wins over Retry-After when both are present", () => {
		const answer = readRateLimitAnswer(headers({ xRateLimitRetryAfter: String(NOW_SECONDS + 7), retryAfter: "1" }), NOW);
		expect(answer.retryAtMs).toBe((NOW_SECONDS + 7) * 1000);
	});

	it("unreadable or unbelievably far ahead is ignored, and Retry-After is used if present", () => {
		for (const garbage of ["soon", "-3", "", "  ", "1e3", "12abc", String(NOW_SECONDS + 3 * 24 * 3600)]) {
			expect(readRateLimitAnswer(headers({ xRateLimitRetryAfter: garbage }), NOW).retryAtMs, garbage).toBeUndefined();
		}
		expect(readRateLimitAnswer(headers({ xRateLimitRetryAfter: "soon", retryAfter: "2" }), NOW).retryAtMs).toBe(NOW + 2_000);
	});
});

describe("Retry-After", () => {
	it("is read as delta-seconds or as an HTTP date", () => {
		expect(readRateLimitAnswer(headers({ retryAfter: "4" }), NOW).retryAtMs).toBe(NOW + 4_000);
		expect(readRateLimitAnswer(headers({ retryAfter: "Fri, 21 Aug 2026 12:00:05 GMT" }), NOW).retryAtMs).toBe(
			Date.parse("2026-08-21T12:00:05Z"),
		);
		expect(readRateLimitAnswer(headers({ retryAfter: "Fri, 21 Aug 2026 11:00:00 GMT" }), NOW).retryAtMs).toBe(NOW);
		expect(readRateLimitAnswer(headers({ retryAfter: "later" }), NOW).retryAtMs).toBeUndefined();
	});
});

describe("the limit reached", () => {
	it("reads X-RateLimit-Limit, -Remaining and -Applied", () => {
		const answer = readRateLimitAnswer(
			headers({
				xRateLimitLimit: "20",
				xRateLimitRemaining: "0",
				xRateLimitApplied: "Account",
				xRateLimitRetryAfter: String(NOW_SECONDS + 1),
			}),
			NOW,
		);
		expect(answer).toEqual({ retryAtMs: (NOW_SECONDS + 1) * 1000, limit: 20, remaining: 0, applied: "account" });
		for (const applied of ["endpoint", "account", "ip", "provider"] as const) {
			expect(readRateLimitAnswer(headers({ xRateLimitApplied: applied }), NOW).applied).toBe(applied);
		}
	});

	it("leaves out what is absent or unreadable", () => {
		expect(readRateLimitAnswer(headers({}), NOW)).toEqual({});
		expect(readRateLimitAnswer(headers({ xRateLimitLimit: "0", xRateLimitRemaining: "-1", xRateLimitApplied: "planet" }), NOW)).toEqual({});
		expect(readRateLimitAnswer(headers({ xRateLimitLimit: "twenty", xRateLimitRemaining: "1.5" }), NOW)).toEqual({});
	});
});

it("picks the headers out of a response, whatever their case", () => {
	const picked = rateLimitHeadersOf(
		new Headers({ "x-ratelimit-retry-after": "1787313603", "X-RATELIMIT-LIMIT": "200", "Retry-After": "3", "Content-Type": "text/plain" }),
	);
	expect(picked).toEqual(headers({ xRateLimitRetryAfter: "1787313603", xRateLimitLimit: "200", retryAfter: "3" }));
});
