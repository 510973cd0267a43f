/**
 * The response cache in KV: a second read is served without calling Hostaway, a write through
 * the client or a webhook makes the next read fresh, guest data is encrypted at rest, a cached
 * read asks the account's gate once.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { invalidateTenantCache } from "../../src/gate/stub";
import { createSandboxFetch } from "../../src/sandbox";
import { DEMO, api, clearSandboxLog, countCalls, freshSandbox, sandboxLog, usableToken, viaFetch } from "../helpers/sandbox";
import { clientCountingGateCalls, clientFor } from "./harness";
import { postHostawayWebhook } from "../helpers/webhooks";

const ROOMY = { rateBudget: { limit: 500 } } as const;

beforeEach(async () => {
	await freshSandbox();
});

async function firstReservationId(): Promise<number> {
	const page = await clientFor(DEMO, { ...ROOMY, cache: false }).listReservations({ limit: 1 });
	return page.items[0]?.id as number;
}

/** A change made outside this server (as in Hostaway's dashboard): straight to the sandbox API, with a token of its own. */
async function changeHostNoteElsewhere(reservationId: number, hostNote: string): Promise<void> {
	const update = await api(viaFetch, await usableToken(viaFetch, DEMO), "PUT", `/reservations/${reservationId}`, { hostNote });
	expect(update.status).toBe(200);
}

