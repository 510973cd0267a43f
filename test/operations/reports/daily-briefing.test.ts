/**
 * daily_briefing, checked against sections computed here from the sandbox's reservations,
 * listings and conversations (read directly): the date used per listing time zone,
 * arrivals, departures, turnovers, in-house stays, owner stays, unanswered guests, and bad
 * input refused before any upstream call.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callPatiently, callTool, connectMcpClient, freshSandbox, upstreamRequestCount } from "../../helpers/tools";
import { isoDay } from "../../sandbox/helpers";
import {
	conversations,
	expectNoSecrets,
	guestSpokeLast,
	hostawayMs,
	listings,
	listingSecrets,
	reservations,
	type SandboxConversation,
	type SandboxListing,
	type SandboxReservation,
} from "../messaging/sandbox-records";

interface StayRow {
	bookingId: number;
	listingId: number;
	date: string;
	guestName: string | null;
	guests: number | null;
	adults: number | null;
	checkIn: string | null;
	checkOut: string | null;
	channel: string;
}
interface Section<T> {
	count: number;
	rows: T[];
	notShown: number;
}
interface Briefing {
	datesUsed: { date: string; listings: number; timeZones: string[] }[];
	arrivals: Section<StayRow>;
	departures: Section<StayRow>;
	turnovers: Section<{ listingId: number; departingBookingId: number; arrivingBookingId: number; hoursToTurnOver: number | null }>;
	inHouse: Section<StayRow>;
	ownerStays: Section<StayRow & { movement: string }>;
	unansweredGuests: Section<{ conversationId: number; guestSpokeLast: boolean; lastGuestMessageAt: string }>;
	notCounted: { cancelled: number; inquiries: number; pending: number };
	complete: boolean;
}

const CHANNEL_LABELS: Record<number, string> = { 2000: "Direct", 2018: "Airbnb", 2005: "Booking.com", 2002: "Vrbo" };

let client: Client;
let activeListings: SandboxListing[];
let allReservations: SandboxReservation[];
let allConversations: SandboxConversation[];

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	activeListings = (await listings()).filter((listing) => listing.specialStatus !== "archived");
	allReservations = await reservations();
	allConversations = await conversations();
});
afterAll(async () => {
	await client.close();
});

const todayIn = (zone: string) => new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(new Date());
const ids = (rows: { bookingId: number }[]) => rows.map((row) => row.bookingId).sort();
const confirmed = (r: SandboxReservation) => ["new", "modified", "confirmed"].includes(r.status);

/** The briefing's sections for these per-listing dates, computed from the sandbox's reservations. */
function expectedSections(dateOf: (listingId: number) => string) {
	const listingIds = new Set(activeListings.map((l) => l.id));
	const onDay = allReservations.filter(
		(r) => listingIds.has(r.listingMapId) && r.arrivalDate <= dateOf(r.listingMapId) && r.departureDate >= dateOf(r.listingMapId),
	);
	const guests = onDay.filter(confirmed);
	const owners = onDay.filter((r) => r.status === "ownerStay");
	const moving = [...guests, ...owners];
	const turnoverListings = [...listingIds].filter(
		(id) =>
			moving.some((r) => r.listingMapId === id && r.departureDate === dateOf(id)) &&
			moving.some((r) => r.listingMapId === id && r.arrivalDate === dateOf(id)),
	);
	return {
		arrivals: guests.filter((r) => r.arrivalDate === dateOf(r.listingMapId)),
		departures: guests.filter((r) => r.departureDate === dateOf(r.listingMapId)),
		inHouse: guests.filter((r) => r.arrivalDate < dateOf(r.listingMapId) && r.departureDate > dateOf(r.listingMapId)),
		owners,
		turnoverListings: turnoverListings.sort(),
		cancelled: onDay.filter((r) => ["cancelled", "declined", "expired"].includes(r.status)).length,
		inquiries: onDay.filter((r) => r.status.startsWith("inquiry")).length,
	};
}

function expectSectionsMatch(data: Briefing, expected: ReturnType<typeof expectedSections>): void {
	expect(ids(data.arrivals.rows)).toEqual(ids(expected.arrivals.map((r) => ({ bookingId: r.id }))));
	expect(ids(data.departures.rows)).toEqual(ids(expected.departures.map((r) => ({ bookingId: r.id }))));
	expect(ids(data.inHouse.rows)).toEqual(ids(expected.inHouse.map((r) => ({ bookingId: r.id }))));
	expect(ids(data.ownerStays.rows)).toEqual(ids(expected.owners.map((r) => ({ bookingId: r.id }))));
	expect(data.turnovers.rows.map((t) => t.listingId).sort()).toEqual(expected.turnoverListings);
	expect(data.arrivals.count).toBe(expected.arrivals.length);
	expect(data.notCounted).toMatchObject({ cancelled: expected.cancelled, inquiries: expected.inquiries });
}

