/**
 * find_available_listings against the sandbox: every listing it offers really fits the stay
 * (calendar read independently, capacity, minimum stay, closed to arrival/departure), every
 * listing that fits is offered, Hostaway's candidates that fail a rule are named as excluded.
 * A small portfolio is answered in one call; the cursor through many candidates is tested on the
 * large portfolio (find-available-large.test.ts).
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERIFY_PER_CALL } from "../../../src/operations/listings/find-available-listings";
import { businessToday, nextWeekday, plusDays } from "../../helpers/business-date";
import { expectNoSecrets, listingSecrets } from "../../helpers/output-checks";
import { freshSandbox } from "../../helpers/sandbox";
import {
	mainTimeZoneOf,
	type SandboxDay,
	type SandboxListing,
	sandboxCalendar,
	sandboxGetAll,
	sandboxListings,
	sandboxWrite,
} from "../../helpers/sandbox-records";
import { callPatiently, connectMcpClient, expectRefusedWithoutUpstream } from "../../helpers/tools";
import { stayFits } from "../../helpers/stay-expectations";

interface Found {
	arrival: string;
	departure: string;
	nights: number;
	guests: number;
	timeZone: string;
	today: string;
	listings: { id: number; maxGuests: number; currency: string; nights: number; rentTotal: number | null; cleaningFee: number | null }[];
	excluded: { id: number; name: string; reasons: string[] }[];
	notVerified: { id: number }[];
	candidates: number;
	verifiedThrough: number;
	hasMore: boolean;
	nextCursor?: string;
	partial?: { covered: number; total: number | null; nextCursor?: string };
}

let client: Client;
let listings: SandboxListing[];
const outputs: string[] = [];

/** Every page of one search, following the cursor (the product's rate budget paces the calls). */
async function findAll(args: Record<string, unknown>): Promise<Found[]> {
	const pages: Found[] = [];
	let cursor: string | undefined;
	do {
		const result = await callPatiently<Found>(client, "find_available_listings", { ...args, ...(cursor ? { cursor } : {}) });
		outputs.push(result.raw);
		pages.push(result.data);
		cursor = result.data.nextCursor;
	} while (cursor && pages.length < 5);
	return pages;
}

/** The listings Hostaway's (the sandbox's) availability filter offers for a stay. */
function sandboxCandidates(arrival: string, departure: string, guests: number): Promise<SandboxListing[]> {
	return sandboxGetAll<SandboxListing>(
		`/listings?availabilityDateStart=${arrival}&availabilityDateEnd=${departure}&availabilityGuestNumber=${guests}`,
	);
}

async function calendarsFor(ids: readonly number[], start: string, end: string): Promise<Map<number, SandboxDay[]>> {
	const calendars = new Map<number, SandboxDay[]>();
	for (const id of ids) calendars.set(id, await sandboxCalendar(id, start, end));
	return calendars;
}

/** The candidates whose calendar takes no arrivals on `arrival`. */
async function closedToArrival(candidates: readonly SandboxListing[], arrival: string): Promise<SandboxListing[]> {
	const calendars = await calendarsFor(
		candidates.map((listing) => listing.id),
		arrival,
		arrival,
	);
	return candidates.filter((listing) => calendars.get(listing.id)![0]?.closedOnArrival === 1);
}

const SUNDAY = 0;
const SUNDAY_STAY = { nights: 3, guests: 2 };
/** Candidates the Sunday stay has at least: some offered, some excluded. */
const MIN_SUNDAY_CANDIDATES = 4;

/**
 * A Sunday arrival with several candidates and at least one candidate closed to arrival that day. Looked for in the seeded calendars first
 * (some listings take no Sunday arrivals in the coming weeks); on a day whose data has no such
 * Sunday, it is made through the sandbox's API: nights freed on listings big enough (blocks
 * lifted, the reservations on them cancelled) until there are enough candidates, then one
 * candidate closed to arrival. Made once per file; the tests read the data after it.
 */
let sundayStay: Promise<{ arrival: string; departure: string }> | undefined;
function sundayWithClosedArrival(): Promise<{ arrival: string; departure: string }> {
	sundayStay ??= findOrMakeSundayStay();
	return sundayStay;
}

