/**
 * occupancy_report, checked against numbers computed here from the sandbox's own reservations
 * and listings (read directly): nights inside the range only (stays straddling either edge
 * included), revenue pro rata per night, confirmed stays only, owner nights apart, money per
 * currency, and bad input refused before any upstream call.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callPatiently, callTool, callWithBudget, connectMcpClient, freshSandbox, upstreamRequestCount } from "../../helpers/tools";
import { isoDay } from "../../sandbox/helpers";
import {
	expectNoSecrets,
	listings,
	listingSecrets,
	reservations,
	type SandboxListing,
	type SandboxReservation,
} from "../messaging/sandbox-records";

interface Money {
	currency: string;
	occupiedNights: number;
	roomRevenue: number;
	grossRevenue: number;
	adr: number | null;
	revpar?: number | null;
}
interface Report {
	firstNight: string;
	lastNight: string;
	nightsInRange: number;
	relativeDatesResolvedIn: string | null;
	totals: {
		listings: number;
		availableNights: number;
		occupiedNights: number;
		occupancyPercent: number | null;
		ownerNights: number;
		bookings: number;
		byCurrency: (Money & { listings: number; availableNights: number; revpar: number | null })[];
	};
	byListing: {
		listingId: number;
		occupiedNights: number;
		availableNights: number;
		occupancyPercent: number | null;
		ownerNights: number;
		bookings: number;
		money: Money[];
	}[];
	byChannel: { channel: string; occupiedNights: number; bookings: number; money: Money[] }[];
	excluded: { cancelled: number; inquiries: number; notConfirmed: number };
	complete: boolean;
}

const DAY = 86_400_000;
const CHANNEL_LABELS: Record<number, string> = { 2000: "Direct", 2018: "Airbnb", 2005: "Booking.com", 2002: "Vrbo" };

let client: Client;
let activeListings: SandboxListing[];
let allReservations: SandboxReservation[];

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	activeListings = (await listings()).filter((listing) => listing.specialStatus !== "archived");
	allReservations = await reservations();
});
afterAll(async () => {
	await client.close();
});

const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;

/** Nights of the stay from `first` to `last` inclusive, computed on day numbers. */
function inside(reservation: SandboxReservation, first: string, last: string): number {
	return Math.max(0, Math.min(day(reservation.departureDate), day(last) + 1) - Math.max(day(reservation.arrivalDate), day(first)));
}

interface Expected {
	nights: Map<number, number>;
	owner: Map<number, number>;
	bookings: Map<number, number>;
	room: Map<number, number>;
	gross: Map<number, number>;
	channelNights: Map<string, number>;
	cancelled: number;
	inquiries: number;
}

function expectedFor(first: string, last: string, listingIds: Set<number>): Expected {
	const e: Expected = {
		nights: new Map(),
		owner: new Map(),
		bookings: new Map(),
		room: new Map(),
		gross: new Map(),
		channelNights: new Map(),
		cancelled: 0,
		inquiries: 0,
	};
	const add = (map: Map<number, number>, key: number, value: number) => map.set(key, (map.get(key) ?? 0) + value);
	for (const r of allReservations) {
		const n = inside(r, first, last);
		if (n === 0 || !listingIds.has(r.listingMapId)) continue;
		if (r.status === "ownerStay") add(e.owner, r.listingMapId, n);
		else if (["cancelled", "declined", "expired"].includes(r.status)) e.cancelled++;
		else if (r.status.startsWith("inquiry")) e.inquiries++;
		else if (["new", "modified", "confirmed"].includes(r.status)) {
			const share = n / (day(r.departureDate) - day(r.arrivalDate));
			add(e.nights, r.listingMapId, n);
			add(e.bookings, r.listingMapId, 1);
			add(e.room, r.listingMapId, (r.totalPrice - (r.cleaningFee ?? 0) - (r.taxAmount ?? 0)) * share);
			add(e.gross, r.listingMapId, r.totalPrice * share);
			const channel = CHANNEL_LABELS[r.channelId] as string;
			e.channelNights.set(channel, (e.channelNights.get(channel) ?? 0) + n);
		}
	}
	return e;
}

