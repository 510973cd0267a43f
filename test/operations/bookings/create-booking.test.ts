/**
 * create_booking and the end-to-end flow availability → booking creation: a free range found
 * on the sandbox's calendar is previewed (nothing written), confirmed (exactly one reservation,
 * its nights reserved), confirmed again (the first result, still one reservation); an
 * overlapping stay is refused in the preview unless overbooking is explicitly allowed.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { businessToday, nightsBetween, plusDays } from "../../helpers/business-date";
import { expectNoSecrets, listingSecrets } from "../../helpers/output-checks";
import { clearSandboxLog, freshSandbox, sandboxLog, writesIn } from "../../helpers/sandbox";
import {
	type SandboxListing,
	type SandboxReservation,
	sandboxCalendar,
	sandboxGetAll,
	sandboxListings,
	sandboxQuote,
} from "../../helpers/sandbox-records";
import { callPatiently, callTool, callWithBudget, connectMcpClient, expectRefusedWithoutUpstream } from "../../helpers/tools";

interface Preview {
	status: "preview" | "done";
	preview?: { summary: string; changes: { field: string; from?: unknown; to: unknown }[]; warnings: string[] };
	confirmationToken?: string;
	replayed?: boolean;
	result?: {
		booking: {
			id: number;
			listingId: number;
			guestName: string;
			arrival: string;
			departure: string;
			nights: number;
			guests: number;
			status: string;
			channel: string;
			totalPrice: number;
			currency: string;
		};
		priceSource: string;
		overbooked: boolean;
		resolvedDates: { today: string; timeZone: string; arrival: string; departure: string };
	};
}

let client: Client;
let listings: SandboxListing[];

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	listings = await sandboxListings();
});
afterEach(() => {
	vi.useRealTimers();
});
afterAll(async () => {
	await client?.close();
});

/**
 * The first `nights`-night range, at least `fromDays` after the listing's today, that the
 * sandbox's calendar shows free and bookable; fails the test when there is none.
 */
async function freeRange(listing: SandboxListing, nights: number, fromDays: number): Promise<{ arrival: string; departure: string }> {
	const start = plusDays(businessToday(listing.timeZoneName), fromDays);
	const days = await sandboxCalendar(listing.id, start, plusDays(start, 150));
	for (let i = 0; i + nights < days.length; i++) {
		const stay = days.slice(i, i + nights);
		const departure = days[i + nights]!;
		if (
			stay.every((d) => d.status === "available") &&
			stay[0]!.minimumStay <= nights &&
			!stay[0]!.closedOnArrival &&
			!departure.closedOnDeparture
		) {
			return { arrival: stay[0]!.date, departure: departure.date };
		}
	}
	return expect.fail(`no free ${nights}-night range for listing ${listing.id}`);
}

async function reservationsOf(listingId: number): Promise<SandboxReservation[]> {
	return sandboxGetAll<SandboxReservation>(`/reservations?listingId=${listingId}`);
}

/** The data-changing requests the sandbox answered since the log was last cleared. */
async function writesSinceClear() {
	return writesIn(await sandboxLog());
}

