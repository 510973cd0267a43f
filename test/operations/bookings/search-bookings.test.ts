/**
 * search_bookings against the sandbox: Hostaway's own filters, the status filter applied here
 * (and said so), cursor pages whose hasMore is honest, and zero upstream calls for bad input.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_SCAN_PAGES } from "../../../src/operations/bookings/search-bookings";
import { PAGE_SIZE } from "../../../src/operations/shared/listings";
import { businessToday, plusDays } from "../../helpers/business-date";
import { expectNoSecrets, listingSecrets, unfenced } from "../../helpers/output-checks";
import { clearSandboxLog, countCalls, freshSandbox, sandboxLog, upstreamRequestCount } from "../../helpers/sandbox";
import {
	type SandboxListing,
	type SandboxReservation,
	sandboxGet,
	sandboxListings,
	sandboxReservations,
	sandboxWrite,
} from "../../helpers/sandbox-records";
import { callTool, callToolOk, connectMcpClient, expectRefusedWithoutUpstream } from "../../helpers/tools";

interface Row {
	id: number;
	listingId: number;
	guestName: string | null;
	arrival: string;
	departure: string;
	status: string;
	channel: string;
}
interface SearchResult {
	bookings: Row[];
	returned: number;
	totalMatching: number | null;
	hasMore: boolean;
	nextCursor: string | null;
	statusFilteredClientSide: boolean;
	filters: { arrivalFrom: string | null; arrivalTo: string | null; statuses: string[] | null };
	resolvedDates: { today: string; timeZone: string } | null;
	notes: string[];
}
let client: Client;
let listings: SandboxListing[];

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	listings = await sandboxListings();
});
afterAll(async () => {
	await client?.close();
});

/** Walks every page with the cursor; returns all rows and every page's hasMore. */
async function walk(args: Record<string, unknown>, maxPages = 20): Promise<{ rows: Row[]; pages: SearchResult[] }> {
	const rows: Row[] = [];
	const pages: SearchResult[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < maxPages; page++) {
		const { data } = await callToolOk<SearchResult>(client, "search_bookings", { ...args, ...(cursor ? { cursor } : {}) });
		pages.push(data);
		rows.push(...data.bookings);
		if (!data.hasMore) return { rows, pages };
		expect(data.nextCursor).toBeTruthy();
		cursor = data.nextCursor ?? undefined;
	}
	throw new Error("too many pages");
}

