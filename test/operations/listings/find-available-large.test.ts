/**
 * find_available_listings on the large portfolio (100003, 520 listings): every call answers,
 * complete or marked partial ("covers N of M candidates") with a cursor that continues exactly
 * where it stopped, in the order of fit (no candidate twice, none skipped), and the pages
 * together are the answer the sandbox's own data gives: with the normal budget, and with a rate
 * budget too small for one call to check every candidate before its answer is due.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { VERIFY_PER_CALL } from "../../../src/operations/listings/find-available-listings";
import { type BudgetVariables, connectWithBudget } from "../../helpers/budgeted-session";
import { businessToday, plusDays } from "../../helpers/business-date";
import { freshSandbox, LARGE } from "../../helpers/sandbox";
import { type SandboxDay, type SandboxListing, sandboxCalendar, sandboxGetAll } from "../../helpers/sandbox-records";
import { stayFits } from "../../helpers/stay-expectations";
import { callTool, expectRefusedWithoutUpstream } from "../../helpers/tools";

interface Partial {
	covered: number;
	total: number | null;
	unit: string;
	reason: string;
	nextCursor?: string;
}

interface Found {
	listings: { id: number; nights: number; rentTotal: number | null; cleaningFee: number | null; currency: string | null }[];
	excluded: { id: number; reasons: string[] }[];
	notVerified: { id: number }[];
	candidates: number | null;
	verifiedThrough: number;
	hasMore: boolean;
	nextCursor?: string;
	partial?: Partial;
}

/** A budget that cannot give one call every calendar it wants before the answer is due (3 s). */
const TOO_SMALL: BudgetVariables = { HOSTAWAY_RATE_PER_10S: "10", HOSTAWAY_RATE_WINDOW_MS: "10000", HOSTAWAY_RATE_MAX_WAIT_MS: "3000" };

let listings: SandboxListing[];
const clients: Client[] = [];

beforeAll(async () => {
	await freshSandbox();
	listings = await sandboxListings();
}, 60_000);

afterEach(async () => {
	await Promise.all(clients.splice(0).map((client) => client.close()));
});

function sandboxListings(): Promise<SandboxListing[]> {
	return sandboxGetAll<SandboxListing>("/listings", LARGE);
}

/** What the sandbox's data says: the candidates in the order of fit, and those whose calendar fits the stay. */
async function expected(search: { arrival: string; departure: string; guests: number; city?: string }) {
	const city = search.city ? `&city=${encodeURIComponent(search.city)}` : "";
	const candidates = await sandboxGetAll<SandboxListing>(
		`/listings?availabilityDateStart=${search.arrival}&availabilityDateEnd=${search.departure}&availabilityGuestNumber=${search.guests}${city}`,
		LARGE,
	);
	const inOrderOfFit = candidates
		.filter((listing) => listing.specialStatus !== "archived")
		.sort((a, b) => a.personCapacity - b.personCapacity || a.id - b.id);
	const calendars = new Map<number, SandboxDay[]>();
	await Promise.all(
		inOrderOfFit.map(async (listing) =>
			calendars.set(listing.id, await sandboxCalendar(listing.id, search.arrival, search.departure, LARGE)),
		),
	);
	const fits = inOrderOfFit.filter((listing) =>
		stayFits(calendars.get(listing.id)!, listing, search.arrival, search.departure, search.guests),
	);
	return { order: inOrderOfFit.map((listing) => listing.id), fits: fits.map((listing) => listing.id), calendars };
}

/**
 * Every page of one search, following the cursor. A call that ran out of time before checking
 * anything new is called again after the budget's window (as a model told to call again would).
 */
async function followCursor(client: Client, args: Record<string, unknown>, windowMs: number): Promise<Found[]> {
	const pages: Found[] = [];
	let cursor: string | undefined;
	let through = 0;
	for (let call = 0; call < 40; call++) {
		const result = await callTool<Found>(client, "find_available_listings", { ...args, ...(cursor ? { cursor } : {}) });
		expect(result.isError, `never a refusal: ${result.text}`).toBe(false);
		const page = result.data;
		pages.push(page);
		// Marked partial exactly when it stops early, with consistent counts and the cursor for the rest.
		if (page.hasMore) {
			expect(page.partial).toBeDefined();
			expect(page.partial).toMatchObject({ covered: page.verifiedThrough, total: page.candidates, unit: "candidates" });
			expect(page.partial!.nextCursor).toBe(page.nextCursor);
			expect(result.text).toContain(`**Partial answer:** covers ${page.verifiedThrough}`);
			expect(result.text).toContain(page.nextCursor!);
			if (page.candidates !== null) expect(page.verifiedThrough).toBeLessThan(page.candidates);
		} else {
			expect(page.partial).toBeUndefined();
			expect(page.nextCursor).toBeUndefined();
		}
		if (!page.hasMore) return pages;
		if (page.verifiedThrough === through) await new Promise((resolve) => setTimeout(resolve, windowMs));
		through = page.verifiedThrough;
		cursor = page.nextCursor;
	}
	throw new Error("the cursor did not reach the last candidate in 40 calls");
}

