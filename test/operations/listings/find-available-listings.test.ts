/**
 * find_available_listings against the sandbox: every listing it offers really fits the stay
 * (calendar read independently, capacity, minimum stay, closed to arrival/departure), every
 * listing that fits is offered, Hostaway's candidates that fail a rule are named as excluded,
 * and the cursor continues the bounded verification honestly.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERIFY_PER_CALL } from "../../../src/operations/listings/find-available-listings";
import {
	callTool,
	callToolOk,
	connectMcpClient,
	freshSandbox,
	letRateBudgetRefill,
	sandboxGetAll,
	upstreamRequestCount,
} from "../../helpers/tools";
import {
	listingSecrets,
	plusDays,
	type SandboxDay,
	type SandboxListing,
	sandboxCalendar,
	sandboxListings,
	stayFits,
	todayInZone,
} from "./sandbox-data";

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
}

let client: Client;
let listings: SandboxListing[];
const outputs: string[] = [];

/** Every page of one search, following the cursor (with a pause so the account's rate budget refills). */
async function findAll(args: Record<string, unknown>): Promise<Found[]> {
	const pages: Found[] = [];
	let cursor: string | undefined;
	do {
		if (pages.length > 0) await letRateBudgetRefill();
		const result = await callToolOk<Found>(client, "find_available_listings", { ...args, ...(cursor ? { cursor } : {}) });
		outputs.push(result.raw);
		pages.push(result.data);
		cursor = result.data.nextCursor;
	} while (cursor && pages.length < 5);
	return pages;
}

async function calendarsFor(ids: readonly number[], arrival: string, departure: string): Promise<Map<number, SandboxDay[]>> {
	const calendars = new Map<number, SandboxDay[]>();
	for (const id of ids) calendars.set(id, await sandboxCalendar(id, arrival, departure));
	return calendars;
}

/** The checks every search must pass, against the sandbox's data read independently. */
async function expectHonestResult(pages: Found[], arrival: string, departure: string, guests: number) {
	const candidates = await sandboxGetAll<SandboxListing>(
		`/listings?availabilityDateStart=${arrival}&availabilityDateEnd=${departure}&availabilityGuestNumber=${guests}`,
	);
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
		const capacities = page.listings.map((row) => row.maxGuests);
		expect(capacities).toEqual([...capacities].sort((a, b) => a - b));
	}
	// The verification is bounded per call; the cursor walks through every candidate once.
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
		const today = todayInZone("UTC");
		// A Sunday three to eight weeks out: some seeded listings take no arrivals on Sundays then.
		let arrival = plusDays(today, 21);
		while (new Date(`${arrival}T00:00:00Z`).getUTCDay() !== 0) arrival = plusDays(arrival, 1);
		const departure = plusDays(arrival, 3);
		const pages = await findAll({ arrival, departure, guests: 2 });
		expect(pages[0]).toMatchObject({ timeZone: "UTC", today, nights: 3 });
		const { excluded } = await expectHonestResult(pages, arrival, departure, 2);
		expect(pages.length).toBeGreaterThan(1);
		expect(excluded.some((entry) => entry.reasons.some((reason) => /closed to arrival/.test(reason)))).toBe(true);
	});

	it("honours the party size and relative words, resolved in the given time zone", async () => {
		await letRateBudgetRefill();
		const today = todayInZone("Asia/Tokyo");
		const pages = await findAll({ arrival: "in 45 days", departure: "in 49 days", guests: 5, timeZone: "Asia/Tokyo" });
		expect(pages[0]).toMatchObject({ timeZone: "Asia/Tokyo", today, arrival: plusDays(today, 45), departure: plusDays(today, 49) });
		const { offered } = await expectHonestResult(pages, plusDays(today, 45), plusDays(today, 49), 5);
		for (const row of offered) expect(row.maxGuests).toBeGreaterThanOrEqual(5);
	});

	it("refuses bad arguments and foreign cursors before calling Hostaway", async () => {
		const refuse = async (args: Record<string, unknown>, message: RegExp) => {
			const before = await upstreamRequestCount();
			const result = await callTool(client, "find_available_listings", args);
			outputs.push(result.raw);
			expect(result.isError).toBe(true);
			expect(result.text).toMatch(message);
			expect(await upstreamRequestCount()).toBe(before);
		};
		const today = todayInZone("UTC");
		await refuse({ arrival: plusDays(today, 5), departure: plusDays(today, 9) }, /guests/);
		await refuse({ arrival: plusDays(today, 9), departure: plusDays(today, 5), guests: 2 }, /before it starts/);
		await refuse({ arrival: "2021-05-01", departure: "2021-05-03", guests: 2 }, /in the past/);
		await refuse({ arrival: plusDays(today, 5), departure: plusDays(today, 120), guests: 2 }, /at most 90/);
		await refuse({ arrival: "whenever", departure: plusDays(today, 5), guests: 2 }, /not understood/);
		await refuse({ arrival: plusDays(today, 5), departure: plusDays(today, 8), guests: 2, timeZone: "Moon/Base" }, /timeZone/);
		const first = await callToolOk<Found>(client, "find_available_listings", { arrival: "in 30 days", departure: "in 32 days", guests: 1 });
		outputs.push(first.raw);
		if (first.data.nextCursor) {
			await refuse({ arrival: "in 30 days", departure: "in 32 days", guests: 3, cursor: first.data.nextCursor }, /different filters/);
		}
	});

	it("never shows a listing's door code or Wi-Fi credentials", () => {
		const seen = outputs.join("\n");
		for (const secret of listingSecrets(listings)) expect(seen).not.toContain(secret);
	});
});
