/**
 * update_booking and cancel_booking against the sandbox: previews show each field from → to
 * and change nothing; confirmations write once; overlaps are refused; channel-managed
 * bookings are warned about, and Hostaway's 403 for them is explained; cancelled bookings are
 * refused; bad input never reaches Hostaway.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { businessToday, plusDays } from "../../helpers/business-date";
import { expectNoSecrets, listingSecrets } from "../../helpers/output-checks";
import { clearSandboxLog, freshSandbox, sandboxLog, writesIn } from "../../helpers/sandbox";
import {
	type SandboxListing,
	type SandboxReservation,
	sandboxCalendar,
	sandboxGet,
	sandboxListings,
	sandboxReservations,
} from "../../helpers/sandbox-records";
import { callPatiently, callWithBudget, connectMcpClient, expectRefusedWithoutUpstream } from "../../helpers/tools";

interface WriteOutput {
	status: "preview" | "done";
	preview?: { summary: string; changes: { field: string; from?: unknown; to: unknown }[]; warnings: string[] };
	confirmationToken?: string;
	replayed?: boolean;
	result?: {
		booking: {
			id: number;
			status: string;
			cancellation: { cancelledBy: string } | null;
			party: { adults: number };
			notes: { hostNote: string | null };
		};
		changedFields?: string[];
	};
}

const DIRECT = 2000;
const AIRBNB = 2018;

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

/**
 * The reservations as they are now. Tests here write, so each reads the records it picks from
 * when it starts, instead of relying on what an earlier test left (or did not leave).
 */
const currentReservations = () => sandboxReservations();
/** A confirmed booking that has not been changed yet and arrives more than a week after the business date. */
const unchangedAhead = (r: SandboxReservation) => r.status === "new" && r.arrivalDate > plusDays(businessToday(), 7);
const listingOf = (r: SandboxReservation) => listings.find((l) => l.id === r.listingMapId)!;
const current = (id: number) => sandboxGet<SandboxReservation>(`/reservations/${id}`);
const changesOf = (output: WriteOutput) => Object.fromEntries(output.preview!.changes.map((c) => [c.field, { from: c.from, to: c.to }]));
/** The data-changing requests the sandbox answered since the log was last cleared. */
const writesSinceClear = async () => writesIn(await sandboxLog());

/** The first reservation matching, failing the test when the sandbox's data has none. */
function findOne(reservations: SandboxReservation[], what: string, predicate: (r: SandboxReservation) => boolean): SandboxReservation {
	const found = reservations.find(predicate);
	expect(found, `the sandbox has no ${what}`).toBeDefined();
	return found as SandboxReservation;
}

/** Listings' door codes and Wi-Fi credentials, bookings' guest-portal links (a booking's door code is its phone's last digits). */
function secretsOf(reservations: SandboxReservation[]): string[] {
	return [...listingSecrets(listings), ...reservations.map((r) => r.guestPortalUrl).filter((url): url is string => !!url)];
}