/** The pages together are the sandbox's answer: each page the next candidates in order of fit, no one twice, none skipped. */
async function expectPagesMatchSandbox(pages: Found[], search: { arrival: string; departure: string; guests: number; city?: string }) {
	const { order, fits, calendars } = await expected(search);
	let through = 0;
	for (const page of pages) {
		if (page.candidates !== null) expect(page.candidates).toBe(order.length);
		expect(page.notVerified).toEqual([]);
		const checked = [...page.listings.map((row) => row.id), ...page.excluded.map((entry) => entry.id)];
		expect(new Set(checked).size).toBe(checked.length);
		expect(checked.sort((a, b) => a - b)).toEqual(order.slice(through, page.verifiedThrough).sort((a, b) => a - b));
		through = page.verifiedThrough;
	}
	expect(through).toBe(order.length);
	const offered = pages.flatMap((page) => page.listings);
	expect(offered.map((row) => row.id).sort((a, b) => a - b)).toEqual([...fits].sort((a, b) => a - b));
	for (const row of offered) {
		const listing = listings.find((candidate) => candidate.id === row.id)!;
		const rent = calendars
			.get(row.id)!
			.filter((day) => day.date < search.departure)
			.reduce((sum, day) => sum + day.price, 0);
		expect(row).toMatchObject({ rentTotal: rent, cleaningFee: listing.cleaningFee, currency: listing.currencyCode });
	}
	for (const entry of pages.flatMap((page) => page.excluded)) expect(entry.reasons.length).toBeGreaterThan(0);
}

describe("find_available_listings on the large portfolio", () => {
	it("answers the whole portfolio's search page by page, each page marked partial until the last", async () => {
		const arrival = plusDays(businessToday(), 9);
		const search = { arrival, departure: plusDays(arrival, 3), guests: 2 };
		const client = await connectWithBudget(LARGE, {});
		clients.push(client);
		const pages = await followCursor(client, search, 1_000);
		// More candidates than one answer holds: the first call checks a whole page of them.
		expect(pages[0]!.candidates).toBeGreaterThan(VERIFY_PER_CALL);
		await expectPagesMatchSandbox(pages, search);
		// A cursor is bound to the search that issued it.
		await expectRefusedWithoutUpstream(
			client,
			"find_available_listings",
			{ ...search, guests: search.guests + 1, cursor: pages[0]!.nextCursor },
			/different filters/,
		);
	}, 180_000);

	it("with a budget too small for one call, answers partially and the cursor covers the rest exactly", async () => {
		// A fresh sandbox: no calendar is cached, so each one costs a request of the small budget.
		await freshSandbox();
		const arrival = plusDays(businessToday(), 12);
		const base = { arrival, departure: plusDays(arrival, 2), guests: 2 };
		// The city with the most candidates: more than the budget gives one call before its answer is due.
		const counts = new Map<string, number>();
		for (const listing of await sandboxGetAll<SandboxListing>(
			`/listings?availabilityDateStart=${base.arrival}&availabilityDateEnd=${base.departure}&availabilityGuestNumber=${base.guests}`,
			LARGE,
		))
			counts.set(listing.city, (counts.get(listing.city) ?? 0) + 1);
		const [city, candidates] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
		expect(candidates, "more candidates than one window's budget").toBeGreaterThan(2 * Number(TOO_SMALL.HOSTAWAY_RATE_PER_10S));
		const search = { ...base, city };

		const client = await connectWithBudget(LARGE, TOO_SMALL);
		clients.push(client);
		const pages = await followCursor(client, search, Number(TOO_SMALL.HOSTAWAY_RATE_WINDOW_MS));
		expect(pages.length).toBeGreaterThan(1);
		expect(pages[0]!.partial?.reason).toMatch(/rate limit/);
		await expectPagesMatchSandbox(pages, search);
	}, 180_000);
});