async function findOrMakeSundayStay(): Promise<{ arrival: string; departure: string }> {
	// From two days out, so the arrival is not already past in any listing's time zone.
	const firstSunday = nextWeekday(plusDays(businessToday(), 2), SUNDAY);
	let busiest: { arrival: string; departure: string; candidates: SandboxListing[] } | undefined;
	for (let week = 0; week < 12; week++) {
		const arrival = plusDays(firstSunday, 7 * week);
		const departure = plusDays(arrival, SUNDAY_STAY.nights);
		const candidates = await sandboxCandidates(arrival, departure, SUNDAY_STAY.guests);
		if (candidates.length >= MIN_SUNDAY_CANDIDATES && (await closedToArrival(candidates, arrival)).length > 0)
			return { arrival, departure };
		if (!busiest || candidates.length > busiest.candidates.length) busiest = { arrival, departure, candidates };
	}
	const { arrival, departure } = busiest!;
	let candidates = busiest!.candidates;
	for (const listing of listings.filter((candidate) => candidate.personCapacity >= SUNDAY_STAY.guests)) {
		if (candidates.length >= MIN_SUNDAY_CANDIDATES) break;
		if (candidates.some((candidate) => candidate.id === listing.id)) continue;
		await freeNights(listing.id, arrival, plusDays(departure, -1));
		candidates = await sandboxCandidates(arrival, departure, SUNDAY_STAY.guests);
	}
	if ((await closedToArrival(candidates, arrival)).length === 0) {
		await sandboxWrite("PUT", `/listings/${candidates[0]!.id}/calendar`, { startDate: arrival, endDate: arrival, closedOnArrival: 1 });
	}
	return { arrival, departure };
}

/** Makes the nights from `first` through `last` bookable: host blocks lifted, reservations on them cancelled. */
async function freeNights(listingId: number, first: string, last: string): Promise<void> {
	const days = await sandboxCalendar(listingId, first, last);
	const reservationIds = new Set(days.flatMap((day) => day.reservations.map((reservation) => reservation.id)));
	for (const id of reservationIds) await sandboxWrite("PUT", `/reservations/${id}/statuses/cancelled`, { cancelledBy: "host" });
	await sandboxWrite("PUT", `/listings/${listingId}/calendar`, { startDate: first, endDate: last, isAvailable: 1 });
}

/** The checks every search must pass, against the sandbox's data read independently. */
async function expectHonestResult(pages: Found[], arrival: string, departure: string, guests: number) {
	const candidates = await sandboxCandidates(arrival, departure, guests);
	const calendars = await calendarsFor(
		listings.map((listing) => listing.id),
		arrival,
		departure,
	);
	const fits = listings
		.filter((listing) => stayFits(calendars.get(listing.id)!, listing, arrival, departure, guests))
		.map((listing) => listing.id);

	const offered = pages.flatMap((page) => page.listings);
	const excluded = pages.flatMap((page) => page.excluded);
	for (const page of pages) {
		expect(page).toMatchObject({ arrival, departure, guests, candidates: candidates.length, notVerified: [] });
		expect(page.hasMore).toBe(page.verifiedThrough < page.candidates);
		expect(page.partial !== undefined).toBe(page.hasMore);
		const capacities = page.listings.map((row) => row.maxGuests);
		expect(capacities).toEqual([...capacities].sort((a, b) => a - b));
	}
	// A small portfolio's candidates fit one call.
	expect(pages).toHaveLength(Math.max(1, Math.ceil(candidates.length / VERIFY_PER_CALL)));
	expect(pages.at(-1)!.hasMore).toBe(false);
	expect(pages.at(-1)!.verifiedThrough).toBe(candidates.length);

	// Never a listing whose calendar has a reserved/blocked night, a broken rule, or too few beds…
	for (const row of offered) {
		const listing = listings.find((candidate) => candidate.id === row.id)!;
		const days = calendars.get(row.id)!;
		expect(stayFits(days, listing, arrival, departure, guests), `listing ${row.id} offered but does not fit`).toBe(true);
		expect(listing.personCapacity).toBeGreaterThanOrEqual(guests);
		const rent = days.filter((day) => day.date < departure).reduce((sum, day) => sum + day.price, 0);
		expect(row).toMatchObject({
			nights: pages[0]!.nights,
			rentTotal: rent,
			cleaningFee: listing.cleaningFee,
			currency: listing.currencyCode,
		});
	}
	// …and every listing that fits is offered; the other candidates are excluded with reasons.
	expect(offered.map((row) => row.id).sort()).toEqual([...fits].sort());
	expect(new Set([...offered.map((row) => row.id), ...excluded.map((entry) => entry.id)])).toEqual(
		new Set(candidates.map((listing) => listing.id)),
	);
	for (const entry of excluded) expect(entry.reasons.length).toBeGreaterThan(0);
	return { excluded, offered };
}

/**
 * A stay `in N days` to `in N+4 days` (N from 45 on, in `timeZone`) that a party of `guests`
 * fits in some listing and that some smaller listing would take for a smaller party, so the
 * party size decides. Found in the sandbox's calendars, and asserted.
 */
async function stayWherePartySizeDecides(timeZone: string, guests: number): Promise<{ inDays: number; today: string }> {
	const today = businessToday(timeZone);
	const calendars = await calendarsFor(
		listings.map((listing) => listing.id),
		plusDays(today, 45),
		plusDays(today, 90),
	);
	for (let inDays = 45; inDays <= 85; inDays++) {
		const [arrival, departure] = [plusDays(today, inDays), plusDays(today, inDays + 4)];
		const fit = (listing: SandboxListing, party: number) => stayFits(calendars.get(listing.id)!, listing, arrival, departure, party);
		const big = listings.some((listing) => fit(listing, guests));
		const small = listings.some((listing) => listing.personCapacity < guests && fit(listing, listing.personCapacity));
		if (big && small) return { inDays, today };
	}
	throw new Error(`no stay 45 to 90 days out fits a party of ${guests} in one listing and a smaller party in a smaller one`);
}