describe("create_booking", () => {
	it("is offered as a non-destructive, non-idempotent write", async () => {
		const { tools } = await client.listTools();
		const tool = tools.find((t) => t.name === "create_booking");
		expect(tool?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true });
		expect(tool?.inputSchema.properties).toHaveProperty("allowOverbooking");
	});

	it("availability → booking: previews a free range, creates exactly one reservation on confirmation, replays without a second write, and refuses an overlap", async () => {
		const listing = listings.find((l) => l.personCapacity >= 3)!;
		const range = await freeRange(listing, 3, 14);
		const args = {
			listingId: listing.id,
			arrival: range.arrival,
			departure: range.departure,
			guestName: "Testa Bookerly",
			guestEmail: "testa.bookerly@example.net",
			guestPhone: "+49 30 1234567",
			guestCountry: "DE",
			adults: 2,
			children: 1,
			guestNote: "Arriving by train around 6 pm.",
		};
		const before = await reservationsOf(listing.id);
		await clearSandboxLog();

		// Preview: the exact booking and Hostaway's own quote for it; nothing written.
		const preview = await callPatiently<Preview>(client, "create_booking", args);
		expect(preview.data.status).toBe("preview");
		const changes = Object.fromEntries(preview.data.preview!.changes.map((c) => [c.field, c.to]));
		expect(changes).toMatchObject({
			arrivalDate: range.arrival,
			departureDate: range.departure,
			nights: 3,
			adults: 2,
			children: 1,
			numberOfGuests: 3,
			guestName: "Testa Bookerly",
			currency: listing.currencyCode,
		});
		const quote = await sandboxQuote(listing.id, range.arrival, range.departure, 3);
		expect(changes.totalPrice).toBe(quote.totalPrice);
		expect(preview.data.preview!.summary).toMatch(/price quote/);
		expect(preview.text).toContain("nothing has changed yet");
		expect(await writesSinceClear()).toEqual([]);
		expect(await reservationsOf(listing.id)).toHaveLength(before.length);

		// Confirm: one direct reservation with exactly those details.
		const done = await callPatiently<Preview>(client, "create_booking", { ...args, confirmationToken: preview.data.confirmationToken });
		expect(done.data.status).toBe("done");
		const booking = done.data.result!.booking;
		const after = await reservationsOf(listing.id);
		const created = after.filter((r) => !before.some((b) => b.id === r.id));
		expect(created).toHaveLength(1);
		const reservation = created[0]!;
		expect(reservation).toMatchObject({
			id: booking.id,
			channelId: 2000,
			status: "new",
			arrivalDate: range.arrival,
			departureDate: range.departure,
			nights: 3,
			guestName: "Testa Bookerly",
			guestFirstName: "Testa",
			guestLastName: "Bookerly",
			guestEmail: "testa.bookerly@example.net",
			phone: "+49 30 1234567",
			guestCountry: "DE",
			numberOfGuests: 3,
			adults: 2,
			children: 1,
			totalPrice: quote.totalPrice,
			currency: listing.currencyCode,
			guestNote: "Arriving by train around 6 pm.",
		});
		expect(booking.guestName).toBe("<untrusted_guest_text>Testa Bookerly</untrusted_guest_text>");
		expect(done.data.result!.priceSource).toBe("hostaway_quote");
		expect(done.data.result!.overbooked).toBe(false);
		const nights = await sandboxCalendar(listing.id, range.arrival, plusDays(range.departure, -1));
		expect(nights.map((d) => d.status)).toEqual(["reserved", "reserved", "reserved"]);
		const writes = await writesSinceClear();
		expect(writes.map((w) => `${w.method} ${w.path}`)).toEqual(["POST /v1/reservations"]);
		expect(writes[0]!.query.forceOverbooking).toBeUndefined();

		// The same confirmation again: the first result, no second reservation.
		const replay = await callPatiently<Preview>(client, "create_booking", { ...args, confirmationToken: preview.data.confirmationToken });
		expect(replay.data).toMatchObject({ status: "done", replayed: true, result: done.data.result });
		expect(replay.text).toContain("already performed");
		expect(await reservationsOf(listing.id)).toHaveLength(before.length + 1);

		// Overlapping the new booking: refused in the preview, with the reason; nothing written.
		await clearSandboxLog();
		const overlap = await callWithBudget(client, "create_booking", {
			...args,
			guestName: "Second Party",
			arrival: plusDays(range.arrival, 1),
			departure: plusDays(range.departure, 1),
		});
		expect(overlap.isError).toBe(true);
		expect(overlap.text).toContain(`overlaps booking #${booking.id}`);
		expect(overlap.text).toMatch(/allowOverbooking/);
		expect(await writesSinceClear()).toEqual([]);
		expect(await reservationsOf(listing.id)).toHaveLength(before.length + 1);
		const secrets = [...listingSecrets(listings), ...after.map((r) => r.guestPortalUrl).filter((url): url is string => !!url)];
		expectNoSecrets([preview.raw, done.raw, replay.raw, overlap.raw], secrets);
	});

	it("with allowOverbooking, warns loudly in the preview and forces the overlap on confirmation", async () => {
		// Any listing's confirmed booking well ahead: the overbooking lands on its nights.
		const ahead = (r: SandboxReservation, listing: SandboxListing) =>
			r.status === "new" && r.arrivalDate > plusDays(businessToday(listing.timeZoneName), 10);
		let listing: SandboxListing | undefined;
		let existing: SandboxReservation | undefined;
		for (const candidate of listings.filter((l) => l.personCapacity >= 2)) {
			existing = (await reservationsOf(candidate.id)).find((r) => ahead(r, candidate));
			if (existing) {
				listing = candidate;
				break;
			}
		}
		expect(existing, "no confirmed booking more than ten days ahead").toBeDefined();
		const args = {
			listingId: listing!.id,
			arrival: existing!.arrivalDate,
			departure: existing!.departureDate,
			guestName: "Over Booker",
			adults: 1,
			totalPrice: 500,
			allowOverbooking: true,
		};
		const preview = await callPatiently<Preview>(client, "create_booking", args);
		expect(preview.data.preview!.warnings[0]).toMatch(/^OVERBOOKING/);
		expect(preview.data.preview!.warnings[0]).toContain(`#${existing!.id}`);
		expect(preview.text).toContain("⚠ OVERBOOKING");
		await clearSandboxLog();
		const done = await callPatiently<Preview>(client, "create_booking", { ...args, confirmationToken: preview.data.confirmationToken });
		expect(done.data.result).toMatchObject({
			overbooked: true,
			priceSource: "given",
			booking: { totalPrice: 500, arrival: existing!.arrivalDate },
		});
		const writes = await writesSinceClear();
		expect(writes).toHaveLength(1);
		expect(writes[0]!.query.forceOverbooking).toBe("1");
	});

	it("resolves relative words in the listing's time zone and echoes the dates", async () => {
		const listing = listings.find((l) => l.timeZoneName.startsWith("Asia/") || l.timeZoneName.startsWith("Europe/"))!;
		const range = await freeRange(listing, 2, 20);
		const today = businessToday(listing.timeZoneName);
		const preview = await callPatiently<Preview>(client, "create_booking", {
			listingId: listing.id,
			arrival: `in ${nightsBetween(today, range.arrival)} days`,
			departure: `in ${nightsBetween(today, range.departure)} days`,
			guestName: "Rel Ative",
			adults: 1,
		});
		const changes = Object.fromEntries(preview.data.preview!.changes.map((c) => [c.field, c.to]));
		expect(changes).toMatchObject({ arrivalDate: range.arrival, departureDate: range.departure });
		expect(preview.data.preview!.summary).toContain(`${listing.timeZoneName}, where today is ${today}`);
	});

	it("refuses a party larger than the listing sleeps in the preview, writing nothing", async () => {
		const listing = listings[0]!;
		const range = await freeRange(listing, 3, 30);
		await clearSandboxLog();
		const result = await callWithBudget(client, "create_booking", {
			listingId: listing.id,
			...range,
			guestName: "Big Group",
			adults: listing.personCapacity + 1,
		});
		expect(result.isError).toBe(true);
		expect(result.text).toContain(`sleeps (${listing.personCapacity})`);
		expect(await writesSinceClear()).toEqual([]);
	});

	it("refuses unknown, mismatched, other-tool and expired tokens without writing", async () => {
		const listing = listings[2]!;
		const range = await freeRange(listing, 3, 40);
		const someBooking = (await reservationsOf(listing.id)).find((r) => r.status === "new");
		expect(someBooking, `listing ${listing.id} has no confirmed booking to preview a cancellation of`).toBeDefined();
		const args = { listingId: listing.id, ...range, guestName: "Token Tester", adults: 1, totalPrice: 300 };
		const preview = await callPatiently<Preview>(client, "create_booking", args);
		const token = preview.data.confirmationToken!;
		await clearSandboxLog();

		const unknown = await callTool(client, "create_booking", { ...args, confirmationToken: "cfm_000000000000000000000000" });
		expect(unknown.text).toMatch(/Unknown confirmation token/);
		const changed = await callTool(client, "create_booking", { ...args, totalPrice: 1, confirmationToken: token });
		expect(changed.text).toMatch(/arguments differ/);
		const cancelPreview = await callPatiently<Preview>(client, "cancel_booking", { bookingId: someBooking!.id, cancelledBy: "host" });
		const otherTool = await callTool(client, "create_booking", { ...args, confirmationToken: cancelPreview.data.confirmationToken });
		expect(otherTool.text).toMatch(/belongs to cancel_booking/);

		vi.useFakeTimers({ toFake: ["Date"] });
		vi.setSystemTime(Date.now() + 11 * 60_000);
		const expired = await callTool(client, "create_booking", { ...args, confirmationToken: token });
		vi.useRealTimers();
		expect(expired.text).toMatch(/expired/);
		for (const result of [unknown, changed, otherTool, expired]) expect(result.isError).toBe(true);
		expect(await writesSinceClear()).toEqual([]);
	});

	it("answers bad arguments with a clear error and no upstream call", async () => {
		const listingId = listings[0]!.id;
		// A stay two months ahead of the business date: only the argument under test is wrong.
		const arrival = plusDays(businessToday(), 60);
		const base = { listingId, arrival, departure: plusDays(arrival, 3), guestName: "Bad Input", adults: 1 };
		const cases: [Record<string, unknown>, RegExp][] = [
			[{ ...base, arrival: "2020-01-01", departure: "2020-01-03" }, /in the past/],
			[{ ...base, departure: plusDays(arrival, -2) }, /before it starts/],
			[{ ...base, departure: arrival }, /on the day it starts/],
			[{ ...base, arrival: "someday" }, /arrival: "someday" is not understood/],
			[{ ...base, departure: undefined }, /departure is required/],
			[{ ...base, adults: 0 }, /adults must be at least 1/],
			[{ ...base, guestEmail: "nope" }, /guestEmail/],
			[{ ...base, guestPhone: "call me" }, /guestPhone/],
			[{ ...base, currency: "EUR" }, /currency goes with totalPrice/],
			[{ ...base, totalPrice: -5 }, /totalPrice must be positive/],
			[{ ...base, departure: plusDays(arrival, 366) }, /at most 365/],
			[{ ...base, listingId: "abc" }, /listingId/],
			[{ ...base, channel: "airbnb" }, /channel|unrecognized/i],
		];
		for (const [args, message] of cases) await expectRefusedWithoutUpstream(client, "create_booking", args, message);
	});
});
