/**
 * The account's rate budget against the sandbox with Hostaway's real limits switched on
 * (15 per 10 s per IP, 20 per 10 s per account): the default budget of 14 per 10 s never
 * makes the sandbox answer 429, a call that would wait too long is told when to retry, and a
 * 429 storm is ridden out by every caller together without exceeding the budget.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_RATE_PER_10S } from "../../src/config";
import { HostawayRateLimitedError } from "../../src/hostaway/errors";
import { toOperationError } from "../../src/operations/hostaway-errors";
import { createSandboxFetch } from "../../src/sandbox";
import { ACCOUNT_A, ACCOUNT_B, clientFor, control, countCalls, maxCallsInAnyWindow, resetSandbox, sandboxLog } from "./harness";

beforeEach(async () => {
	await resetSandbox();
});

describe("rate budget (defaults: 14 requests per 10 s)", () => {
	it("lets 14 requests through in a burst and tells the rest when to retry; the sandbox never answers 429", async () => {
		expect(DEFAULT_RATE_PER_10S).toBe(14);
		// The busy test's own client IP, so no other test's calls count against the sandbox's per-IP window.
		const fetch = createSandboxFetch(env, { clientIp: "198.51.100.7" });
		const outcomes = await Promise.all(
			Array.from({ length: 20 }, () =>
				clientFor(ACCOUNT_B, { fetch, cache: false, gateMaxWaitMs: 0 })
					.listListings({ limit: 1 })
					.then(() => "ok" as const)
					.catch((error: unknown) => error),
			),
		);

		const log = await sandboxLog();
		const refused = outcomes.filter((outcome) => outcome instanceof HostawayRateLimitedError) as HostawayRateLimitedError[];
		const succeeded = outcomes.filter((outcome) => outcome === "ok");
		// One token mint plus the calls: together exactly the budget.
		expect(countCalls(log, "POST", "/accessTokens")).toBe(1);
		expect(succeeded.length).toBe(DEFAULT_RATE_PER_10S - 1);
		expect(refused.length).toBe(20 - succeeded.length);
		expect(log.filter((entry) => entry.status === 429)).toHaveLength(0);
		expect(maxCallsInAnyWindow(log, ACCOUNT_B.accountId)).toBeLessThanOrEqual(DEFAULT_RATE_PER_10S);
		for (const error of refused) {
			expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
			expect(error.retryAfterSeconds).toBeLessThanOrEqual(10);
		}
		const mapped = toOperationError(refused[0]) as Error & { code: string };
		expect(mapped.code).toBe("rate_limited");
		expect(mapped.message).toMatch(/Retry in \d+ seconds/);
	});

	it("rides out a 429 storm: every caller backs off together, all succeed, the budget is never exceeded", async () => {
		const fetch = createSandboxFetch(env, { clientIp: "198.51.100.8" });
		const warm = clientFor(ACCOUNT_A, { fetch, cache: false });
		await warm.listListings({ limit: 1 });
		await control("PUT", "/faults", { rateLimitStormMs: 300 });

		const clients = Array.from({ length: 2 }, () =>
			clientFor(ACCOUNT_A, {
				fetch,
				cache: false,
				retry: { baseDelayMs: 200, maxDelayMs: 1_000, maxAttempts: 12, budgetMs: 12_000 },
			}),
		);
		const pages = await Promise.all(clients.map((client) => client.listListings({ limit: 1 })));
		expect(pages.every((page) => page.items.length === 1)).toBe(true);

		const log = await sandboxLog();
		// The storm really happened and was retried through…
		expect(log.filter((entry) => entry.status === 429).length).toBeGreaterThan(0);
		expect(clients.reduce((sum, client) => sum + client.metrics.retries, 0)).toBeGreaterThan(0);
		// …without the sandbox ever seeing more than the budget in any 10 seconds.
		expect(maxCallsInAnyWindow(log, ACCOUNT_A.accountId)).toBeLessThanOrEqual(DEFAULT_RATE_PER_10S);
	});

	it("makes a caller wait for a slot when it may (small window, to keep the test short)", async () => {
		await control("PUT", "/rate-limits", { enabled: false });
		const budget = { limit: 3, windowMs: 400 };
		await clientFor(ACCOUNT_A, { cache: false, rateBudget: { limit: 100 } }).listListings({ limit: 1 });
		await control("DELETE", "/log");
		// A window of its own: another limit, the same account.
		const clients = Array.from({ length: 9 }, () => clientFor(ACCOUNT_A, { cache: false, rateBudget: budget, gateMaxWaitMs: 5_000 }));
		await Promise.all(clients.map((client) => client.listListings({ limit: 1 })));
		// At most 3 go at once (the warm-up call may hold one of them); the others waited for a slot.
		expect(clients.reduce((sum, client) => sum + client.metrics.gateWaits, 0)).toBeGreaterThanOrEqual(6);
		expect(clients.every((client) => client.metrics.gateRefusals === 0)).toBe(true);
		expect(countCalls(await sandboxLog(), "GET", "/listings", 200)).toBe(9);
	});
});
