/**
 * The response cache in KV: a second read is served without calling Hostaway, a write through
 * the client or a webhook makes the next read fresh, guest data is encrypted at rest, and
 * messages are never cached.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { app } from "../../src/http/app";
import { createSandboxFetch } from "../../src/sandbox";
import { ACCOUNT_A, clientFor, control, countCalls, resetSandbox, SANDBOX_ORIGIN, sandboxLog } from "./harness";

const ROOMY = { rateBudget: { limit: 500 } } as const;

beforeEach(async () => {
	await resetSandbox();
	await control("PUT", "/rate-limits", { enabled: false });
});

async function firstReservationId(): Promise<number> {
	const page = await clientFor(ACCOUNT_A, { ...ROOMY, cache: false }).listReservations({ limit: 1 });
	return page.items[0]?.id as number;
}

/** A change made outside this server (as in Hostaway's dashboard): straight to the sandbox API. */
async function changeHostNoteElsewhere(reservationId: number, hostNote: string): Promise<void> {
	const fetch = createSandboxFetch(env);
	const tokenResponse = await fetch(`${SANDBOX_ORIGIN}/v1/accessTokens`, {
		method: "POST",
		headers: { "Content-Type": "application/x-www-form-urlencoded" },
		body: new URLSearchParams({
			grant_type: "client_credentials",
			client_id: ACCOUNT_A.accountId,
			client_secret: ACCOUNT_A.apiKey,
			scope: "general",
		}),
	});
	const { access_token } = (await tokenResponse.json()) as { access_token: string };
	await new Promise((resolve) => setTimeout(resolve, 1_100));
	const update = await fetch(`${SANDBOX_ORIGIN}/v1/reservations/${reservationId}`, {
		method: "PUT",
		headers: { "Content-Type": "application/json", Authorization: `Bearer ${access_token}` },
		body: JSON.stringify({ hostNote }),
	});
	expect(update.status).toBe(200);
}

describe("response cache", () => {
	it("serves a second read from the cache after a miss", async () => {
		const listingId = (await clientFor(ACCOUNT_A, { ...ROOMY, cache: false }).listListings({ limit: 1 })).items[0]?.id as number;
		await control("DELETE", "/log");

		const first = clientFor(ACCOUNT_A, ROOMY);
		const second = clientFor(ACCOUNT_A, ROOMY);
		const fresh = await first.getListing(listingId);
		const cached = await second.getListing(listingId);

		expect(cached).toEqual(fresh);
		expect(first.metrics).toMatchObject({ cacheMisses: 1, cacheHits: 0, upstreamCalls: 1 });
		expect(second.metrics).toMatchObject({ cacheMisses: 0, cacheHits: 1, upstreamCalls: 0 });
		expect(countCalls(await sandboxLog(), "GET", `/listings/${listingId}`)).toBe(1);
	});

	it("keys by the whole request: other parameters are another entry", async () => {
		await clientFor(ACCOUNT_A, ROOMY).listListings({ limit: 2 });
		const other = clientFor(ACCOUNT_A, ROOMY);
		await other.listListings({ limit: 3 });
		expect(other.metrics.cacheMisses).toBe(1);
		const same = clientFor(ACCOUNT_A, ROOMY);
		await same.listListings({ limit: 2 });
		expect(same.metrics.cacheHits).toBe(1);
	});

	it("never serves a stale reservation after a write through the client", async () => {
		const reservationId = await firstReservationId();
		await clientFor(ACCOUNT_A, ROOMY).getReservation(reservationId);
		await clientFor(ACCOUNT_A, ROOMY).updateReservation(reservationId, { hostNote: "Guest arrives after 22:00" });

		const reader = clientFor(ACCOUNT_A, ROOMY);
		const after = await reader.getReservation(reservationId);
		expect(after.hostNote).toBe("Guest arrives after 22:00");
		expect(reader.metrics.cacheMisses).toBe(1);
	});

	it("never serves a stale calendar after blocking dates", async () => {
		const listingId = (await clientFor(ACCOUNT_A, { ...ROOMY, cache: false }).listListings({ limit: 1 })).items[0]?.id as number;
		const range = { startDate: "2031-05-10", endDate: "2031-05-12" };
		const before = await clientFor(ACCOUNT_A, ROOMY).getCalendar(listingId, range);
		expect(before.every((day) => day.isAvailable === true)).toBe(true);

		await clientFor(ACCOUNT_A, ROOMY).updateCalendar(listingId, { ...range, isAvailable: false, note: "Maintenance" });
		const after = await clientFor(ACCOUNT_A, ROOMY).getCalendar(listingId, range);
		expect(after.map((day) => day.isAvailable)).toEqual([false, false, false]);
	});

	it("serves a change made elsewhere as soon as Hostaway's webhook reports it", async () => {
		const reservationId = await firstReservationId();
		const original = await clientFor(ACCOUNT_A, ROOMY).getReservation(reservationId);
		await changeHostNoteElsewhere(reservationId, "Changed in the Hostaway dashboard");

		// Without a webhook the cached copy is still served (within its short TTL).
		expect((await clientFor(ACCOUNT_A, ROOMY).getReservation(reservationId)).hostNote).toBe(original.hostNote);

		const webhookEnv = { ...env, WEBHOOK_USERNAME: "hooks", WEBHOOK_PASSWORD: "a-long-webhook-password" };
		const ctx = createExecutionContext();
		const response = await app.fetch(
			new Request("http://localhost:8787/webhooks/hostaway", {
				method: "POST",
				headers: { "Content-Type": "application/json", Authorization: `Basic ${btoa("hooks:a-long-webhook-password")}` },
				body: JSON.stringify({
					object: "reservation",
					event: "reservation.updated",
					accountId: Number(ACCOUNT_A.accountId),
					data: { id: reservationId },
				}),
			}),
			webhookEnv,
			ctx,
		);
		await waitOnExecutionContext(ctx);
		expect(response.status).toBe(200);

		expect((await clientFor(ACCOUNT_A, ROOMY).getReservation(reservationId)).hostNote).toBe("Changed in the Hostaway dashboard");
	});

	it("encrypts cached responses: guest data is not readable in KV", async () => {
		const reservationId = await firstReservationId();
		const reservation = await clientFor(ACCOUNT_A, ROOMY).getReservation(reservationId);
		const { keys } = await env.CACHE.list({ prefix: `tenant:${ACCOUNT_A.accountId}:cache:` });
		expect(keys.length).toBeGreaterThan(0);
		for (const { name } of keys) {
			const value = (await env.CACHE.get(name)) as string;
			expect(value.startsWith("v1.")).toBe(true);
			if (reservation.guestName) expect(value).not.toContain(reservation.guestName);
			if (reservation.guestEmail) expect(value).not.toContain(reservation.guestEmail);
		}
	});

	it("never caches conversations or messages", async () => {
		const conversationId = (await clientFor(ACCOUNT_A, ROOMY).listConversations({ limit: 1 })).items[0]?.id as number;
		await control("DELETE", "/log");
		await clientFor(ACCOUNT_A, ROOMY).listMessages(conversationId);
		const again = clientFor(ACCOUNT_A, ROOMY);
		await again.listMessages(conversationId);
		expect(again.metrics).toMatchObject({ cacheHits: 0, upstreamCalls: 1 });
		expect(countCalls(await sandboxLog(), "GET", `/conversations/${conversationId}/messages`)).toBe(2);
	});
});
