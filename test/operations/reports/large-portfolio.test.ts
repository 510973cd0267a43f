/**
 * daily_briefing, occupancy_report and status-filtered search_bookings on the large demo
 * account (100003, 520 listings, about 6,000 reservations): with the normal budget a complete
 * answer that matches the sandbox's own data; with a budget too small to read everything before
 * the answer is due, a marked partial answer (never totals presented as complete).
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { businessToday, nightsBetween, plusDays } from "../../helpers/business-date";
import { connectWithBudget } from "../../helpers/budgeted-session";
import { freshSandbox, LARGE } from "../../helpers/sandbox";
import { type SandboxListing, type SandboxReservation, sandboxListings, sandboxReservations } from "../../helpers/sandbox-records";
import { callToolOk } from "../../helpers/tools";

/** 20 requests per 10 s and 3 s of waiting: far fewer than reading the portfolio takes. */
const SMALL = { HOSTAWAY_RATE_PER_10S: "20", HOSTAWAY_RATE_WINDOW_MS: "10000", HOSTAWAY_RATE_MAX_WAIT_MS: "3000" };
/** The small budget's window forgets the requests of earlier tests (each test passes alone, and after others). */
const budgetWindowPassed = () => new Promise((resolve) => setTimeout(resolve, 10_500));
/** The normal budget, with the longest wait allowed (the test machine is shared and slow). */
const NORMAL = { HOSTAWAY_RATE_MAX_WAIT_MS: "30000" };

interface Partial {
	covered: number;
	total: number | null;
	unit: string;
	nextCursor?: string;
}
interface Report {
	firstNight: string;
	lastNight: string;
	lastNightAsked: string;
	totals: { listings: number; occupiedNights: number; ownerNights: number; bookings: number };
	complete: boolean;
	partial?: Partial;
}

let listings: SandboxListing[];
let reservations: SandboxReservation[];
let client: Client | undefined;

beforeAll(async () => {
	await freshSandbox();
	listings = (await sandboxListings(LARGE)).filter((listing) => listing.specialStatus !== "archived");
	reservations = await sandboxReservations(LARGE);
}, 120_000);
afterEach(async () => {
	await client?.close();
	client = undefined;
});

const confirmed = (r: SandboxReservation) => ["new", "modified", "confirmed"].includes(r.status);

/** Occupied nights, owner nights and stays from `first` to `last` inclusive, from the sandbox's records. */
function expectedTotals(first: string, last: string) {
	const active = new Set(listings.map((l) => l.id));
	let occupiedNights = 0;
	let ownerNights = 0;
	let bookings = 0;
	for (const r of reservations) {
		if (!active.has(r.listingMapId)) continue;
		const from = r.arrivalDate > first ? r.arrivalDate : first;
		const until = r.departureDate < plusDays(last, 1) ? r.departureDate : plusDays(last, 1);
		const nights = Math.max(0, nightsBetween(from, until));
		if (nights === 0) continue;
		if (r.status === "ownerStay") ownerNights += nights;
		else if (confirmed(r)) {
			occupiedNights += nights;
			bookings++;
		}
	}
	return { listings: listings.length, occupiedNights, ownerNights, bookings };
}

describe("the large portfolio", () => {
	it("occupancy_report: complete with the normal budget, matching the sandbox's data", async () => {
		expect(reservations.length, "the large account has more reservations than one old walk read").toBeGreaterThan(1_000);
		client = await connectWithBudget(LARGE, NORMAL);
		const start = plusDays(businessToday(), -20);
		const end = plusDays(businessToday(), 20);
		const { data } = await callToolOk<Report>(client, "occupancy_report", { start, end });
		expect(data.complete).toBe(true);
		expect(data.partial).toBeUndefined();
		expect(data.lastNight).toBe(end);
		expect(data.totals).toMatchObject(expectedTotals(start, end));
	}, 180_000);

	it("occupancy_report: with too small a budget, covers the first nights exactly and says where the rest starts", async () => {
		await budgetWindowPassed();
		client = await connectWithBudget(LARGE, SMALL);
		const start = plusDays(businessToday(), -40);
		const end = plusDays(businessToday(), 40);
		const { data, text } = await callToolOk<Report>(client, "occupancy_report", { start, end });
		expect(data.complete).toBe(false);
		expect(data.partial).toBeDefined();
		expect(data.partial!.covered).toBeLessThan(data.partial!.total!);
		expect(data.lastNightAsked).toBe(end);
		expect(data.lastNight < end).toBe(true);
		expect(nightsBetween(start, data.lastNight) + 1).toBe(data.partial!.covered);
		// What it does report is exact for the nights it covers, not a silently low total.
		expect(data.totals).toMatchObject(expectedTotals(start, data.lastNight));
		expect(text).toMatch(/Partial answer/);
		expect(text).toContain(`start ${plusDays(data.lastNight, 1)} and end ${end}`);
	}, 180_000);

	it("daily_briefing: complete with the normal budget, partial and marked when the budget is spent", async () => {
		client = await connectWithBudget(LARGE, NORMAL);
		const full = await callToolOk<{ complete: boolean; partial?: Partial; arrivals: { count: number } }>(client, "daily_briefing", {});
		expect(full.data.partial).toBeUndefined();
		await client.close();

		await budgetWindowPassed();
		// Listings stay cached; five requests per 10 s cannot read another day's reservations (several pages) in 3 s.
		client = await connectWithBudget(LARGE, { ...SMALL, HOSTAWAY_RATE_PER_10S: "5" });
		const { data, text } = await callToolOk<{ complete: boolean; partial?: Partial }>(client, "daily_briefing", {
			date: plusDays(businessToday(), 3),
		});
		expect(data.complete).toBe(false);
		expect(data.partial).toBeDefined();
		if (data.partial!.total !== null) expect(data.partial!.covered).toBeLessThan(data.partial!.total);
		expect(text).toMatch(/Partial answer/);
	}, 180_000);

	it("search_bookings by status: a marked partial page whose cursor continues without repeats", async () => {
		await budgetWindowPassed();
		client = await connectWithBudget(LARGE, SMALL);
		const args = { status: ["declined"], sort: "arrival", limit: 100 };
		const first = await callToolOk<{ bookings: { id: number; status: string }[]; partial?: Partial; nextCursor: string | null }>(
			client,
			"search_bookings",
			args,
		);
		expect(first.data.partial).toBeDefined();
		expect(first.data.partial!.covered).toBeLessThan(first.data.partial!.total!);
		expect(first.data.partial!.nextCursor).toBe(first.data.nextCursor);
		expect(first.text).toMatch(/Partial answer/);
		const second = await callToolOk<{ bookings: { id: number; status: string }[] }>(client, "search_bookings", {
			...args,
			cursor: first.data.nextCursor,
		});
		const ids = [...first.data.bookings, ...second.data.bookings].map((b) => b.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect([...first.data.bookings, ...second.data.bookings].every((b) => b.status === "declined")).toBe(true);
		const expected = reservations
			.filter((r) => r.status === "declined")
			.sort((a, b) => a.arrivalDate.localeCompare(b.arrivalDate) || a.id - b.id)
			.map((r) => r.id);
		expect(ids).toEqual(expected.slice(0, ids.length));
	}, 180_000);
});
