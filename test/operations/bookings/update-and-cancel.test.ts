/**
 * update_booking and cancel_booking against the sandbox: previews show each field from → to
 * and change nothing; confirmations write once; overlaps are refused; channel-managed
 * bookings are warned about, and Hostaway's 403 for them is explained; cancelled bookings are
 * refused; bad input never reaches Hostaway.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	callPatiently,
	callTool,
	callWithBudget,
	connectMcpClient,
	freshSandbox,
	letRateBudgetRefill,
	sandboxGet,
	sandboxGetAll,
	upstreamRequestCount,
} from "../../helpers/tools";
import { type SandboxDay, type SandboxListing, type SandboxReservation, secretsIn, writesSince } from "./helpers";

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
let reservations: SandboxReservation[];
/** Bookings an earlier test changed: later tests pick others, so what they read up front still holds. */
const touched = new Set<number>();

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	listings = await sandboxGetAll<SandboxListing>("/listings");
	reservations = await sandboxGetAll<SandboxReservation>("/reservations");
}, 60_000);
afterAll(async () => {
	await client?.close();
});

const todayUtc = new Date().toISOString().slice(0, 10);
function addDays(date: string, days: number): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
const future = (r: SandboxReservation) => r.arrivalDate > addDays(todayUtc, 7) && r.status === "new";
const listingOf = (r: SandboxReservation) => listings.find((l) => l.id === r.listingMapId)!;
const current = (id: number) => sandboxGet<SandboxReservation>(`/reservations/${id}`);
const changesOf = (output: WriteOutput) => Object.fromEntries(output.preview!.changes.map((c) => [c.field, { from: c.from, to: c.to }]));