describe("occupancy_report", { timeout: 120_000 }, () => {
	it("matches nights, revenue, ADR and RevPAR computed from the sandbox, with straddling stays cut at both edges", async () => {
		const first = isoDay(-10);
		const last = isoDay(20);
		const confirmed = allReservations.filter((r) => r.status === "new" || r.status === "modified");
		// The range really cuts stays on both edges, so the allocation is exercised.
		expect(confirmed.some((r) => r.arrivalDate < first && r.departureDate > first)).toBe(true);
		expect(confirmed.some((r) => r.arrivalDate <= last && day(r.departureDate) > day(last) + 1)).toBe(true);

		const { data, raw, text } = await callPatiently<Report>(client, "occupancy_report", { start: first, end: last });
		const nights = 31;
		expect(data).toMatchObject({
			firstNight: first,
			lastNight: last,
			nightsInRange: nights,
			relativeDatesResolvedIn: null,
			complete: true,
		});
		const e = expectedFor(first, last, new Set(activeListings.map((l) => l.id)));

		expect(data.byListing).toHaveLength(activeListings.length);
		for (const listing of activeListings) {
			const row = data.byListing.find((r) => r.listingId === listing.id);
			const occupied = e.nights.get(listing.id) ?? 0;
			expect(row, `listing ${listing.id}`).toMatchObject({
				occupiedNights: occupied,
				availableNights: nights,
				ownerNights: e.owner.get(listing.id) ?? 0,
				bookings: e.bookings.get(listing.id) ?? 0,
			});
			expect(row?.occupancyPercent).toBeCloseTo((occupied / nights) * 100, 1);
			if (occupied === 0) {
				expect(row?.money).toEqual([]);
				continue;
			}
			// One currency per listing, the listing's own: never mixed.
			expect(row?.money).toHaveLength(1);
			const money = row?.money[0] as Money;
			const room = e.room.get(listing.id) as number;
			expect(money.currency).toBe(listing.currencyCode);
			expect(money.roomRevenue).toBeCloseTo(room, 1);
			expect(money.grossRevenue).toBeCloseTo(e.gross.get(listing.id) as number, 1);
			expect(money.adr).toBeCloseTo(room / occupied, 1);
			expect(money.revpar).toBeCloseTo(room / nights, 1);
		}

		const occupied = [...e.nights.values()].reduce((a, b) => a + b, 0);
		expect(data.totals).toMatchObject({
			listings: activeListings.length,
			availableNights: activeListings.length * nights,
			occupiedNights: occupied,
			ownerNights: [...e.owner.values()].reduce((a, b) => a + b, 0),
		});
		expect(data.totals.occupancyPercent).toBeCloseTo((occupied / (activeListings.length * nights)) * 100, 1);

		// Money per currency: each currency's listings, revenue and RevPAR on its own.
		const currencies = [...new Set(activeListings.map((l) => l.currencyCode))].sort();
		expect(currencies.length).toBeGreaterThan(1);
		expect(data.totals.byCurrency.map((c) => c.currency)).toEqual(currencies);
		for (const currency of currencies) {
			const ids = activeListings.filter((l) => l.currencyCode === currency).map((l) => l.id);
			const room = ids.reduce((sum, id) => sum + (e.room.get(id) ?? 0), 0);
			const total = data.totals.byCurrency.find((c) => c.currency === currency);
			expect(total).toMatchObject({ listings: ids.length, availableNights: ids.length * nights });
			expect(total?.roomRevenue).toBeCloseTo(room, 1);
			expect(total?.revpar).toBeCloseTo(room / (ids.length * nights), 1);
		}

		expect(Object.fromEntries(data.byChannel.map((c) => [c.channel, c.occupiedNights]))).toEqual(Object.fromEntries(e.channelNights));
		expect(data.excluded).toMatchObject({ cancelled: e.cancelled, inquiries: e.inquiries });
		expect(text).toContain("last night included");
		expectNoSecrets(raw, listingSecrets(activeListings));
	});

	it("for one listing, counts a stay cut by the range start only for its nights inside, and its money pro rata", async () => {
		const straddler = allReservations.find(
			(r) =>
				(r.status === "new" || r.status === "modified") &&
				day(r.departureDate) - day(r.arrivalDate) >= 3 &&
				activeListings.some((l) => l.id === r.listingMapId),
		) as SandboxReservation;
		const first = new Date((day(straddler.arrivalDate) + 1) * DAY).toISOString().slice(0, 10);
		const last = new Date((day(first) + 6) * DAY).toISOString().slice(0, 10);
		const { data } = await callPatiently<Report>(client, "occupancy_report", {
			start: first,
			end: last,
			listingId: straddler.listingMapId,
		});
		const e = expectedFor(first, last, new Set([straddler.listingMapId]));
		expect(data.byListing).toHaveLength(1);
		expect(data.byListing[0]?.occupiedNights).toBe(e.nights.get(straddler.listingMapId));
		expect(data.byListing[0]?.money[0]?.roomRevenue).toBeCloseTo(e.room.get(straddler.listingMapId) as number, 1);
		// The straddling stay brings fewer nights than it has.
		const stayNights = day(straddler.departureDate) - day(straddler.arrivalDate);
		expect(inside(straddler, first, last)).toBe(Math.min(stayNights - 1, 7));
		expect(data.totals).toMatchObject({ listings: 1, availableNights: 7 });
	});

	it("resolves relative words in the portfolio's main time zone and says which", async () => {
		const counts = new Map<string, number>();
		for (const listing of activeListings) counts.set(listing.timeZoneName, (counts.get(listing.timeZoneName) ?? 0) + 1);
		const top = Math.max(...counts.values());
		const zone = [...counts]
			.filter(([, count]) => count === top)
			.map(([name]) => name)
			.sort()[0] as string;
		const todayThere = () => new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(new Date());
		const before = todayThere();
		const { data } = await callPatiently<Report>(client, "occupancy_report", { start: "today", end: "in 6 days" });
		expect(data.relativeDatesResolvedIn).toBe(zone);
		expect([before, todayThere()]).toContain(data.firstNight);
		expect(data.nightsInRange).toBe(7);
	});

	it("says so when the listing is not in the account", async () => {
		const result = await callWithBudget(client, "occupancy_report", { start: isoDay(0), end: isoDay(5), listingId: 999 });
		expect(result.isError).toBe(true);
		expect(result.text).toMatch(/Listing 999 is not an active listing/);
	});

	it.each([
		[{ start: isoDay(10), end: isoDay(5) }, /before start/],
		[{ start: isoDay(0), end: isoDay(366) }, /367 nights; at most 366/],
		[{ start: "someday", end: isoDay(5) }, /start: "someday" is not understood/],
		[{ start: "2026-02-30", end: isoDay(5) }, /not a real calendar date/],
		[{ start: "1990-01-01", end: "1990-01-31" }, /Check the year/],
		[{ start: isoDay(0) }, /end/],
		[{ start: isoDay(0), end: isoDay(3), listingId: "abc" }, /listingId/],
		[{ start: isoDay(0), end: isoDay(3), currency: "USD" }, /currency|unrecognized/i],
	])("refuses %o with a clear error and no upstream call", async (args, message) => {
		const before = await upstreamRequestCount();
		const result = await callTool(client, "occupancy_report", args);
		expect(result.isError).toBe(true);
		expect(result.text).toMatch(message);
		expect(await upstreamRequestCount()).toBe(before);
	});
});