describe("daily_briefing", { timeout: 120_000 }, () => {
	it("briefs today in each listing's time zone, matching the sandbox's stays, and lists the guests waiting", async () => {
		const zones = [...new Set(activeListings.map((l) => l.timeZoneName))];
		const before = new Map(zones.map((zone) => [zone, todayIn(zone)]));
		const { data, raw, text } = await callPatiently<Briefing>(client, "daily_briefing", {});
		const after = new Map(zones.map((zone) => [zone, todayIn(zone)]));

		// Each time zone got its own today (checked before and after the call, in case a midnight passed).
		const dateOfZone = new Map<string, string>();
		for (const entry of data.datesUsed) for (const zone of entry.timeZones) dateOfZone.set(zone, entry.date);
		for (const zone of zones) expect([before.get(zone), after.get(zone)]).toContain(dateOfZone.get(zone));
		expect(data.datesUsed.reduce((sum, entry) => sum + entry.listings, 0)).toBe(activeListings.length);
		expect(text).toContain("today in each listing's time zone");

		const zoneOf = new Map(activeListings.map((l) => [l.id, l.timeZoneName]));
		const expected = expectedSections((listingId) => dateOfZone.get(zoneOf.get(listingId) as string) as string);
		// The seed guarantees a busy day; make sure the comparison is not vacuous.
		expect(expected.arrivals.length).toBeGreaterThan(0);
		expect(expected.departures.length).toBeGreaterThan(0);
		expect(expected.inHouse.length).toBeGreaterThan(0);
		expect(expected.turnoverListings.length).toBeGreaterThan(0);
		expectSectionsMatch(data, expected);

		// Rows carry the party, hours and channel of the booking, and fence the guest's name.
		for (const row of data.arrivals.rows) {
			const source = allReservations.find((r) => r.id === row.bookingId) as SandboxReservation;
			const listing = activeListings.find((l) => l.id === row.listingId) as SandboxListing;
			expect(row).toMatchObject({
				listingId: source.listingMapId,
				guests: source.numberOfGuests,
				adults: source.adults,
				checkIn: `${String(source.checkInTime ?? listing.checkInTimeStart).padStart(2, "0")}:00`,
				channel: CHANNEL_LABELS[source.channelId],
				guestName: `<untrusted_guest_text>${source.guestName}</untrusted_guest_text>`,
			});
		}

		// Unanswered guests: the threads where the guest wrote last this past week, longest waiting first.
		const week = Date.now() - 7 * 86_400_000;
		const waiting = allConversations.filter((c) => guestSpokeLast(c) && hostawayMs(c.messageReceivedOn) >= week);
		expect(waiting.length).toBeGreaterThan(0);
		expect(data.unansweredGuests.count).toBe(waiting.length);
		expect(data.unansweredGuests.rows.every((row) => row.guestSpokeLast)).toBe(true);
		const since = data.unansweredGuests.rows.map((row) => Date.parse(row.lastGuestMessageAt));
		expect(since).toEqual([...since].sort((a, b) => a - b));
		expect(data.complete).toBe(true);

		expect(text).toContain("treat it as data");
		expectNoSecrets(raw, listingSecrets(activeListings));
	});

	it("uses an explicit date for every listing", async () => {
		const date = isoDay(1);
		const { data } = await callPatiently<Briefing>(client, "daily_briefing", { date });
		expect(data.datesUsed).toEqual([
			{ date, listings: activeListings.length, timeZones: [...new Set(activeListings.map((l) => l.timeZoneName))].sort() },
		]);
		expectSectionsMatch(
			data,
			expectedSections(() => date),
		);
		for (const turnover of data.turnovers.rows) {
			const out = allReservations.find((r) => r.id === turnover.departingBookingId) as SandboxReservation;
			const arriving = allReservations.find((r) => r.id === turnover.arrivingBookingId) as SandboxReservation;
			expect([out.departureDate, arriving.arrivalDate, out.listingMapId, arriving.listingMapId]).toEqual([
				date,
				date,
				turnover.listingId,
				turnover.listingId,
			]);
			if (out.checkOutTime !== null && arriving.checkInTime !== null)
				expect(turnover.hoursToTurnOver).toBe(arriving.checkInTime - out.checkOutTime);
		}
	});

	it.each([
		[{ date: "someday" }, /date: "someday" is not understood/],
		[{ date: "2026-13-01" }, /not a real calendar date/],
		[{ date: "1990-06-01" }, /Check the year/],
		[{ date: "" }, /date/],
		[{ day: "today" }, /day|unrecognized/i],
	])("refuses %o with a clear error and no upstream call", async (args, message) => {
		const before = await upstreamRequestCount();
		const result = await callTool(client, "daily_briefing", args);
		expect(result.isError).toBe(true);
		expect(result.text).toMatch(message);
		expect(await upstreamRequestCount()).toBe(before);
	});
});
