/**
 * occupancy_report, checked against numbers computed here from the sandbox's own reservations
 * and listings (read directly): nights inside the range only (stays straddling either edge
 * included), revenue pro rata per night, confirmed stays only, owner nights apart, money per
 * currency, and bad input refused before any upstream call.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { businessToday, nightsBetween, plusDays } from "../../helpers/business-date";
import { expectNoSecrets, listingSecrets } from "../../helpers/output-checks";
import { freshSandbox } from "../../helpers/sandbox";
import {
	mainTimeZoneOf,
	type SandboxListing,
	type SandboxReservation,
	sandboxListings,
	sandboxReservations,
} from "../../helpers/sandbox-records";
import { callPatiently, callWithBudget, connectMcpClient, expectRefusedWithoutUpstream } from "../../helpers/tools";

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

const CHANNEL_LABELS: Record<number, string> = { 2000: "Direct", 2018: "Airbnb", 2005: "Booking.com", 2002: "Vrbo" };

let client: Client;
let allListings: SandboxListing[];
let activeListings: SandboxListing[];
let allReservations: SandboxReservation[];

// Nothing in this file writes, so the records read once hold for every test.
beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	allListings = await sandboxListings();
	activeListings = allListings.filter((listing) => listing.specialStatus !== "archived");
	allReservations = await sandboxReservations();
});
afterAll(async () => {
	await client?.close();
});

const isConfirmedStay = (r: SandboxReservation) => ["new", "modified", "confirmed"].includes(r.status);
const onActiveListing = (r: SandboxReservation) => activeListings.some((l) => l.id === r.listingMapId);

/** Nights of the stay from `first` to `last` inclusive. */
function inside(reservation: SandboxReservation, first: string, last: string): number {
	const from = reservation.arrivalDate > first ? reservation.arrivalDate : first;
	const until = reservation.departureDate < plusDays(last, 1) ? reservation.departureDate : plusDays(last, 1);
	return Math.max(0, nightsBetween(from, until));
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
		else if (isConfirmedStay(r)) {
			const share = n / nightsBetween(r.arrivalDate, r.departureDate);
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

describe("occupancy_report", () => {
	it("matches nights, revenue, ADR and RevPAR computed from the sandbox, with straddling stays cut at both edges", async () => {
		// A range of about a month, found in the data: it holds an owner stay (the one nearest the
		// business date), starts on the second night of a stay and ends on a stay's second-to-last night.
		const today = businessToday();
		const distance = (r: SandboxReservation) => Math.abs(nightsBetween(today, r.arrivalDate));
		const ownerStay = allReservations
			.filter((r) => r.status === "ownerStay" && onActiveListing(r))
			.sort((a, b) => distance(a) - distance(b))[0];
		expect(ownerStay, "no owner stay").toBeDefined();
		const stays = allReservations.filter((r) => isConfirmedStay(r) && onActiveListing(r) && r.nights >= 2);
		const startStay = stays.find(
			(r) => r.arrivalDate >= plusDays(ownerStay!.arrivalDate, -20) && r.arrivalDate <= plusDays(ownerStay!.arrivalDate, -5),
		);
		expect(startStay, "no stay to start the range in").toBeDefined();
		const first = plusDays(startStay!.arrivalDate, 1);
		const endStay = stays.find((r) => {
			const lastNight = plusDays(r.departureDate, -2);
			return lastNight >= plusDays(first, 20) && lastNight <= plusDays(first, 40);
		});
		expect(endStay, "no stay to end the range in").toBeDefined();
		const last = plusDays(endStay!.departureDate, -2);
		const nights = nightsBetween(first, last) + 1;
		// The range really cuts stays on both edges, so the allocation is exercised.
		expect(stays.some((r) => r.arrivalDate < first && r.departureDate > first)).toBe(true);
		expect(stays.some((r) => r.arrivalDate <= last && r.departureDate > plusDays(last, 1))).toBe(true);

		const { data, raw, text } = await callPatiently<Report>(client, "occupancy_report", { start: first, end: last });
		expect(data).toMatchObject({
			firstNight: first,
			lastNight: last,
			nightsInRange: nights,
			relativeDatesResolvedIn: null,
			complete: true,
		});
		const e = expectedFor(first, last, new Set(activeListings.map((l) => l.id)));
		expect(e.owner.get(ownerStay!.listingMapId), "the owner stay has no night in the range").toBeGreaterThan(0);

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
		expect(occupied).toBeGreaterThan(0);
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
		expectNoSecrets([raw], listingSecrets(allListings));
	});

	it("for one listing, counts a stay cut by the range start only for its nights inside, and its money pro rata", async () => {
		const straddler = allReservations.find((r) => isConfirmedStay(r) && r.nights >= 3 && onActiveListing(r));
		expect(straddler, "no confirmed stay of three nights or more").toBeDefined();
		const first = plusDays(straddler!.arrivalDate, 1);
		const last = plusDays(first, 6);
		const { data } = await callPatiently<Report>(client, "occupancy_report", {
			start: first,
			end: last,
			listingId: straddler!.listingMapId,
		});
		const e = expectedFor(first, last, new Set([straddler!.listingMapId]));
		expect(data.byListing).toHaveLength(1);
		expect(data.byListing[0]?.occupiedNights).toBe(e.nights.get(straddler!.listingMapId));
		expect(data.byListing[0]?.money[0]?.roomRevenue).toBeCloseTo(e.room.get(straddler!.listingMapId) as number, 1);
		// The straddling stay brings fewer nights than it has.
		expect(inside(straddler!, first, last)).toBe(Math.min(straddler!.nights - 1, 7));
		expect(data.totals).toMatchObject({ listings: 1, availableNights: 7 });
	});

	it("resolves relative words in the portfolio's main time zone and says which", async () => {
		const zone = mainTimeZoneOf(activeListings);
		const before = businessToday(zone);
		const { data } = await callPatiently<Report>(client, "occupancy_report", { start: "today", end: "in 6 days" });
		expect(data.relativeDatesResolvedIn).toBe(zone);
		// Checked before and after the call, in case the zone's midnight passed in between.
		expect([before, businessToday(zone)]).toContain(data.firstNight);
		expect(data.lastNight).toBe(plusDays(data.firstNight, 6));
		expect(data.nightsInRange).toBe(7);
	});

	it("says so when the listing is not in the account", async () => {
		expect(allListings.some((l) => l.id === 999)).toBe(false);
		const today = businessToday();
		const result = await callWithBudget(client, "occupancy_report", { start: today, end: plusDays(today, 5), listingId: 999 });
		expect(result.isError).toBe(true);
		expect(result.text).toMatch(/Listing 999 is not an active listing/);
	});

	const inDays = (days: number) => plusDays(businessToday(), days);
	it.each([
		[{ start: inDays(10), end: inDays(5) }, /before start/],
		[{ start: inDays(0), end: inDays(366) }, /367 nights; at most 366/],
		[{ start: "someday", end: inDays(5) }, /start: "someday" is not understood/],
		[{ start: "2026-02-30", end: inDays(5) }, /not a real calendar date/],
		[{ start: "1990-01-01", end: "1990-01-31" }, /Check the year/],
		[{ start: inDays(0) }, /end/],
		[{ start: inDays(0), end: inDays(3), listingId: "abc" }, /listingId/],
		[{ start: inDays(0), end: inDays(3), currency: "USD" }, /currency|unrecognized/i],
	])("refuses %o with a clear error and no upstream call", async (args, message) => {
		await expectRefusedWithoutUpstream(client, "occupancy_report", args, message);
	});
});
