/**
 * The large demo account (100003, Coastline Collective): hundreds of listings and thousands of
 * reservations, read through the sandbox's own API in pages, with the rules and quirks of the
 * other accounts' portfolios (seed.test.ts), ids of its own, and a reset that restores it.
 * The account is seeded on its first use in this file (about a second); the reset test makes
 * it generate once more. Each test passes alone.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { businessToday, plusDays } from "../helpers/business-date";
import { DEMO, LARGE, OTHER, api, freshSandbox, usableTokens, viaFetch } from "../helpers/sandbox";
import type { SandboxReservation } from "../helpers/sandbox-records";
import { expectSeededListing, type SeededListingFields } from "./seeded-listing";

/** The reservation fields these checks read (the sandbox's own records, test/helpers/sandbox-records.ts). */
type Reservation = Pick<
	SandboxReservation,
	"id" | "listingMapId" | "channelId" | "status" | "arrivalDate" | "departureDate" | "totalPrice"
>;

interface Listing extends SeededListingFields {
	id: number;
	name: string;
	city: string;
	timeZoneName: string;
	currencyCode: string;
}

/** Statuses that occupy a listing's nights (src/sandbox/domain/statuses.ts, restated: this test checks the seed against it). */
const BLOCKING = new Set(["new", "modified", "ownerStay", "pending", "awaitingPayment", "awaitingGuestVerification", "unconfirmed"]);

const PAGE = 1000;
let token: string;
let demoToken: string;
let otherToken: string;
let listings: Listing[];
let seeded: Promise<Reservation[]> | undefined;

/** Every reservation, a page at a time along Hostaway's afterId cursor (oldest update first). */
async function allReservations(): Promise<Reservation[]> {
	const all: Reservation[] = [];
	for (;;) {
		const cursor = all.length === 0 ? "" : `&afterId=${all[all.length - 1]?.id}`;
		const page = (await api(viaFetch, token, "GET", `/reservations?sortOrder=updatedOn&limit=${PAGE}${cursor}`)).body;
		all.push(...(page.result as Reservation[]));
		if (page.result.length < PAGE) return all;
	}
}

/** The seeded reservations, read once for the tests that look at them (several megabytes of JSON). */
function seededReservations(): Promise<Reservation[]> {
	seeded ??= allReservations();
	return seeded;
}

// Seeding the large portfolio takes about a second alone, many more on a loaded machine.
beforeAll(async () => {
	await freshSandbox();
	[token, demoToken, otherToken] = (await usableTokens(viaFetch, LARGE, DEMO, OTHER)) as [string, string, string];
	listings = (await api(viaFetch, token, "GET", "/listings")).body.result;
}, 90_000);

