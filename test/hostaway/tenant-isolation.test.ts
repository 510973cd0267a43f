/**
 * Two Hostaway accounts side by side (ARCHITECTURE.md invariant 4): their tokens, cached
 * responses and rate budgets never mix.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { tokenKey } from "../../src/gate/keys";
import { HostawayRateLimitedError } from "../../src/hostaway/errors";
import { ACCOUNT_A, ACCOUNT_B, clientFor, control, resetSandbox, sandboxLog } from "./harness";

const ROOMY = { rateBudget: { limit: 500 } } as const;

beforeEach(async () => {
	await resetSandbox();
	await control("PUT", "/rate-limits", { enabled: false });
});

describe("two tenants", () => {
	it("each get their own token, stored under their own key, and every call carries its own account's token", async () => {
		await Promise.all([clientFor(ACCOUNT_A, ROOMY).listListings(), clientFor(ACCOUNT_B, ROOMY).listListings()]);
		const storedA = await env.CACHE.get(tokenKey(ACCOUNT_A.accountId));
		const storedB = await env.CACHE.get(tokenKey(ACCOUNT_B.accountId));
		expect(storedA).not.toBeNull();
		expect(storedB).not.toBeNull();
		expect(storedA).not.toBe(storedB);

		await control("DELETE", "/log");
		await Promise.all([
			clientFor(ACCOUNT_A, { ...ROOMY, cache: false }).listReservations({ limit: 1 }),
			clientFor(ACCOUNT_B, { ...ROOMY, cache: false }).listReservations({ limit: 1 }),
		]);
		// The sandbox attributes each call to the account named inside the token it carried.
		const accounts = (await sandboxLog()).filter((entry) => entry.path === "/v1/reservations").map((entry) => entry.accountId);
		expect(accounts.sort()).toEqual([ACCOUNT_A.accountId, ACCOUNT_B.accountId]);
	});

	it("never see each other's cached responses, and one tenant's write leaves the other's cache alone", async () => {
		const listingsA = await clientFor(ACCOUNT_A, ROOMY).listListings({ sortOrder: "nameReversed" });
		const readerB = clientFor(ACCOUNT_B, ROOMY);
		const listingsB = await readerB.listListings({ sortOrder: "nameReversed" });
		// Same request, other tenant: a miss, answered with the other tenant's data.
		expect(readerB.metrics).toMatchObject({ cacheHits: 0, cacheMisses: 1 });
		const idsA = new Set(listingsA.items.map((listing) => listing.id));
		expect(listingsB.items.some((listing) => idsA.has(listing.id))).toBe(false);

		const reservationA = (await clientFor(ACCOUNT_A, { ...ROOMY, cache: false }).listReservations({ limit: 1 })).items[0]?.id as number;
		await clientFor(ACCOUNT_A, ROOMY).updateReservation(reservationA, { hostNote: "Tenant A only" });

		const againB = clientFor(ACCOUNT_B, ROOMY);
		await againB.listListings({ sortOrder: "nameReversed" });
		expect(againB.metrics.cacheHits).toBe(1);
		const againA = clientFor(ACCOUNT_A, ROOMY);
		await againA.listListings({ sortOrder: "nameReversed" });
		expect(againA.metrics.cacheMisses).toBe(1);

		const { keys } = await env.CACHE.list();
		for (const { name } of keys) expect(name).toMatch(/^tenant:(100001|100002):/);
	});

	it("have separate rate budgets: one tenant using up its budget does not slow the other", async () => {
		// A short window, so that the earlier tests' calls have left it after a short pause.
		const budget = { limit: 4, windowMs: 1_000 };
		await Promise.all([clientFor(ACCOUNT_A, ROOMY).authenticate(), clientFor(ACCOUNT_B, ROOMY).authenticate()]);
		await new Promise((resolve) => setTimeout(resolve, budget.windowMs + 100));
		const outcomesA = await Promise.all(
			Array.from({ length: 8 }, () =>
				clientFor(ACCOUNT_A, { cache: false, rateBudget: budget, gateMaxWaitMs: 0 })
					.listListings({ limit: 1 })
					.then(() => "ok")
					.catch((error: unknown) => error),
			),
		);
		expect(outcomesA.filter((outcome) => outcome === "ok")).toHaveLength(4);
		expect(outcomesA.filter((outcome) => outcome instanceof HostawayRateLimitedError)).toHaveLength(4);

		const outcomesB = await Promise.all(
			Array.from({ length: 3 }, () =>
				clientFor(ACCOUNT_B, { cache: false, rateBudget: budget, gateMaxWaitMs: 0 }).listListings({ limit: 1 }),
			),
		);
		expect(outcomesB).toHaveLength(3);
	});
});