const sortedIds = (rows: readonly { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);

/** The listing with the most reservations matching, and those reservations. */
function busiestListing(reservations: SandboxReservation[], matches: (r: SandboxReservation) => boolean) {
	const best = listings
		.map((listing) => ({ listing, matching: reservations.filter((r) => r.listingMapId === listing.id && matches(r)) }))
		.sort((a, b) => b.matching.length - a.matching.length)[0];
	expect(best).toBeDefined();
	return best!;
}

/** Listings' door codes and Wi-Fi credentials, bookings' guest-portal links (a booking's door code is its phone's last digits). */
function secretsOf(reservations: SandboxReservation[]): string[] {
	return [...listingSecrets(listings), ...reservations.map((r) => r.guestPortalUrl).filter((url): url is string => !!url)];
}

describe("search_bookings", () => {
	it("is listed as a read-only tool", async () => {
		const { tools } = await client.listTools();
		const tool = tools.find((t) => t.name === "search_bookings");
		expect(tool?.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: true });
		expect(tool?.outputSchema?.properties).toHaveProperty("hasMore");
	});

	it("filters by listing, sorts by arrival, and walks every page with an honest hasMore", async () => {
		const limit = 15;
		const { listing, matching: expected } = busiestListing(await sandboxReservations(), () => true);
		expect(expected.length, "no listing has bookings for more than one page").toBeGreaterThan(limit);
		const { rows, pages } = await walk({ listingId: listing.id, sort: "arrival", limit });
		expect(sortedIds(rows)).toEqual(sortedIds(expected));
		expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
		expect(rows.every((r) => r.listingId === listing.id)).toBe(true);
		const arrivals = rows.map((r) => r.arrival);
		expect(arrivals).toEqual([...arrivals].sort());
		// Every page but the last is full and says more follow; the last says none do.
		expect(pages).toHaveLength(Math.ceil(expected.length / limit));
		expect(pages.slice(0, -1).every((p) => p.hasMore && p.returned === limit)).toBe(true);
		expect(pages.at(-1)?.hasMore).toBe(false);
		expect(pages.at(-1)?.nextCursor).toBeNull();
		expect(pages[0]?.totalMatching).toBe(expected.length);
		expect(pages[0]?.statusFilteredClientSide).toBe(false);
		// Guest names are fenced as untrusted text.
		expect(rows.every((r) => r.guestName === null || r.guestName.startsWith("<untrusted_guest_text>"))).toBe(true);
	});

	it("reads the next page with Hostaway's afterId cursor, never offset, with the same filters and order", async () => {
		// Not the page size of another test here, whose pages the server may still have cached.
		const limit = 12;
		const { listing, matching } = busiestListing(await sandboxReservations(), () => true);
		expect(matching.length, "no listing has bookings for more than one page").toBeGreaterThan(limit);
		await clearSandboxLog();
		const args = { listingId: listing.id, sort: "arrival", limit };
		const page1 = await callToolOk<SearchResult>(client, "search_bookings", args);
		expect(page1.data.nextCursor).toBeTruthy();
		await callToolOk<SearchResult>(client, "search_bookings", { ...args, cursor: page1.data.nextCursor });
		const reads = (await sandboxLog()).filter((entry) => entry.method === "GET" && entry.path === "/v1/reservations");
		expect(reads).toHaveLength(2);
		const [first, second] = reads;
		expect(first?.query).not.toHaveProperty("afterId");
		expect(first?.query).not.toHaveProperty("offset");
		expect(second?.query).not.toHaveProperty("offset");
		expect(second?.query.afterId).toBe(String(page1.data.bookings.at(-1)?.id));
		for (const read of reads)
			expect(read.query).toMatchObject({ listingId: String(listing.id), sortOrder: "arrivalDate", limit: String(limit) });
	});

	it("refuses a cursor from before afterId paging with a clear message and no upstream call", async () => {
		const [listing] = listings;
		const filters = { listingId: listing!.id, sort: "recently_updated" };
		// Not the page size of the bad-arguments test, which counts its own first page's upstream read.
		const { data } = await callToolOk<SearchResult>(client, "search_bookings", { ...filters, limit: 2 });
		expect(data.nextCursor).toBeTruthy();
		// The same search's cursor as the earlier version made it: the offset where the next page starts.
		const payload = JSON.parse(atob(data.nextCursor!.replace(/-/g, "+").replace(/_/g, "/"))) as { filters: string };
		const offsetCursor = btoa(JSON.stringify({ offset: 1, filters: payload.filters })).replace(/=+$/, "");
		await expectRefusedWithoutUpstream(client, "search_bookings", { ...filters, limit: 2, cursor: offsetCursor }, /earlier version/);
	});

	it("applies the status filter after fetching, says so, and matches an independent filter of the sandbox's data", async () => {
		const limit = 2;
		const wanted = new Set(["cancelled", "inquiry", "inquiryPreapproved", "inquiryDenied", "inquiryTimedout", "inquiryNotPossible"]);
		const { listing, matching: expected } = busiestListing(await sandboxReservations(), (r) => wanted.has(r.status));
		expect(expected.length, "no listing has cancellations and inquiries for more than one page").toBeGreaterThan(limit);
		const { rows, pages } = await walk({ listingId: listing.id, status: ["cancelled", "inquiry"], limit });
		expect(sortedIds(rows)).toEqual(sortedIds(expected));
		expect(rows.every((r) => wanted.has(r.status))).toBe(true);
		expect(pages).toHaveLength(Math.ceil(expected.length / limit));
		expect(pages.at(-1)?.hasMore).toBe(false);
		for (const page of pages) {
			expect(page.statusFilteredClientSide).toBe(true);
			expect(page.totalMatching).toBeNull();
			expect(page.notes.join(" ")).toMatch(/no status filter/i);
		}
		const { text } = await callToolOk(client, "search_bookings", { listingId: listing.id, status: ["cancelled"], limit: 1 });
		expect(text).toMatch(/no status filter/i);
	});

	it("keeps hasMore honest when a rare status needs more upstream pages than one call reads", async () => {
		const scannedPerCall = MAX_SCAN_PAGES * PAGE_SIZE;
		const declined = (r: SandboxReservation) => r.status === "declined" || r.status === "expired";
		const byArrival = (all: SandboxReservation[]) => [...all].sort((a, b) => a.arrivalDate.localeCompare(b.arrivalDate) || a.id - b.id);
		const seeded = byArrival(await sandboxReservations());
		expect(seeded.length, "the sandbox has too few bookings to need a second call").toBeGreaterThan(scannedPerCall);
		// The situation: a declined request that one call, reading in arrival order, cannot reach.
		// One arriving after every other booking sorts last.
		const last = seeded.at(-1)!;
		const late = await sandboxWrite<SandboxReservation>("POST", "/reservations", {
			channelId: 2018,
			listingMapId: last.listingMapId,
			arrivalDate: plusDays(last.arrivalDate, 1),
			departureDate: plusDays(last.arrivalDate, 4),
			status: "declined",
			guestName: "Late Decliner",
			numberOfGuests: 2,
		});
		const reservations = await sandboxReservations();
		expect(byArrival(reservations).findIndex((r) => r.id === late.id)).toBeGreaterThanOrEqual(scannedPerCall);
		const expected = reservations.filter(declined);
		expect(expected.length, "declined requests are not rare: one page would be full").toBeLessThanOrEqual(100);

		const { rows, pages } = await walk({ status: ["declined"], sort: "arrival", limit: 100 });
		expect(sortedIds(rows)).toEqual(sortedIds(expected));
		expect(pages.length).toBeGreaterThan(1);
		expect(pages[0]?.hasMore).toBe(true);
		expect(pages[0]?.notes.join(" ")).toMatch(/more may match/i);
		expect(pages.slice(0, -1).every((p) => p.hasMore)).toBe(true);
		expect(pages.at(-1)?.hasMore).toBe(false);
	});

	it("resolves a relative arrival window in the listing's time zone and echoes it", async () => {
		const reservations = await sandboxReservations();
		// A listing with arrivals in its own next seven days, so the window has something to find.
		const arrivesSoon = (listing: SandboxListing) => {
			const today = businessToday(listing.timeZoneName);
			return reservations.some((r) => r.listingMapId === listing.id && r.arrivalDate >= today && r.arrivalDate <= plusDays(today, 6));
		};
		const listing = listings.find(arrivesSoon);
		expect(listing, "no listing has an arrival in its next seven days").toBeDefined();
		const before = businessToday(listing!.timeZoneName);
		const { data } = await callToolOk<SearchResult>(client, "search_bookings", {
			listingId: listing!.id,
			arrivalDuring: "next 7 days",
			sort: "arrival",
		});
		// Checked before and after the call, in case the listing's midnight passed in between.
		expect([before, businessToday(listing!.timeZoneName)]).toContain(data.resolvedDates?.today);
		const today = data.resolvedDates!.today;
		expect(data.resolvedDates?.timeZone).toBe(listing!.timeZoneName);
		expect(data.filters).toMatchObject({ arrivalFrom: today, arrivalTo: plusDays(today, 6) });
		const expected = await sandboxGet<SandboxReservation[]>(
			`/reservations?listingId=${listing!.id}&arrivalStartDate=${today}&arrivalEndDate=${plusDays(today, 6)}&limit=100`,
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(sortedIds(data.bookings)).toEqual(sortedIds(expected));
	});

	it("filters by guest e-mail, guest name and channel with Hostaway's own filters", async () => {
		const reservations = await sandboxReservations();
		const sample = reservations.find((r) => r.guestEmail && r.channelId === 2018);
		expect(sample, "no Airbnb booking with a guest e-mail").toBeDefined();
		const byEmail = await callToolOk<SearchResult>(client, "search_bookings", { guestEmail: sample!.guestEmail, limit: 100 });
		const expectedByEmail = reservations.filter((r) => r.guestEmail?.toLowerCase() === sample!.guestEmail!.toLowerCase());
		expect(sortedIds(byEmail.data.bookings)).toEqual(sortedIds(expectedByEmail));

		const { listing, matching: expectedAirbnb } = busiestListing(reservations, (r) => r.channelId === 2018);
		expect(expectedAirbnb.length).toBeGreaterThan(0);
		const airbnb = await callToolOk<SearchResult>(client, "search_bookings", { listingId: listing.id, channel: "airbnb", limit: 100 });
		expect(airbnb.data.totalMatching).toBe(expectedAirbnb.length);
		expect(airbnb.data.bookings.length).toBeGreaterThan(0);
		expect(airbnb.data.bookings.every((r) => r.channel === "Airbnb")).toBe(true);

		const lastName = unfenced(byEmail.data.bookings[0]?.guestName).split(" ").at(-1)!;
		const byName = await callToolOk<SearchResult>(client, "search_bookings", { guestName: lastName, limit: 5 });
		expect(byName.data.bookings.length).toBeGreaterThan(0);
		expect(byName.data.bookings.every((r) => r.guestName?.includes(lastName))).toBe(true);
		// No secrets in any of it.
		expectNoSecrets([byEmail.raw, airbnb.raw, byName.raw], secretsOf(reservations));
	});

	it("answers bad arguments with a clear error and no upstream call", async () => {
		const cases: [Record<string, unknown>, RegExp][] = [
			[{ status: ["booked"] }, /status/i],
			[{ arrivalFrom: "the 32nd" }, /arrivalFrom/],
			[{ arrivalFrom: "2026-02-30" }, /not a real calendar date/],
			[{ arrivalFrom: "2026-05-10", arrivalTo: "2026-05-01" }, /before it starts/],
			[{ arrivalDuring: "this weekend", arrivalFrom: "today" }, /cannot be combined/],
			[{ guestEmail: "not-an-email" }, /guestEmail/],
			[{ channel: "myspace" }, /channel/i],
			[{ cursor: "garbage!" }, /cursor/],
			[{ limit: 500 }, /limit/],
			[{ listingID: 1 }, /listingID|unrecognized/i],
		];
		for (const [args, message] of cases) await expectRefusedWithoutUpstream(client, "search_bookings", args, message);

		// A cursor from other filters is refused too, before any upstream call.
		const [first, second] = listings;
		expect(second, "the account needs two listings").toBeDefined();
		await clearSandboxLog();
		const page = await callToolOk<SearchResult>(client, "search_bookings", { listingId: first!.id, limit: 1 });
		expect(page.data.nextCursor, `listing ${first!.id} has a single booking`).toBeTruthy();
		expect(countCalls(await sandboxLog(), "GET", "/reservations")).toBe(1);
		const afterFirst = await upstreamRequestCount();
		const mismatch = await callTool(client, "search_bookings", { listingId: second!.id, limit: 1, cursor: page.data.nextCursor });
		expect(mismatch.isError).toBe(true);
		expect(mismatch.text).toMatch(/different filters/);
		expect(await upstreamRequestCount()).toBe(afterFirst);
	});
});
