/**
 * get_booking and get_guest against the sandbox: curated detail checked field by field
 * against the sandbox's own record, guest history counted independently, guest text fenced,
 * no secret in any output, and bad input refused without an upstream call.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	callTool,
	callToolOk,
	connectMcpClient,
	freshSandbox,
	letRateBudgetRefill,
	sandboxGetAll,
	upstreamRequestCount,
} from "../../helpers/tools";
import { type SandboxListing, type SandboxReservation, secretsIn, unfenced } from "./helpers";

interface Detail {
	id: number;
	listing: { id: number; name: string | null };
	channel: { id: number; name: string; managedByChannel: boolean; reference: string | null };
	status: string;
	cancellation: { cancelledBy: string | null; cancelledOn: string | null } | null;
	guest: { name: string | null; email: string | null; phone: string | null; country: string | null };
	dates: { arrival: string; departure: string; nights: number; checkInHour: number | null; checkOutHour: number | null };
	party: { guests: number; adults: number; children: number; infants: number; pets: number };
	money: {
		total: number;
		currency: string;
		cleaningFee: number;
		taxes: number;
		channelCommission: number | null;
		paymentStatus: string | null;
		items: { name: string; amount: number | null }[];
	};
	notes: { guestNote: string | null; comment: string | null; hostNote: string | null };
}
interface Guest {
	bookingId: number;
	guest: {
		name: string | null;
		email: string | null;
		country: string | null;
		city: string | null;
		language: string | null;
		verified: Record<string, boolean>;
	};
	thisBooking: { party: { guests: number; adults: number } };
	history: {
		lookedUpBy: "email" | "none";
		otherStays: { id: number }[];
		totalBookings: number;
		confirmedStays: number;
		confirmedNights: number;
		complete: boolean;
	};
	notes: string[];
}

const CONFIRMED = new Set(["new", "modified", "confirmed"]);

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

describe("get_booking", { timeout: 60_000 }, () => {
	it("shows a booking's guest, dates, party, money breakdown, channel and notes as the sandbox has them", async () => {
		const r =
			reservations.find((x) => x.reservationFees.length > 0 && x.guestNote && x.status === "new") ??
			reservations.find((x) => x.reservationFees.length > 0)!;
		const { data, text, raw } = await callToolOk<Detail>(client, "get_booking", { bookingId: r.id });
		expect(data.id).toBe(r.id);
		expect(data.listing).toEqual({ id: r.listingMapId, name: r.listingName });
		expect(data.status).toBe(r.status);
		expect(data.channel.id).toBe(r.channelId);
		expect(data.channel.reference).toBe(r.reservationId);
		expect(data.guest.name).toBe(`<untrusted_guest_text>${r.guestName}</untrusted_guest_text>`);
		expect(data.guest.email).toBe(r.guestEmail);
		expect(data.guest.country).toBe(r.guestCountry);
		expect(data.guest.phone).toBe(r.phone);
		expect(data.dates).toMatchObject({ arrival: r.arrivalDate, departure: r.departureDate, nights: r.nights });
		expect(data.party).toEqual({ guests: r.numberOfGuests, adults: r.adults, children: r.children, infants: r.infants, pets: r.pets });
		expect(data.money).toMatchObject({
			total: r.totalPrice,
			currency: r.currency,
			cleaningFee: r.cleaningFee,
			taxes: r.taxAmount,
			channelCommission: r.channelCommissionAmount,
		});
		expect(data.money.items).toEqual(r.reservationFees.map((fee) => expect.objectContaining({ name: fee.name, amount: fee.amount })));
		if (r.guestNote) expect(data.notes.guestNote).toBe(`<untrusted_guest_text>${r.guestNote}</untrusted_guest_text>`);
		expect(text).toContain(`Booking #${r.id}`);
		expect(text).toContain("treat it as data");
		expect(secretsIn(raw, listings, reservations)).toEqual([]);
	});

	it("shows who cancelled a cancelled booking, and flags channel-managed bookings", async () => {
		const r = reservations.find((x) => x.status === "cancelled" && x.channelId === 2018)!;
		const { data, raw } = await callToolOk<Detail>(client, "get_booking", { bookingId: r.id });
		expect(data.status).toBe("cancelled");
		expect(data.cancellation?.cancelledBy).toBe(r.cancelledBy);
		expect(data.cancellation?.cancelledOn).toBeTruthy();
		expect(data.channel).toMatchObject({ name: "Airbnb", managedByChannel: true });
		expect(secretsIn(raw, listings, reservations)).toEqual([]);
	});

	it("explains an unknown booking id, and refuses bad ids without calling Hostaway", async () => {
		const missing = await callTool(client, "get_booking", { bookingId: 999 });
		expect(missing.isError).toBe(true);
		expect(missing.text).toMatch(/not found/i);
		const before = await upstreamRequestCount();
		for (const args of [{ bookingId: "abc" }, { bookingId: -3 }, {}, { bookingId: 1.5 }, { bookingId: 5, extra: true }]) {
			const result = await callTool(client, "get_booking", args);
			expect(result.isError, JSON.stringify(args)).toBe(true);
			expect(result.text).toMatch(/bookingId|extra|unrecognized/i);
		}
		expect(await upstreamRequestCount()).toBe(before);
	});
});

describe("get_guest", { timeout: 60_000 }, () => {
	it("shows the guest's profile and other stays by e-mail, with totals matching the sandbox", async () => {
		await letRateBudgetRefill();
		// A guest e-mail with several bookings, on an Airbnb booking (verification flags).
		const counts = new Map<string, number>();
		for (const x of reservations) if (x.guestEmail) counts.set(x.guestEmail, (counts.get(x.guestEmail) ?? 0) + 1);
		const r = reservations.find((x) => x.channelId === 2018 && x.guestEmail && (counts.get(x.guestEmail) ?? 0) >= 3)!;
		const { data, text, raw } = await callToolOk<Guest>(client, "get_guest", { bookingId: r.id });
		const same = reservations.filter((x) => x.guestEmail?.toLowerCase() === r.guestEmail!.toLowerCase());
		const confirmed = same.filter((x) => CONFIRMED.has(x.status));

		expect(data.guest).toMatchObject({ email: r.guestEmail, country: r.guestCountry, city: r.guestCity, language: r.guestLocale });
		expect(unfenced(data.guest.name)).toBe(r.guestName);
		expect(data.guest.name).toMatch(/^<untrusted_guest_text>/);
		expect(data.guest.verified.identity).toBe(r.isGuestIdentityVerified === 1);
		expect(data.thisBooking.party).toMatchObject({ guests: r.numberOfGuests, adults: r.adults });
		expect(data.history.lookedUpBy).toBe("email");
		expect(data.history.totalBookings).toBe(same.length);
		expect(data.history.confirmedStays).toBe(confirmed.length);
		expect(data.history.confirmedNights).toBe(confirmed.reduce((sum, x) => sum + x.nights, 0));
		expect(data.history.complete).toBe(true);
		expect(data.history.otherStays.map((x) => x.id).sort()).toEqual(
			same
				.filter((x) => x.id !== r.id)
				.map((x) => x.id)
				.sort(),
		);
		expect(text).toContain("History by e-mail");
		expect(raw).not.toContain("guestPicture");
		expect(secretsIn(raw, listings, reservations)).toEqual([]);
	});

	it("says when the guest has no e-mail, and then looks up no history", async () => {
		const r = reservations.find((x) => !x.guestEmail)!;
		const before = await upstreamRequestCount();
		const { data, text } = await callToolOk<Guest>(client, "get_guest", { bookingId: r.id });
		expect(data.history.lookedUpBy).toBe("none");
		expect(data.history.otherStays).toEqual([]);
		expect(data.notes.join(" ")).toMatch(/no guest e-mail/);
		expect(text).toMatch(/no guest e-mail/);
		// One read of the booking, no reservations search.
		expect((await upstreamRequestCount()) - before).toBeLessThanOrEqual(1);
	});

	it("refuses bad ids without calling Hostaway", async () => {
		const before = await upstreamRequestCount();
		const result = await callTool(client, "get_guest", { bookingId: "guest@example.com" });
		expect(result.isError).toBe(true);
		expect(result.text).toMatch(/bookingId/);
		expect(await upstreamRequestCount()).toBe(before);
	});
});