describe("update_booking", () => {
	it("is offered as a write", async () => {
		const { tools } = await client.listTools();
		const tool = tools.find((t) => t.name === "update_booking");
		expect(tool?.annotations).toMatchObject({ readOnlyHint: false, openWorldHint: true });
		expect(tool?.inputSchema.properties).not.toHaveProperty("listingId");
	});

	it("previews each field from → to without writing, then writes it once on confirmation", async () => {
		const reservations = await currentReservations();
		const r = findOne(
			reservations,
			"direct booking ahead with room for one more guest",
			(x) => x.channelId === DIRECT && unchangedAhead(x) && listingOf(x).personCapacity > (x.adults ?? 0) + (x.children ?? 0),
		);
		const adults = r.adults ?? 0;
		const args = {
			bookingId: r.id,
			adults: adults + 1,
			guestEmail: "new.address@example.net",
			hostNote: "VIP: upgrade the welcome basket",
			totalPrice: r.totalPrice + 50,
		};
		await clearSandboxLog();
		const preview = await callPatiently<WriteOutput>(client, "update_booking", args);
		expect(changesOf(preview.data)).toEqual({
			adults: { from: adults, to: adults + 1 },
			numberOfGuests: { from: r.numberOfGuests, to: r.numberOfGuests + 1 },
			// The e-mail on record is the guest's (untrusted): both sides are shown fenced.
			guestEmail: {
				from: `<untrusted_guest_text>${r.guestEmail}</untrusted_guest_text>`,
				to: "<untrusted_guest_text>new.address@example.net</untrusted_guest_text>",
			},
			hostNote: { from: r.hostNote, to: "VIP: upgrade the welcome basket" },
			totalPrice: { from: r.totalPrice, to: r.totalPrice + 50 },
		});
		expect(preview.data.preview!.warnings.join(" ")).not.toMatch(/managed by/);
		expect(await writesSinceClear()).toEqual([]);
		expect(await current(r.id)).toMatchObject({ adults: r.adults, guestEmail: r.guestEmail, totalPrice: r.totalPrice });

		const done = await callPatiently<WriteOutput>(client, "update_booking", { ...args, confirmationToken: preview.data.confirmationToken });
		expect(done.data.result!.changedFields).toEqual(["adults", "numberOfGuests", "guestEmail", "hostNote", "totalPrice"]);
		const updated = await current(r.id);
		expect(updated).toMatchObject({
			listingMapId: r.listingMapId,
			adults: adults + 1,
			numberOfGuests: r.numberOfGuests + 1,
			guestEmail: "new.address@example.net",
			hostNote: "VIP: upgrade the welcome basket",
			totalPrice: r.totalPrice + 50,
			arrivalDate: r.arrivalDate,
		});
		const replay = await callPatiently<WriteOutput>(client, "update_booking", {
			...args,
			confirmationToken: preview.data.confirmationToken,
		});
		expect(replay.data).toMatchObject({ status: "done", replayed: true, result: done.data.result });
		const writes = await writesSinceClear();
		expect(writes.map((w) => `${w.method} ${w.path}`)).toEqual([`PUT /v1/reservations/${r.id}`]);
		expectNoSecrets([preview.raw, done.raw, replay.raw], secretsOf(reservations));
	});

	it("refuses new dates that overlap another booking unless overbooking is allowed, and moves a booking into free nights", async () => {
		const reservations = await currentReservations();
		/** The next confirmed booking on the same listing, starting within 20 days of this one's departure. */
		const nextAfter = (x: SandboxReservation) =>
			reservations
				.filter(
					(y) =>
						y.listingMapId === x.listingMapId &&
						y.id !== x.id &&
						y.status === "new" &&
						y.arrivalDate >= x.departureDate &&
						y.arrivalDate < plusDays(x.departureDate, 20),
				)
				.sort((a, b) => a.arrivalDate.localeCompare(b.arrivalDate))[0];
		// A direct booking followed soon by another on its listing: moving its departure past the other's arrival overlaps.
		const r = findOne(
			reservations,
			"direct booking ahead followed within 20 days by another",
			(x) => x.channelId === DIRECT && unchangedAhead(x) && x.nights > 1 && nextAfter(x) !== undefined,
		);
		const next = nextAfter(r)!;
		await clearSandboxLog();
		const overlap = await callWithBudget(client, "update_booking", { bookingId: r.id, departure: plusDays(next.arrivalDate, 1) });
		expect(overlap.isError).toBe(true);
		expect(overlap.text).toContain(`overlaps booking #${next.id}`);
		expect(overlap.text).toMatch(/allowOverbooking/);
		expect(await writesSinceClear()).toEqual([]);

		const forced = await callPatiently<WriteOutput>(client, "update_booking", {
			bookingId: r.id,
			departure: plusDays(next.arrivalDate, 1),
			allowOverbooking: true,
		});
		expect(forced.data.preview!.warnings[0]).toMatch(/^OVERBOOKING/);

		// Shortening the stay by a night frees a night and overlaps nothing: it goes through.
		const shorter = plusDays(r.departureDate, -1);
		const preview = await callPatiently<WriteOutput>(client, "update_booking", { bookingId: r.id, departure: shorter });
		expect(changesOf(preview.data)).toEqual({ departureDate: { from: r.departureDate, to: shorter } });
		await callPatiently(client, "update_booking", {
			bookingId: r.id,
			departure: shorter,
			confirmationToken: preview.data.confirmationToken,
		});
		expect(await current(r.id)).toMatchObject({ arrivalDate: r.arrivalDate, departureDate: shorter, nights: r.nights - 1 });
	});

	it("warns that an Airbnb booking belongs to Airbnb, and explains Hostaway's refusal of a date change", async () => {
		const reservations = await currentReservations();
		const r = findOne(
			reservations,
			"Airbnb booking ahead of more than one night",
			(x) => x.channelId === AIRBNB && unchangedAhead(x) && x.nights > 1,
		);
		const args = { bookingId: r.id, departure: plusDays(r.departureDate, -1) };
		const preview = await callPatiently<WriteOutput>(client, "update_booking", args);
		expect(preview.data.preview!.warnings[0]).toMatch(/managed by Airbnb.*made on Airbnb/);
		const refused = await callWithBudget(client, "update_booking", { ...args, confirmationToken: preview.data.confirmationToken });
		expect(refused.isError).toBe(true);
		expect(refused.text).toMatch(/Hostaway refused to change booking #\d+ \(HTTP 403\); nothing was changed/);
		expect(refused.text).toMatch(/managed by Airbnb.*make the change on Airbnb/);
		expect((await current(r.id)).departureDate).toBe(r.departureDate);

		// Hostaway does let the host keep their own note on a channel booking.
		const note = await callPatiently<WriteOutput>(client, "update_booking", {
			bookingId: r.id,
			hostNote: "Airbnb guest: check ID at arrival",
		});
		expect(note.data.preview!.warnings[0]).toMatch(/managed by Airbnb/);
		await callPatiently(client, "update_booking", {
			bookingId: r.id,
			hostNote: "Airbnb guest: check ID at arrival",
			confirmationToken: note.data.confirmationToken,
		});
		expect((await current(r.id)).hostNote).toBe("Airbnb guest: check ID at arrival");
	});

	it("refuses cancelled bookings and no-op changes, and bad input without calling Hostaway", async () => {
		const reservations = await currentReservations();
		const cancelled = findOne(reservations, "cancelled booking", (x) => x.status === "cancelled");
		const onCancelled = await callWithBudget(client, "update_booking", { bookingId: cancelled.id, hostNote: "x" });
		expect(onCancelled.isError).toBe(true);
		expect(onCancelled.text).toMatch(/is cancelled; a cancelled booking cannot be changed/);
		const r = findOne(reservations, "direct booking ahead", (x) => unchangedAhead(x) && x.channelId === DIRECT);
		const same = await callWithBudget(client, "update_booking", { bookingId: r.id, adults: r.adults });
		expect(same.isError).toBe(true);
		expect(same.text).toMatch(/already has these values/);

		const cases: [Record<string, unknown>, RegExp][] = [
			[{ bookingId: r.id }, /Nothing to change/],
			[{ bookingId: r.id, arrival: "someday" }, /arrival: "someday" is not understood/],
			[{ bookingId: r.id, adults: 0 }, /adults must be at least 1/],
			[{ bookingId: r.id, listingId: 5 }, /listingId|unrecognized/i],
			[{ bookingId: r.id, guestEmail: "x" }, /guestEmail/],
			[{ bookingId: "r1", hostNote: "x" }, /bookingId/],
		];
		for (const [args, message] of cases) await expectRefusedWithoutUpstream(client, "update_booking", args, message);
	});
});

describe("cancel_booking", () => {
	it("is offered as a destructive, non-idempotent write", async () => {
		const { tools } = await client.listTools();
		expect(tools.find((t) => t.name === "cancel_booking")?.annotations).toMatchObject({
			readOnlyHint: false,
			destructiveHint: true,
			idempotentHint: false,
		});
	});

	it("previews the booking without writing, cancels it once on confirmation, frees its nights, and replays the first result", async () => {
		const reservations = await currentReservations();
		const r = findOne(reservations, "direct booking ahead", (x) => x.channelId === DIRECT && unchangedAhead(x));
		await clearSandboxLog();
		const preview = await callPatiently<WriteOutput>(client, "cancel_booking", { bookingId: r.id, cancelledBy: "guest" });
		const summary = preview.data.preview!.summary;
		for (const part of [`#${r.id}`, r.guestName!, r.listingName, r.arrivalDate, r.departureDate, "Direct", String(r.totalPrice)])
			expect(summary).toContain(part);
		expect(summary).toContain(`<untrusted_guest_text>${r.guestName}</untrusted_guest_text>`);
		expect(changesOf(preview.data)).toEqual({ status: { from: "new", to: "cancelled" }, cancelledBy: { from: null, to: "guest" } });
		expect(await writesSinceClear()).toEqual([]);
		expect((await current(r.id)).status).toBe("new");

		const done = await callPatiently<WriteOutput>(client, "cancel_booking", {
			bookingId: r.id,
			cancelledBy: "guest",
			confirmationToken: preview.data.confirmationToken,
		});
		expect(done.data.result!.booking).toMatchObject({ id: r.id, status: "cancelled", cancellation: { cancelledBy: "guest" } });
		expect(await current(r.id)).toMatchObject({ status: "cancelled", cancelledBy: "guest" });
		const nights = await sandboxCalendar(r.listingMapId, r.arrivalDate, plusDays(r.departureDate, -1));
		expect(nights).toHaveLength(r.nights);
		expect(nights.filter((d) => d.status === "reserved" || d.status === "pending")).toEqual([]);

		const replay = await callPatiently<WriteOutput>(client, "cancel_booking", {
			bookingId: r.id,
			cancelledBy: "guest",
			confirmationToken: preview.data.confirmationToken,
		});
		expect(replay.data).toMatchObject({ status: "done", replayed: true, result: done.data.result });
		expect((await writesSinceClear()).map((w) => `${w.method} ${w.path}`)).toEqual([`PUT /v1/reservations/${r.id}/statuses/cancelled`]);

		// Now it is cancelled: a new preview refuses.
		const again = await callWithBudget(client, "cancel_booking", { bookingId: r.id, cancelledBy: "host" });
		expect(again.isError).toBe(true);
		expect(again.text).toMatch(/already cancelled \(by guest\)/);
		expectNoSecrets([preview.raw, done.raw, replay.raw, again.raw], secretsOf(reservations));
	});

	it("warns about channel bookings and stays that are over", async () => {
		const reservations = await currentReservations();
		const airbnb = findOne(reservations, "Airbnb booking ahead", (x) => x.channelId === AIRBNB && unchangedAhead(x));
		const channel = await callPatiently<WriteOutput>(client, "cancel_booking", { bookingId: airbnb.id, cancelledBy: "host" });
		expect(channel.data.preview!.warnings.join(" ")).toMatch(/managed by Airbnb.*can leave the stay booked/);
		// Departed more than three days ago by the business date, so in every listing's time zone.
		const past = findOne(
			reservations,
			"confirmed stay that is over",
			(x) => x.status === "new" && x.departureDate < plusDays(businessToday(), -3),
		);
		const departed = await callPatiently<WriteOutput>(client, "cancel_booking", { bookingId: past.id, cancelledBy: "host" });
		expect(departed.data.preview!.warnings.join(" ")).toMatch(/already departed/);
	});

	it("refuses bad arguments without calling Hostaway", async () => {
		const [someBooking] = await sandboxGet<SandboxReservation[]>("/reservations?limit=1");
		expect(someBooking).toBeDefined();
		const cases: [Record<string, unknown>, RegExp][] = [
			[{ bookingId: someBooking!.id }, /cancelledBy/],
			[{ bookingId: someBooking!.id, cancelledBy: "owner" }, /cancelledBy|host|guest/],
			[{ bookingId: 0, cancelledBy: "host" }, /bookingId/],
		];
		for (const [args, message] of cases) await expectRefusedWithoutUpstream(client, "cancel_booking", args, message);
	});
});