describe("update_booking", { timeout: 180_000 }, () => {
	it("is offered as a write", async () => {
		const { tools } = await client.listTools();
		const tool = tools.find((t) => t.name === "update_booking");
		expect(tool?.annotations).toMatchObject({ readOnlyHint: false, openWorldHint: true });
		expect(tool?.inputSchema.properties).not.toHaveProperty("listingId");
	});

	it("previews each field from → to without writing, then writes it once on confirmation", async () => {
		const r = reservations.find((x) => x.channelId === DIRECT && future(x) && listingOf(x).personCapacity > x.adults + x.children)!;
		touched.add(r.id);
		const args = {
			bookingId: r.id,
			adults: r.adults + 1,
			guestEmail: "new.address@example.net",
			hostNote: "VIP: upgrade the welcome basket",
			totalPrice: r.totalPrice + 50,
		};
		const startedAt = new Date().toISOString();
		const preview = await callPatiently<WriteOutput>(client, "update_booking", args);
		expect(changesOf(preview.data)).toEqual({
			adults: { from: r.adults, to: r.adults + 1 },
			numberOfGuests: { from: r.numberOfGuests, to: r.numberOfGuests + 1 },
			guestEmail: { from: r.guestEmail, to: "new.address@example.net" },
			hostNote: { from: r.hostNote, to: "VIP: upgrade the welcome basket" },
			totalPrice: { from: r.totalPrice, to: r.totalPrice + 50 },
		});
		expect(preview.data.preview!.warnings.join(" ")).not.toMatch(/managed by/);
		expect(await writesSince(startedAt)).toEqual([]);
		expect(await current(r.id)).toMatchObject({ adults: r.adults, guestEmail: r.guestEmail, totalPrice: r.totalPrice });

		const done = await callPatiently<WriteOutput>(client, "update_booking", { ...args, confirmationToken: preview.data.confirmationToken });
		expect(done.data.result!.changedFields).toEqual(["adults", "numberOfGuests", "guestEmail", "hostNote", "totalPrice"]);
		const updated = await current(r.id);
		expect(updated).toMatchObject({
			listingMapId: r.listingMapId,
			adults: r.adults + 1,
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
		const writes = await writesSince(startedAt);
		expect(writes.map((w) => `${w.method} ${w.path}`)).toEqual([`PUT /v1/reservations/${r.id}`]);
		expect(secretsIn(done.raw, listings, reservations)).toEqual([]);
	});

	it("refuses new dates that overlap another booking unless overbooking is allowed, and moves a booking into free nights", async () => {
		await letRateBudgetRefill();
		// Two consecutive direct-or-any bookings on one listing: moving the first onto the second overlaps.
		const r = reservations.find(
			(x) =>
				x.channelId === DIRECT &&
				future(x) &&
				x.nights > 1 &&
				!touched.has(x.id) &&
				reservations.some(
					(y) =>
						y.listingMapId === x.listingMapId &&
						y.id !== x.id &&
						y.status === "new" &&
						y.arrivalDate >= x.departureDate &&
						y.arrivalDate < addDays(x.departureDate, 20),
				),
		)!;
		const next = reservations
			.filter((y) => y.listingMapId === r.listingMapId && y.id !== r.id && y.status === "new" && y.arrivalDate >= r.departureDate)
			.sort((a, b) => a.arrivalDate.localeCompare(b.arrivalDate))[0]!;
		const startedAt = new Date().toISOString();
		const overlap = await callWithBudget(client, "update_booking", { bookingId: r.id, departure: addDays(next.arrivalDate, 1) });
		expect(overlap.isError).toBe(true);
		expect(overlap.text).toContain(`overlaps booking #${next.id}`);
		expect(overlap.text).toMatch(/allowOverbooking/);
		expect(await writesSince(startedAt)).toEqual([]);

		const forced = await callPatiently<WriteOutput>(client, "update_booking", {
			bookingId: r.id,
			departure: addDays(next.arrivalDate, 1),
			allowOverbooking: true,
		});
		expect(forced.data.preview!.warnings[0]).toMatch(/^OVERBOOKING/);

		// Shortening the stay by a night frees a night and overlaps nothing: it goes through.
		const shorter = addDays(r.departureDate, -1);
		const preview = await callPatiently<WriteOutput>(client, "update_booking", { bookingId: r.id, departure: shorter });
		expect(changesOf(preview.data)).toEqual({ departureDate: { from: r.departureDate, to: shorter } });
		await callPatiently(client, "update_booking", {
			bookingId: r.id,
			departure: shorter,
			confirmationToken: preview.data.confirmationToken,
		});
		expect(await current(r.id)).toMatchObject({ arrivalDate: r.arrivalDate, departureDate: shorter, nights: r.nights - 1 });
		touched.add(r.id);
	});

	it("warns that an Airbnb booking belongs to Airbnb, and explains Hostaway's refusal of a date change", async () => {
		await letRateBudgetRefill();
		const r = reservations.find((x) => x.channelId === AIRBNB && future(x))!;
		touched.add(r.id);
		const args = { bookingId: r.id, departure: addDays(r.departureDate, -1) };
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
		await letRateBudgetRefill();
		const cancelled = reservations.find((x) => x.status === "cancelled")!;
		const onCancelled = await callWithBudget(client, "update_booking", { bookingId: cancelled.id, hostNote: "x" });
		expect(onCancelled.isError).toBe(true);
		expect(onCancelled.text).toMatch(/is cancelled; a cancelled booking cannot be changed/);
		const r = reservations.find((x) => future(x) && x.channelId === DIRECT && !touched.has(x.id))!;
		const same = await callWithBudget(client, "update_booking", { bookingId: r.id, adults: r.adults });
		expect(same.isError).toBe(true);
		expect(same.text).toMatch(/already has these values/);

		const before = await upstreamRequestCount();
		const cases: [Record<string, unknown>, RegExp][] = [
			[{ bookingId: r.id }, /Nothing to change/],
			[{ bookingId: r.id, arrival: "someday" }, /arrival: "someday" is not understood/],
			[{ bookingId: r.id, adults: 0 }, /adults must be at least 1/],
			[{ bookingId: r.id, listingId: 5 }, /listingId|unrecognized/i],
			[{ bookingId: r.id, guestEmail: "x" }, /guestEmail/],
			[{ bookingId: "r1", hostNote: "x" }, /bookingId/],
		];
		for (const [args, message] of cases) {
			const result = await callTool(client, "update_booking", args);
			expect(result.isError, JSON.stringify(args)).toBe(true);
			expect(result.text).toMatch(message);
		}
		expect(await upstreamRequestCount()).toBe(before);
	});
});

describe("cancel_booking", { timeout: 180_000 }, () => {
	it("is offered as a destructive, non-idempotent write", async () => {
		const { tools } = await client.listTools();
		expect(tools.find((t) => t.name === "cancel_booking")?.annotations).toMatchObject({
			readOnlyHint: false,
			destructiveHint: true,
			idempotentHint: false,
		});
	});

	it("previews the booking without writing, cancels it once on confirmation, frees its nights, and replays the first result", async () => {
		await letRateBudgetRefill();
		const r = reservations.find((x) => x.channelId === DIRECT && future(x) && !touched.has(x.id))!;
		const startedAt = new Date().toISOString();
		const preview = await callPatiently<WriteOutput>(client, "cancel_booking", { bookingId: r.id, cancelledBy: "guest" });
		const summary = preview.data.preview!.summary;
		for (const part of [`#${r.id}`, r.guestName, r.listingName, r.arrivalDate, r.departureDate, "Direct", String(r.totalPrice)])
			expect(summary).toContain(part);
		expect(summary).toContain(`<untrusted_guest_text>${r.guestName}</untrusted_guest_text>`);
		expect(changesOf(preview.data)).toEqual({ status: { from: "new", to: "cancelled" }, cancelledBy: { from: null, to: "guest" } });
		expect(await writesSince(startedAt)).toEqual([]);
		expect((await current(r.id)).status).toBe("new");

		const done = await callPatiently<WriteOutput>(client, "cancel_booking", {
			bookingId: r.id,
			cancelledBy: "guest",
			confirmationToken: preview.data.confirmationToken,
		});
		expect(done.data.result!.booking).toMatchObject({ id: r.id, status: "cancelled", cancellation: { cancelledBy: "guest" } });
		expect(await current(r.id)).toMatchObject({ status: "cancelled", cancelledBy: "guest" });
		const nights = await sandboxGet<SandboxDay[]>(
			`/listings/${r.listingMapId}/calendar?startDate=${r.arrivalDate}&endDate=${addDays(r.departureDate, -1)}`,
		);
		expect(nights).toHaveLength(r.nights);
		expect(nights.filter((d) => d.status === "reserved" || d.status === "pending")).toEqual([]);

		const replay = await callPatiently<WriteOutput>(client, "cancel_booking", {
			bookingId: r.id,
			cancelledBy: "guest",
			confirmationToken: preview.data.confirmationToken,
		});
		expect(replay.data).toMatchObject({ status: "done", replayed: true, result: done.data.result });
		expect((await writesSince(startedAt)).map((w) => `${w.method} ${w.path}`)).toEqual([`PUT /v1/reservations/${r.id}/statuses/cancelled`]);

		// Now it is cancelled: a new preview refuses.
		const again = await callWithBudget(client, "cancel_booking", { bookingId: r.id, cancelledBy: "host" });
		expect(again.isError).toBe(true);
		expect(again.text).toMatch(/already cancelled \(by guest\)/);
		expect(secretsIn(done.raw, listings, reservations)).toEqual([]);
	});

	it("warns about channel bookings and stays that are over", async () => {
		await letRateBudgetRefill();
		const airbnb = reservations.find((x) => x.channelId === AIRBNB && future(x))!;
		const channel = await callPatiently<WriteOutput>(client, "cancel_booking", { bookingId: airbnb.id, cancelledBy: "host" });
		expect(channel.data.preview!.warnings.join(" ")).toMatch(/managed by Airbnb.*can leave the stay booked/);
		const past = reservations.find((x) => x.status === "new" && x.departureDate < addDays(todayUtc, -3))!;
		const departed = await callPatiently<WriteOutput>(client, "cancel_booking", { bookingId: past.id, cancelledBy: "host" });
		expect(departed.data.preview!.warnings.join(" ")).toMatch(/already departed/);
	});

	it("refuses bad arguments without calling Hostaway", async () => {
		const before = await upstreamRequestCount();
		for (const [args, message] of [
			[{ bookingId: reservations[0]!.id }, /cancelledBy/],
			[{ bookingId: reservations[0]!.id, cancelledBy: "owner" }, /cancelledBy|host|guest/],
			[{ bookingId: 0, cancelledBy: "host" }, /bookingId/],
		] as [Record<string, unknown>, RegExp][]) {
			const result = await callTool(client, "cancel_booking", args);
			expect(result.isError).toBe(true);
			expect(result.text).toMatch(message);
		}
		expect(await upstreamRequestCount()).toBe(before);
	});
});