beforeAll(async () => {
	await freshSandbox();
	listings = await sandboxListings();
	client = await connectMcpClient();
});

afterAll(async () => {
	await client.close();
});

describe("find_available_listings", () => {
	it("offers exactly the listings that fit a Sunday arrival, and names the closed-to-arrival ones as excluded", async () => {
		const { arrival, departure } = await sundayWithClosedArrival();
		const candidates = await sandboxCandidates(arrival, departure, SUNDAY_STAY.guests);
		expect(candidates.length, "several candidates").toBeGreaterThanOrEqual(MIN_SUNDAY_CANDIDATES);
		expect(candidates.length, "candidates for one call").toBeLessThanOrEqual(VERIFY_PER_CALL);
		expect((await closedToArrival(candidates, arrival)).length, "a candidate closed to arrival").toBeGreaterThan(0);

		const pages = await findAll({ arrival, departure, guests: SUNDAY_STAY.guests });
		expect(pages[0]).toMatchObject({ timeZone: "UTC", today: businessToday(), nights: SUNDAY_STAY.nights });
		const { excluded } = await expectHonestResult(pages, arrival, departure, SUNDAY_STAY.guests);
		expect(pages).toHaveLength(1);
		expect(excluded.some((entry) => entry.reasons.some((reason) => /closed to arrival/.test(reason)))).toBe(true);
	});

	it("honours the party size and relative words, resolved in the given time zone", async () => {
		const { inDays, today } = await stayWherePartySizeDecides("Asia/Tokyo", 5);
		const [arrival, departure] = [plusDays(today, inDays), plusDays(today, inDays + 4)];
		const pages = await findAll({ arrival: `in ${inDays} days`, departure: `in ${inDays + 4} days`, guests: 5, timeZone: "Asia/Tokyo" });
		expect(pages[0]).toMatchObject({ timeZone: "Asia/Tokyo", today, arrival, departure });
		const { offered } = await expectHonestResult(pages, arrival, departure, 5);
		expect(offered.length).toBeGreaterThan(0);
		for (const row of offered) expect(row.maxGuests).toBeGreaterThanOrEqual(5);
	});

	it("resolves relative words without a timeZone in the portfolio's main time zone, and says so", async () => {
		const active = listings.filter((listing) => listing.specialStatus !== "archived");
		const zone = mainTimeZoneOf(active);
		const before = businessToday(zone);
		const [page] = await findAll({ arrival: "in 30 days", departure: "in 33 days", guests: 2 });
		expect(page).toMatchObject({
			timeZone: zone,
			todayRule: `today in the portfolio's main time zone (${zone}, the zone most listings use)`,
		});
		// Checked before and after the call, in case the zone's midnight passed in between.
		expect([before, businessToday(zone)]).toContain(page?.today);
		expect(page?.arrival).toBe(plusDays(page?.today as string, 30));
	});

	it("refuses bad arguments before calling Hostaway", async () => {
		const refuse = async (args: Record<string, unknown>, message: RegExp) => {
			outputs.push((await expectRefusedWithoutUpstream(client, "find_available_listings", args, message)).raw);
		};
		const today = businessToday();
		await refuse({ arrival: plusDays(today, 5), departure: plusDays(today, 9) }, /guests/);
		await refuse({ arrival: plusDays(today, 9), departure: plusDays(today, 5), guests: 2 }, /before it starts/);
		await refuse({ arrival: "2021-05-01", departure: "2021-05-03", guests: 2 }, /in the past/);
		await refuse({ arrival: plusDays(today, 5), departure: plusDays(today, 120), guests: 2 }, /at most 90/);
		await refuse({ arrival: "whenever", departure: plusDays(today, 5), guests: 2 }, /not understood/);
		await refuse({ arrival: plusDays(today, 5), departure: plusDays(today, 8), guests: 2, timeZone: "Moon/Base" }, /timeZone/);
		await refuse({ arrival: plusDays(today, 5), departure: plusDays(today, 8), guests: 2, cursor: "not a cursor" }, /cursor is not valid/);
	});

	it("never shows a listing's door code or Wi-Fi credentials", async () => {
		// A search of its own, so the check has outputs even when this test runs alone.
		const { arrival, departure } = await sundayWithClosedArrival();
		const own = await callPatiently<Found>(client, "find_available_listings", { arrival, departure, guests: SUNDAY_STAY.guests });
		outputs.push(own.raw);
		expect(own.data.listings.length + own.data.excluded.length).toBe(own.data.candidates);
		expectNoSecrets(outputs, listingSecrets(listings));
	});
});