describe("response cache", () => {
	it("serves a second read from the cache after a miss", async () => {
		const listingId = (await clientFor(DEMO, { ...ROOMY, cache: false }).listListings({ limit: 1 })).items[0]?.id as number;
		await clearSandboxLog();

		const first = clientFor(DEMO, ROOMY);
		const second = clientFor(DEMO, ROOMY);
		const fresh = await first.getListing(listingId);
		const cached = await second.getListing(listingId);

		expect(cached).toEqual(fresh);
		expect(first.metrics).toMatchObject({ cacheMisses: 1, cacheHits: 0, upstreamCalls: 1 });
		expect(second.metrics).toMatchObject({ cacheMisses: 0, cacheHits: 1, upstreamCalls: 0 });
		expect(countCalls(await sandboxLog(), "GET", `/listings/${listingId}`)).toBe(1);
	});

	it("asks the account's gate once per cached read, hit or miss (slot and cache generation together)", async () => {
		const listingId = (await clientFor(DEMO, { ...ROOMY, cache: false }).listListings({ limit: 1 })).items[0]?.id as number;
		await clearSandboxLog();

		const miss = clientCountingGateCalls(DEMO, ROOMY);
		await miss.client.getListing(listingId);
		expect(miss.client.metrics).toMatchObject({ cacheMisses: 1, upstreamCalls: 1 });
		expect(miss.gateCalls).toEqual(["readThrough"]);

		const hit = clientCountingGateCalls(DEMO, ROOMY);
		await hit.client.getListing(listingId);
		expect(hit.client.metrics).toMatchObject({ cacheHits: 1, upstreamCalls: 0 });
		expect(hit.gateCalls).toEqual(["readThrough"]);
		expect(countCalls(await sandboxLog(), "GET", `/listings/${listingId}`)).toBe(1);
	});

	it("keys by the whole request: other parameters are another entry", async () => {
		await clientFor(DEMO, ROOMY).listListings({ limit: 2 });
		const other = clientFor(DEMO, ROOMY);
		await other.listListings({ limit: 3 });
		expect(other.metrics.cacheMisses).toBe(1);
		const same = clientFor(DEMO, ROOMY);
		await same.listListings({ limit: 2 });
		expect(same.metrics.cacheHits).toBe(1);
	});

	it("never serves a stale reservation after a write through the client", async () => {
		const reservationId = await firstReservationId();
		await clientFor(DEMO, ROOMY).getReservation(reservationId);
		await clientFor(DEMO, ROOMY).updateReservation(reservationId, { hostNote: "Guest arrives after 22:00" });

		const reader = clientFor(DEMO, ROOMY);
		const after = await reader.getReservation(reservationId);
		expect(after.hostNote).toBe("Guest arrives after 22:00");
		expect(reader.metrics.cacheMisses).toBe(1);
	});

	it("never serves a stale calendar after blocking dates", async () => {
		const listingId = (await clientFor(DEMO, { ...ROOMY, cache: false }).listListings({ limit: 1 })).items[0]?.id as number;
		const range = { startDate: "2031-05-10", endDate: "2031-05-12" };
		const before = await clientFor(DEMO, ROOMY).getCalendar(listingId, range);
		expect(before.every((day) => day.isAvailable === true)).toBe(true);

		await clientFor(DEMO, ROOMY).updateCalendar(listingId, { ...range, isAvailable: false, note: "Maintenance" });
		const after = await clientFor(DEMO, ROOMY).getCalendar(listingId, range);
		expect(after.map((day) => day.isAvailable)).toEqual([false, false, false]);
	});

	it("never serves a response read while a write was made: it is stored under the generation from before", async () => {
		const listingId = (await clientFor(DEMO, { ...ROOMY, cache: false }).listListings({ limit: 1 })).items[0]?.id as number;
		const sandboxFetch = createSandboxFetch(env);
		let invalidated = false;
		// The webhook of a change elsewhere arrives while this read is on its way to Hostaway.
		const invalidatingFetch: typeof fetch = async (input, init) => {
			if (!invalidated) {
				invalidated = true;
				await invalidateTenantCache(env, DEMO.accountId);
			}
			return sandboxFetch(input, init);
		};
		await clientFor(DEMO, { ...ROOMY, fetch: invalidatingFetch }).getListing(listingId);
		expect(invalidated).toBe(true);

		const next = clientFor(DEMO, ROOMY);
		await next.getListing(listingId);
		expect(next.metrics).toMatchObject({ cacheHits: 0, cacheMisses: 1, upstreamCalls: 1 });
	});

	it("serves a change made elsewhere as soon as Hostaway's webhook reports it", async () => {
		const reservationId = await firstReservationId();
		const original = await clientFor(DEMO, ROOMY).getReservation(reservationId);
		await changeHostNoteElsewhere(reservationId, "Changed in the Hostaway dashboard");

		// Without a webhook the cached copy is still served (within its short TTL).
		expect((await clientFor(DEMO, ROOMY).getReservation(reservationId)).hostNote).toBe(original.hostNote);

		const response = await postHostawayWebhook("a-webhook-secret-of-at-least-32-characters", DEMO.accountId, {
			object: "reservation",
			event: "reservation.updated",
			data: { id: reservationId },
		});
		expect(response.status).toBe(200);

		expect((await clientFor(DEMO, ROOMY).getReservation(reservationId)).hostNote).toBe("Changed in the Hostaway dashboard");
	});

	it("encrypts cached responses: guest data is not readable in KV", async () => {
		const reservationId = await firstReservationId();
		const reservation = await clientFor(DEMO, ROOMY).getReservation(reservationId);
		const { keys } = await env.CACHE.list({ prefix: `tenant:${DEMO.accountId}:cache:` });
		expect(keys.length).toBeGreaterThan(0);
		let checked = 0;
		for (const { name } of keys) {
			// An entry listed a moment ago may have expired since (files share the runtime's KV).
			const value = await env.CACHE.get(name);
			if (value === null) continue;
			checked++;
			expect(value.startsWith("v1.")).toBe(true);
			if (reservation.guestName) expect(value).not.toContain(reservation.guestName);
			if (reservation.guestEmail) expect(value).not.toContain(reservation.guestEmail);
		}
		expect(checked).toBeGreaterThan(0);
	});

	it("caches the inbox briefly too: a second read of a thread's messages costs no upstream request", async () => {
		const conversationId = (await clientFor(DEMO, ROOMY).listConversations({ limit: 1 })).items[0]?.id as number;
		await clearSandboxLog();
		await clientFor(DEMO, ROOMY).listMessages(conversationId);
		const again = clientFor(DEMO, ROOMY);
		await again.listMessages(conversationId);
		expect(again.metrics).toMatchObject({ cacheHits: 1, upstreamCalls: 0 });
	});
});
