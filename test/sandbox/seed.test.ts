/**
 * The seeded portfolio: current (relative to the business day, SANDBOX_TODAY or today), varied
 * and deterministic, so a demo such as a daily briefing always has something to show.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { businessToday, plusDays } from "../helpers/business-date";
import { DEMO, OTHER, api, freshSandbox, usableTokens, viaFetch } from "../helpers/sandbox";
import type { SandboxReservation } from "../helpers/sandbox-records";
import { expectSeededListing, type SeededListingFields } from "./seeded-listing";

/** The reservation fields these checks read (the sandbox's own records, test/helpers/sandbox-records.ts). */
type Reservation = Pick<
	SandboxReservation,
	"id" | "listingMapId" | "channelId" | "status" | "arrivalDate" | "departureDate" | "totalPrice"
>;

const tokens: Record<string, string> = {};

beforeAll(async () => {
	await freshSandbox();
	const [demo, other] = (await usableTokens(viaFetch, DEMO, OTHER)) as [string, string];
	tokens[DEMO.accountId] = demo;
	tokens[OTHER.accountId] = other;
});

describe.each([DEMO.accountId, OTHER.accountId])("the seeded portfolio of account %s", (accountId) => {
	const get = async (path: string) => (await api(viaFetch, tokens[accountId] as string, "GET", path)).body;

	it("has 12 to 20 listings across several cities and time zones, with door codes and Wi-Fi passwords", async () => {
		const listings = (await get("/listings")).result as (SeededListingFields & { city: string; timeZoneName: string })[];
		expect(listings.length).toBeGreaterThanOrEqual(12);
		expect(listings.length).toBeLessThanOrEqual(20);
		expect(new Set(listings.map((l) => l.city)).size).toBeGreaterThanOrEqual(6);
		expect(new Set(listings.map((l) => l.timeZoneName)).size).toBeGreaterThanOrEqual(4);
		for (const listing of listings) {
			expectSeededListing(listing);
		}
	});

	it("has several hundred reservations over the past and next six months, on the four main channels, in all common statuses", async () => {
		const reservations = (await get("/reservations?limit=5000")).result as Reservation[];
		expect(reservations.length).toBeGreaterThanOrEqual(300);
		const arrivals = reservations.map((r) => r.arrivalDate).sort();
		const today = businessToday();
		expect(arrivals[0]! <= plusDays(today, -150)).toBe(true);
		expect(arrivals[arrivals.length - 1]! >= plusDays(today, 150)).toBe(true);
		expect(new Set(reservations.map((r) => r.channelId))).toEqual(new Set([2000, 2002, 2005, 2018]));
		const statuses = new Set(reservations.map((r) => r.status));
		for (const status of ["new", "modified", "cancelled", "ownerStay", "inquiry"]) expect(statuses).toContain(status);
		expect([...statuses].filter((s) => s.startsWith("inquiry")).length).toBeGreaterThanOrEqual(2);
		expect(reservations.filter((r) => r.status === "ownerStay").every((r) => r.totalPrice === 0)).toBe(true);
	});

	it("has arrivals and departures today and tomorrow, and same-day turnovers", async () => {
		const reservations = ((await get("/reservations?limit=5000")).result as Reservation[]).filter((r) =>
			["new", "modified"].includes(r.status),
		);
		const today = businessToday();
		const tomorrow = plusDays(today, 1);
		expect(reservations.some((r) => r.arrivalDate === today)).toBe(true);
		expect(reservations.some((r) => r.departureDate === today)).toBe(true);
		expect(reservations.some((r) => r.arrivalDate === tomorrow)).toBe(true);
		expect(reservations.some((r) => r.departureDate === tomorrow)).toBe(true);
		const turnoverToday = reservations.some(
			(out) =>
				out.departureDate === today && reservations.some((inn) => inn.listingMapId === out.listingMapId && inn.arrivalDate === today),
		);
		expect(turnoverToday).toBe(true);
	});

	it("has a guest message that tries to instruct the assistant", async () => {
		const conversations = (await get("/conversations?limit=1000")).result as {
			conversationMessages: { body: string; isIncoming: number }[];
		}[];
		const injected = conversations.filter((c) => /ignore previous instructions|AI ASSISTANT/i.test(c.conversationMessages[0]?.body ?? ""));
		expect(injected.length).toBeGreaterThanOrEqual(1);
		expect(injected.every((c) => c.conversationMessages[0]?.isIncoming === 1)).toBe(true);
	});
});

describe("determinism", () => {
	it("seeds the same portfolio again when a reset must regenerate it", async () => {
		const token = tokens[DEMO.accountId] as string;
		const before = await api(viaFetch, token, "GET", "/reservations?limit=5000&sortOrder=arrivalDate");
		const listingsBefore = await api(viaFetch, token, "GET", "/listings");
		// A write, so that the reset regenerates the portfolio rather than keep the untouched seed.
		const listingId = listingsBefore.body.result[0].id;
		const far = plusDays(businessToday(), 400);
		expect((await api(viaFetch, token, "PUT", `/listings/${listingId}/calendar`, { startDate: far, endDate: far, price: 1 })).status).toBe(
			200,
		);
		await freshSandbox();
		const day = await api(viaFetch, token, "GET", `/listings/${listingId}/calendar?startDate=${far}&endDate=${far}`);
		expect(day.body.result[0].price).not.toBe(1);
		const after = await api(viaFetch, token, "GET", "/reservations?limit=5000&sortOrder=arrivalDate");
		expect(after.body).toEqual(before.body);
		expect((await api(viaFetch, token, "GET", "/listings")).body).toEqual(listingsBefore.body);
	});
});
