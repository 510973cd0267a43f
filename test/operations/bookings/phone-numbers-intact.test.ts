/**
 * Redaction never destroys ordinary data, end to end: a booking whose guest phone passes the
 * card checksum (as about one phone number in ten does), whose door code is that phone's last
 * four digits (as the sandbox seeds them, and hosts often choose them), and whose host note holds
 * a long channel reservation id next to a card number, is shown by get_booking and get_guest with
 * the phone and the id whole, and without the card number or the door code.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { businessToday, plusDays } from "../../helpers/business-date";
import { freshSandbox } from "../../helpers/sandbox";
import { type SandboxReservation, sandboxListings, sandboxWrite } from "../../helpers/sandbox-records";
import { callPatiently, connectMcpClient } from "../../helpers/tools";

/** A Swedish mobile number whose digits pass the card checksum: the number seen in issue 9. */
const PHONE = "+4670131700318";
const PHONE_SPACED = "+46 70 131 700 318";
const DOOR_CODE = PHONE.slice(-4);
const AIRBNB_RESERVATION_ID = "1234567890123456785";
const CARD = "4111 1111 1111 1111";

/** The card checksum (Luhn), written independently of the product's. */
function passesCardChecksum(digits: string): boolean {
	const sum = [...digits].reverse().reduce((total, char, index) => {
		const doubled = index % 2 === 1 ? Number(char) * 2 : Number(char);
		return total + (doubled > 9 ? doubled - 9 : doubled);
	}, 0);
	return sum % 10 === 0;
}

let client: Client;
let booking: SandboxReservation;

beforeAll(async () => {
	await freshSandbox();
	client = await connectMcpClient();
	const [listing] = await sandboxListings();
	expect(listing, "the sandbox has no listing").toBeDefined();
	const arrival = plusDays(businessToday(listing!.timeZoneName), 40);
	booking = await sandboxWrite<SandboxReservation>("POST", "/reservations?forceOverbooking=1", {
		channelId: 2000,
		listingMapId: listing!.id,
		arrivalDate: arrival,
		departureDate: plusDays(arrival, 3),
		guestFirstName: "Astrid",
		guestLastName: "Lindqvist",
		guestEmail: "astrid.lindqvist@example.se",
		phone: PHONE,
		doorCode: DOOR_CODE,
		numberOfGuests: 2,
		hostNote: `Airbnb reservation ${AIRBNB_RESERVATION_ID}; guest WhatsApp ${PHONE_SPACED}; deposit on card ${CARD}`,
	});
});
afterAll(async () => {
	await client?.close();
});

describe("a guest phone that passes the card checksum", () => {
	it("is one a checksum-only card detector would have removed", () => {
		expect(passesCardChecksum(PHONE.slice(1))).toBe(true);
		expect(passesCardChecksum(AIRBNB_RESERVATION_ID)).toBe(true);
		expect(booking.phone).toBe(PHONE);
	});

	it("is shown whole by get_booking, with the reservation id in the host's note, and without the card or door code", async () => {
		const { data, text } = await callPatiently<{ guest: { phone: string | null }; notes: { hostNote: string | null } }>(
			client,
			"get_booking",
			{ bookingId: booking.id },
		);
		expect(data.guest.phone).toContain(PHONE);
		expect(data.notes.hostNote).toContain(AIRBNB_RESERVATION_ID);
		expect(data.notes.hostNote).toContain(PHONE_SPACED);
		expect(data.notes.hostNote).not.toContain(CARD);
		expect(text).toContain(PHONE);
		expect(text).toContain(PHONE_SPACED);
		expect(text).toContain(AIRBNB_RESERVATION_ID);
		expect(text).not.toContain(CARD);
		expect(text.replaceAll(PHONE, "").replaceAll(PHONE_SPACED, "")).not.toMatch(new RegExp(`(?<!\\d)${DOOR_CODE}(?!\\d)`));
	});

	it("is shown whole by get_guest", async () => {
		const { data, text } = await callPatiently<{ guest: { phone: string | null } }>(client, "get_guest", { bookingId: booking.id });
		expect(data.guest.phone).toContain(PHONE);
		expect(text).toContain(PHONE);
	});
});
