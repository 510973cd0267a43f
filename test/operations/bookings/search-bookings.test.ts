/**
 * search_bookings against the sandbox: Hostaway's own filters, the status filter applied here
 * (and said so), cursor pages whose hasMore is honest, and zero upstream calls for bad input.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	callTool,
	callToolOk,
	connectMcpClient,
	freshSandbox,
	letRateBudgetRefill,
	sandboxGet,
	sandboxGetAll,
	upstreamRequestCount,
} from "../../helpers/tools";
import { type SandboxListing, type SandboxReservation, secretsIn, unfenced } from "./helpers";

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
let reservations: SandboxReservation[];

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	listings = await sandboxGetAll<SandboxListing>("/listings");
	reservations = await sandboxGetAll<SandboxReservation>("/reservations");
}, 60_000);
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

describe("search_bookings", { timeout: 120_000 }, () => {
	it("is listed as a read-only tool", async () => {
		const { tools } = await client.listTools();
		const tool = tools.find((t) => t.name === "search_bookings");
		expect(tool?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true });
		expect(tool?.outputSchema?.properties).toHaveProperty("hasMore");
	});

	it("filters by listing, sorts by arrival, and walks every page with an honest hasMore", async () => {
		const listing = listings[1]!;
		const expected = reservations.filter((r) => r.listingMapId === listing.id);
		const { rows, pages } = await walk({ listingId: listing.id, sort: "arrival", limit: 15 });
		expect(rows.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
		expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
		expect(rows.every((r) => r.listingId === listing.id)).toBe(true);
		const arrivals = rows.map((r) => r.arrival);
		expect(arrivals).toEqual([...arrivals].sort());
		// Every page but the last says more follow; the last says none do.
		expect(pages.slice(0, -1).every((p) => p.hasMore && p.returned === 15)).toBe(true);
		expect(pages.at(-1)?.hasMore).toBe(false);
		expect(pages.at(-1)?.nextCursor).toBeNull();
		expect(pages[0]?.totalMatching).toBe(expected.length);
		expect(pages[0]?.statusFilteredClientSide).toBe(false);
		// Guest names are fenced as untrusted text.
		expect(rows.every((r) => r.guestName === null || r.guestName.startsWith("<untrusted_guest_text>"))).toBe(true);
	});

	it("applies the status filter after fetching, says so, and matches an independent filter of the sandbox's data", async () => {
		await letRateBudgetRefill();
		const listing = listings[2]!;
		const wanted = new Set(["cancelled", "inquiry", "inquiryPreapproved", "inquiryDenied", "inquiryTimedout", "inquiryNotPossible"]);
		const expected = reservations.filter((r) => r.listingMapId === listing.id && wanted.has(r.status));
		expect(expected.length).toBeGreaterThan(2);
		const { rows, pages } = await walk({ listingId: listing.id, status: ["cancelled", "inquiry"], limit: 2 });
		expect(rows.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
		expect(rows.every((r) => wanted.has(r.status))).toBe(true);
		expect(pages.length).toBe(Math.ceil(expected.length / 2));
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
		await letRateBudgetRefill();
		const expected = reservations.filter((r) => r.status === "declined" || r.status === "expired");
		expect(reservations.length).toBeGreaterThan(500); // more than one call scans
		const { rows, pages } = await walk({ status: ["declined"], limit: 100 });
		expect(rows.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
		expect(pages.length).toBe(2);
		expect(pages[0]?.hasMore).toBe(true);
		expect(pages[0]?.notes.join(" ")).toMatch(/more may match/i);
		expect(pages[1]?.hasMore).toBe(false);
	});

	it("resolves a relative arrival window in the listing's time zone and echoes it", async () => {
		await letRateBudgetRefill();
		const listing = listings[0]!;
		const { data } = await callToolOk<SearchResult>(client, "search_bookings", {
			listingId: listing.id,
			arrivalDuring: "next 7 days",
			sort: "arrival",
		});
		expect(data.resolvedDates?.timeZone).toBe(listing.timeZoneName);
		const today = new Intl.DateTimeFormat("en-CA", { timeZone: listing.timeZoneName }).format(new Date());
		expect(data.resolvedDates?.today).toBe(today);
		expect(data.filters.arrivalFrom).toBe(today);
		const expected = await sandboxGet<SandboxReservation[]>(
			`/reservations?listingId=${listing.id}&arrivalStartDate=${data.filters.arrivalFrom}&arrivalEndDate=${data.filters.arrivalTo}&limit=100`,
		);
		expect(data.bookings.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
		expect(data.bookings.length).toBeGreaterThan(0);
	});

	it("filters by guest e-mail, guest name and channel with Hostaway's own filters", async () => {
		await letRateBudgetRefill();
		const sample = reservations.find((r) => r.guestEmail && r.channelId === 2018)!;
		const byEmail = await callToolOk<SearchResult>(client, "search_bookings", { guestEmail: sample.guestEmail, limit: 100 });
		const expectedByEmail = reservations.filter((r) => r.guestEmail?.toLowerCase() === sample.guestEmail!.toLowerCase());
		expect(byEmail.data.bookings.map((r) => r.id).sort()).toEqual(expectedByEmail.map((r) => r.id).sort());

		const listing = listings[3]!;
		const airbnb = await callToolOk<SearchResult>(client, "search_bookings", { listingId: listing.id, channel: "airbnb", limit: 100 });
		const expectedAirbnb = reservations.filter((r) => r.listingMapId === listing.id && r.channelId === 2018);
		expect(airbnb.data.totalMatching).toBe(expectedAirbnb.length);
		expect(airbnb.data.bookings.every((r) => r.channel === "Airbnb")).toBe(true);

		const lastName = unfenced(byEmail.data.bookings[0]?.guestName).split(" ").at(-1)!;
		const byName = await callToolOk<SearchResult>(client, "search_bookings", { guestName: lastName, limit: 5 });
		expect(byName.data.bookings.length).toBeGreaterThan(0);
		expect(byName.data.bookings.every((r) => r.guestName?.includes(lastName))).toBe(true);
		// No secrets in any of it.
		for (const raw of [byEmail.raw, airbnb.raw, byName.raw]) expect(secretsIn(raw, listings, reservations)).toEqual([]);
	});

	it("answers bad arguments with a clear error and no upstream call", async () => {
		await letRateBudgetRefill();
		const before = await upstreamRequestCount();
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
		for (const [args, message] of cases) {
			const result = await callTool(client, "search_bookings", args);
			expect(result.isError, JSON.stringify(args)).toBe(true);
			expect(result.text).toMatch(message);
		}
		// A cursor from other filters is refused too.
		const first = await callToolOk<SearchResult>(client, "search_bookings", { listingId: listings[4]!.id, limit: 1 });
		const afterFirst = await upstreamRequestCount();
		const mismatch = await callTool(client, "search_bookings", { listingId: listings[5]!.id, limit: 1, cursor: first.data.nextCursor });
		expect(mismatch.isError).toBe(true);
		expect(mismatch.text).toMatch(/different filters/);
		expect(afterFirst - before).toBe(1);
		expect(await upstreamRequestCount()).toBe(afterFirst);
	});
});
