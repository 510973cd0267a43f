/**
 * Two Hostaway accounts side by side (ARCHITECTURE.md invariant 4): their tokens, cached
 * responses and rate budgets never mix.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { tokenKey } from "../../src/gate/keys";
import { HostawayRateLimitedError } from "../../src/hostaway/errors";
import { DEMO, OTHER, clearSandboxLog, freshSandbox, sandboxLog } from "../helpers/sandbox";
import { clientFor, restartDurableObjects } from "./harness";

const ROOMY = { rateBudget: { limit: 500 } } as const;

beforeEach(async () => {
	await freshSandbox();
});

describe("two tenants", () => {
	it("each get their own token, stored under their own key, and every call carries its own account's token", async () => {
		await Promise.all([clientFor(DEMO, ROOMY).listListings(), clientFor(OTHER, ROOMY).listListings()]);
		const storedA = await env.CACHE.get(tokenKey(DEMO.accountId));
		const storedB = await env.CACHE.get(tokenKey(OTHER.accountId));
		expect(storedA).not.toBeNull();
		expect(storedB).not.toBeNull();
		expect(storedA).not.toBe(storedB);

		await clearSandboxLog();
		await Promise.all([
			clientFor(DEMO, { ...ROOMY, cache: false }).listReservations({ limit: 1 }),
			clientFor(OTHER, { ...ROOMY, cache: false }).listReservations({ limit: 1 }),
		]);
		// The sandbox attributes each call to the account named inside the token it carried.
		const accounts = (await sandboxLog()).filter((entry) => entry.path === "/v1/reservations").map((entry) => entry.accountId);
		expect(accounts.sort()).toEqual([DEMO.accountId, OTHER.accountId]);
	});

	it("never see each other's cached responses, and one tenant's write leaves the other's cache alone", async () => {
		const listingsA = await clientFor(DEMO, ROOMY).listListings({ sortOrder: "nameReversed" });
		const readerB = clientFor(OTHER, ROOMY);
		const listingsB = await readerB.listListings({ sortOrder: "nameReversed" });
		// Same request, other tenant: a miss, answered with the other tenant's data.
		expect(readerB.metrics).toMatchObject({ cacheHits: 0, cacheMisses: 1 });
		const idsA = new Set(listingsA.items.map((listing) => listing.id));
		expect(listingsB.items.some((listing) => idsA.has(listing.id))).toBe(false);

		const reservationA = (await clientFor(DEMO, { ...ROOMY, cache: false }).listReservations({ limit: 1 })).items[0]?.id as number;
		await clientFor(DEMO, ROOMY).updateReservation(reservationA, { hostNote: "Tenant A only" });

		const againB = clientFor(OTHER, ROOMY);
		await againB.listListings({ sortOrder: "nameReversed" });
		expect(againB.metrics.cacheHits).toBe(1);
		const againA = clientFor(DEMO, ROOMY);
		await againA.listListings({ sortOrder: "nameReversed" });
		expect(againA.metrics.cacheMisses).toBe(1);

		// Every entry, of these tenants and of any other file's, is under its tenant's prefix.
		const { keys } = await env.CACHE.list();
		for (const { name } of keys) expect(name).toMatch(/^tenant:\d+:/);
		expect(keys.some(({ name }) => name.startsWith(`tenant:${DEMO.accountId}:cache:`))).toBe(true);
		expect(keys.some(({ name }) => name.startsWith(`tenant:${OTHER.accountId}:cache:`))).toBe(true);
	});

	it("have separate rate budgets: one tenant using up its budget does not slow the other", async () => {
		// Both accounts' tokens at hand, then empty budget windows (as after a deploy), so only the calls below count.
		await Promise.all([clientFor(DEMO, ROOMY).listListings({ limit: 1 }), clientFor(OTHER, ROOMY).listListings({ limit: 1 })]);
		await restartDurableObjects();
		const budget = { limit: 4 };
		const outcomesA = await Promise.all(
			Array.from({ length: 8 }, () =>
				clientFor(DEMO, { cache: false, rateBudget: budget, gateMaxWaitMs: 0 })
					.listListings({ limit: 1 })
					.then(() => "ok")
					.catch((error: unknown) => error),
			),
		);
		expect(outcomesA.filter((outcome) => outcome === "ok")).toHaveLength(4);
		expect(outcomesA.filter((outcome) => outcome instanceof HostawayRateLimitedError)).toHaveLength(4);

		// The other account's callers, who may not wait either, all go through at once.
		const outcomesB = await Promise.all(
			Array.from({ length: 4 }, () => clientFor(OTHER, { cache: false, rateBudget: budget, gateMaxWaitMs: 0 }).listListings({ limit: 1 })),
		);
		expect(outcomesB.every((page) => page.items.length === 1)).toBe(true);
	});
});