describe("the large portfolio of account 100003", () => {
	it("has at least 500 listings in many cities, time zones and currencies, each with the fields the small ones have", () => {
		expect(listings.length).toBeGreaterThanOrEqual(500);
		expect(new Set(listings.map((l) => l.name)).size).toBe(listings.length);
		expect(new Set(listings.map((l) => l.city)).size).toBeGreaterThanOrEqual(10);
		expect(new Set(listings.map((l) => l.timeZoneName)).size).toBeGreaterThanOrEqual(8);
		expect(new Set(listings.map((l) => l.currencyCode)).size).toBeGreaterThanOrEqual(4);
		for (const listing of listings) {
			expectSeededListing(listing);
		}
	});

	it("has at least 5,000 reservations, each once in the cursor's pages, over past and future, on the four channels, in all common statuses", async () => {
		const reservations = await seededReservations();
		expect(reservations.length).toBeGreaterThanOrEqual(5000);
		expect(new Set(reservations.map((r) => r.id)).size).toBe(reservations.length);
		expect((await api(viaFetch, token, "GET", "/reservations?limit=1")).body.count).toBe(reservations.length);
		const listingIds = new Set(listings.map((l) => l.id));
		expect(reservations.every((r) => listingIds.has(r.listingMapId))).toBe(true);
		const today = businessToday();
		expect(reservations.filter((r) => r.arrivalDate < plusDays(today, -30)).length).toBeGreaterThan(500);
		expect(reservations.filter((r) => r.arrivalDate > plusDays(today, 30)).length).toBeGreaterThan(500);
		expect(new Set(reservations.map((r) => r.channelId))).toEqual(new Set([2000, 2002, 2005, 2018]));
		const statuses = new Set(reservations.map((r) => r.status));
		for (const status of ["new", "modified", "cancelled", "ownerStay", "inquiry", "pending", "unconfirmed", "declined"]) {
			expect(statuses).toContain(status);
		}
		expect([...statuses].filter((s) => s.startsWith("inquiry")).length).toBeGreaterThanOrEqual(2);
		expect(reservations.filter((r) => r.status === "ownerStay").every((r) => r.totalPrice === 0)).toBe(true);
		// The same mix as the small portfolios: most reservations are confirmed stays.
		const confirmed = reservations.filter((r) => r.status === "new" || r.status === "modified").length;
		expect(confirmed / reservations.length).toBeGreaterThan(0.75);
	});

	it("never books a listing's night twice", async () => {
		const reservations = await seededReservations();
		const nightsByListing = new Map<number, Set<string>>();
		for (const r of reservations.filter((reservation) => BLOCKING.has(reservation.status))) {
			const nights = nightsByListing.get(r.listingMapId) ?? new Set<string>();
			for (let night = r.arrivalDate; night < r.departureDate; night = plusDays(night, 1)) {
				expect(nights.has(night), `listing ${r.listingMapId}, night ${night}`).toBe(false);
				nights.add(night);
			}
			nightsByListing.set(r.listingMapId, nights);
		}
	});

	it("has arrivals and departures today and tomorrow, and same-day turnovers, on many listings", async () => {
		const stays = (await seededReservations()).filter((r) => r.status === "new" || r.status === "modified");
		const today = businessToday();
		const tomorrow = plusDays(today, 1);
		expect(stays.filter((r) => r.arrivalDate === today).length).toBeGreaterThan(50);
		expect(stays.filter((r) => r.departureDate === today).length).toBeGreaterThan(50);
		expect(stays.some((r) => r.arrivalDate === tomorrow)).toBe(true);
		expect(stays.some((r) => r.departureDate === tomorrow)).toBe(true);
		const arrivingToday = new Set(stays.filter((r) => r.arrivalDate === today).map((r) => r.listingMapId));
		expect(stays.filter((r) => r.departureDate === today && arrivingToday.has(r.listingMapId)).length).toBeGreaterThan(20);
	});

	it("has an inbox of fewer conversations than reservations, with unread threads and a guest message that tries to instruct the assistant", async () => {
		const inbox = (await api(viaFetch, token, "GET", "/conversations?limit=5000")).body;
		const conversations = inbox.result as { hasUnreadMessages: number; conversationMessages: { body: string; isIncoming: number }[] }[];
		expect(conversations.length).toBeGreaterThan(500);
		expect(conversations.length).toBeLessThan((await api(viaFetch, token, "GET", "/reservations?limit=1")).body.count);
		expect(conversations.filter((c) => c.hasUnreadMessages === 1).length).toBeGreaterThan(50);
		const injected = conversations.filter((c) => /ignore previous instructions/i.test(c.conversationMessages[0]?.body ?? ""));
		expect(injected.length).toBeGreaterThanOrEqual(1);
		expect(injected.every((c) => c.conversationMessages[0]?.isIncoming === 1)).toBe(true);
	});

	it("shares no listing, reservation or conversation id with the other accounts", async () => {
		const reservations = await seededReservations();
		const ids = async (who: string, path: string) =>
			new Set(((await api(viaFetch, who, "GET", path)).body.result as { id: number }[]).map((record) => record.id));
		const largeConversations = await ids(token, "/conversations?limit=5000");
		for (const small of [demoToken, otherToken]) {
			const smallListings = await ids(small, "/listings");
			expect(listings.filter((l) => smallListings.has(l.id))).toEqual([]);
			const smallReservations = await ids(small, "/reservations?limit=5000");
			expect(reservations.filter((r) => smallReservations.has(r.id))).toEqual([]);
			const smallConversations = await ids(small, "/conversations?limit=5000");
			expect([...largeConversations].filter((id) => smallConversations.has(id))).toEqual([]);
		}
		// And its records are not found with another account's token.
		expect((await api(viaFetch, demoToken, "GET", `/listings/${listings[0]?.id}`)).status).toBe(404);
		expect((await api(viaFetch, demoToken, "GET", `/reservations/${reservations[0]?.id}`)).status).toBe(404);
	});
});

describe("resetting the large portfolio", () => {
	it("brings back the seed after a write: the same listings and reservations, the calendar without the change", async () => {
		const firstPage = `/reservations?sortOrder=updatedOn&limit=${PAGE}`;
		const before = (await api(viaFetch, token, "GET", firstPage)).body;
		const listingId = listings[listings.length - 1]?.id as number;
		const far = plusDays(businessToday(), 400);
		const changed = await api(viaFetch, token, "PUT", `/listings/${listingId}/calendar`, { startDate: far, endDate: far, price: 1 });
		expect(changed.status).toBe(200);
		const created = await api(viaFetch, token, "POST", "/reservations", {
			channelId: 2000,
			listingMapId: listingId,
			arrivalDate: plusDays(far, 10),
			departureDate: plusDays(far, 13),
		});
		expect(created.status).toBe(200);

		await freshSandbox();
		const day = await api(viaFetch, token, "GET", `/listings/${listingId}/calendar?startDate=${far}&endDate=${far}`);
		expect(day.body.result[0].price).not.toBe(1);
		expect((await api(viaFetch, token, "GET", `/reservations/${created.body.result.id}`)).status).toBe(404);
		// Compared as text: a deep comparison of so many large records takes seconds. The seed is
		// generated the same way as the small accounts' (seed.test.ts compares those in full).
		const after = (await api(viaFetch, token, "GET", firstPage)).body;
		expect(after.count).toBe(before.count);
		expect(JSON.stringify(after.result) === JSON.stringify(before.result)).toBe(true);
		expect(JSON.stringify((await api(viaFetch, token, "GET", "/listings")).body.result) === JSON.stringify(listings)).toBe(true);
	});
});
