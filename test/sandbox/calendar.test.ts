/**
 * Calendar: day status derived from reservations and blocks (the departure night stays free),
 * updates of one range and of batches (all or nothing), and price quotes.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { businessToday, plusDays } from "../helpers/business-date";
import { DEMO, api, freshSandbox, usableToken, viaFetch } from "../helpers/sandbox";

let token: string;
let listing: { id: number; cleaningFee: number; personCapacity: number; guestsIncluded: number };

beforeAll(async () => {
	await freshSandbox();
	token = await usableToken(viaFetch, DEMO);
	listing = (await api(viaFetch, token, "GET", "/listings?limit=1")).body.result[0];
});

beforeEach(async () => {
	await freshSandbox();
});

interface Day {
	date: string;
	status: string;
	isAvailable: number;
	price: number;
	minimumStay: number;
	closedOnArrival: number | null;
	closedOnDeparture: number | null;
	note: string | null;
	reservations: { id: number }[];
}

/** `days` after the business day (SANDBOX_TODAY or today). */
function inDays(days: number): string {
	return plusDays(businessToday(), days);
}

describe("calendar", () => {
	it("marks a stay's nights reserved and leaves its departure day free", async () => {
		const { body: reservations } = await api(
			viaFetch,
			token,
			"GET",
			`/reservations?listingId=${listing.id}&departureStartDate=${inDays(5)}&sortOrder=arrivalDate&limit=500`,
		);
		const stay = reservations.result.find(
			(r: { status: string; nights: number }) => (r.status === "new" || r.status === "modified") && r.nights >= 2,
		);
		expect(stay, `a confirmed stay of two nights or more on listing ${listing.id}`).toBeDefined();
		const { body } = await api(
			viaFetch,
			token,
			"GET",
			`/listings/${listing.id}/calendar?startDate=${stay.arrivalDate}&endDate=${stay.departureDate}&includeResources=1`,
		);
		const days = body.result as Day[];
		expect(days[0]?.date).toBe(stay.arrivalDate);
		for (const day of days.slice(0, -1)) {
			expect(day).toMatchObject({ status: "reserved", isAvailable: 0 });
			expect(day.reservations.map((r) => r.id)).toContain(stay.id);
		}
		const departure = days[days.length - 1] as Day;
		expect(departure.date).toBe(stay.departureDate);
		expect(departure.reservations.map((r) => r.id)).not.toContain(stay.id);

		const plain = await api(
			viaFetch,
			token,
			"GET",
			`/listings/${listing.id}/calendar?startDate=${stay.arrivalDate}&endDate=${stay.arrivalDate}`,
		);
		expect(plain.body.result[0].reservations).toEqual([]);
	});

	it("blocks and unblocks a range with PUT, returning the affected days", async () => {
		const free = (
			(await api(viaFetch, token, "GET", `/listings/${listing.id}/calendar?startDate=${inDays(40)}&endDate=${inDays(160)}`)).body
				.result as Day[]
		).find((day) => day.status === "available") as Day;
		expect(free, `an available day on listing ${listing.id}`).toBeDefined();
		const block = await api(viaFetch, token, "PUT", `/listings/${listing.id}/calendar`, {
			startDate: free.date,
			endDate: free.date,
			isAvailable: 0,
			note: "Plumber",
		});
		expect(block.status).toBe(200);
		expect(block.body.result).toHaveLength(1);
		expect(block.body.result[0]).toMatchObject({ date: free.date, status: "blocked", isAvailable: 0, note: "Plumber" });
		const booking = await api(viaFetch, token, "POST", "/reservations", {
			channelId: 2000,
			listingMapId: listing.id,
			arrivalDate: free.date,
			departureDate: plusDays(free.date, 1),
		});
		expect(booking.status).toBe(409);
		const unblock = await api(viaFetch, token, "PUT", `/listings/${listing.id}/calendar`, {
			startDate: free.date,
			endDate: free.date,
			isAvailable: 1,
		});
		expect(unblock.body.result[0]).toMatchObject({ status: "available", isAvailable: 1, note: "Plumber" });
	});

	it("sets prices and minimum stays over a range and validates the body", async () => {
		const start = inDays(300);
		const end = inDays(302);
		const { body } = await api(viaFetch, token, "PUT", `/listings/${listing.id}/calendar`, {
			startDate: start,
			endDate: end,
			price: 321,
			minimumStay: 4,
			closedOnArrival: 1,
		});
		expect(body.result).toHaveLength(3);
		for (const day of body.result as Day[]) expect(day).toMatchObject({ price: 321, minimumStay: 4, closedOnArrival: 1 });
		const read = await api(viaFetch, token, "GET", `/listings/${listing.id}/calendar?startDate=${start}&endDate=${end}`);
		expect(read.body.result.map((day: Day) => day.price)).toEqual([321, 321, 321]);

		const negative = await api(viaFetch, token, "PUT", `/listings/${listing.id}/calendar`, { startDate: start, endDate: end, price: -5 });
		expect(negative.status).toBe(400);
		expect(negative.body.result).toMatch(/price/);
		const backwards = await api(viaFetch, token, "PUT", `/listings/${listing.id}/calendar`, { startDate: end, endDate: start, price: 100 });
		expect(backwards.status).toBe(400);
		expect((await api(viaFetch, token, "PUT", "/listings/1/calendar", { startDate: start, endDate: end, price: 100 })).status).toBe(404);
	});

	it("applies a batch of intervals whole or not at all, and refuses more than 200", async () => {
		const a = inDays(310);
		const b = inDays(312);
		const ok = await api(viaFetch, token, "PUT", `/listings/${listing.id}/calendarIntervals`, [
			{ startDate: a, endDate: a, price: 111 },
			{ startDate: b, endDate: b, price: 222 },
		]);
		expect(ok.status).toBe(200);
		expect(ok.body).toEqual({ status: "success", result: [] });
		const after = (await api(viaFetch, token, "GET", `/listings/${listing.id}/calendar?startDate=${a}&endDate=${b}`)).body.result as Day[];
		expect([after[0]?.price, after[2]?.price]).toEqual([111, 222]);

		const halfBad = await api(viaFetch, token, "PUT", `/listings/${listing.id}/calendarIntervals`, [
			{ startDate: a, endDate: a, price: 999 },
			{ startDate: b, endDate: b, price: "lots" },
		]);
		expect(halfBad.status).toBe(400);
		const unchanged = (await api(viaFetch, token, "GET", `/listings/${listing.id}/calendar?startDate=${a}&endDate=${a}`)).body.result[0];
		expect(unchanged.price).toBe(111);

		const tooMany = Array.from({ length: 201 }, () => ({ startDate: a, endDate: a, price: 100 }));
		const refused = await api(viaFetch, token, "PUT", `/listings/${listing.id}/calendarIntervals`, tooMany);
		expect(refused.status).toBe(400);
		expect(refused.body.result).toMatch(/200/);
	});

	it("quotes a stay with priceDetails (version 2): nightly prices, cleaning fee and taxes add up to the total", async () => {
		const start = inDays(320);
		const end = inDays(323);
		await api(viaFetch, token, "PUT", `/listings/${listing.id}/calendar`, { startDate: start, endDate: inDays(322), price: 200 });
		const { status, body } = await api(viaFetch, token, "POST", `/listings/${listing.id}/calendar/priceDetails`, {
			startingDate: start,
			endingDate: end,
			numberOfGuests: 2,
			version: 2,
		});
		expect(status).toBe(200);
		const components = body.result.components as { name: string; type: string; total: number; isIncludedInTotalPrice: number }[];
		expect(components.find((c) => c.name === "baseRate")).toMatchObject({ type: "price", total: 600 });
		expect(components.find((c) => c.name === "cleaningFee")).toMatchObject({ type: "fee", total: listing.cleaningFee });
		expect(components.some((c) => c.type === "tax")).toBe(true);
		const sum = components.reduce((total, c) => total + c.total, 0);
		expect(body.result.totalPrice).toBeCloseTo(sum, 2);

		const noVersion = await api(viaFetch, token, "POST", `/listings/${listing.id}/calendar/priceDetails`, {
			startingDate: start,
			endingDate: end,
			numberOfGuests: 2,
		});
		expect(noVersion.status).toBe(400);
		expect(noVersion.body.result).toMatch(/version/);
		const tooMany = await api(viaFetch, token, "POST", `/listings/${listing.id}/calendar/priceDetails`, {
			startingDate: start,
			endingDate: end,
			numberOfGuests: listing.personCapacity + 1,
			version: 2,
		});
		expect(tooMany.status).toBe(400);
	});

	it("seeds varied calendars: some closed-to-arrival or departure days, blocks and event prices", async () => {
		const listings = (await api(viaFetch, token, "GET", "/listings")).body.result as { id: number }[];
		let closed = 0;
		let blocked = 0;
		let notes = 0;
		for (const { id } of listings.slice(0, 6)) {
			const days = (await api(viaFetch, token, "GET", `/listings/${id}/calendar?startDate=${inDays(0)}&endDate=${inDays(179)}`)).body
				.result as Day[];
			expect(days).toHaveLength(180);
			closed += days.filter((day) => day.closedOnArrival === 1 || day.closedOnDeparture === 1).length;
			blocked += days.filter((day) => day.status === "blocked").length;
			notes += days.filter((day) => day.note !== null).length;
			expect(new Set(days.map((day) => day.price)).size).toBeGreaterThan(1);
		}
		expect(closed).toBeGreaterThan(0);
		expect(blocked).toBeGreaterThan(0);
		expect(notes).toBeGreaterThan(0);
	});
});
