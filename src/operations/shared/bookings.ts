/**
 * The compact booking row used wherever bookings are listed (search, briefing, a guest's
 * other stays, inbox context). Guest-written text is
 * escaped and fenced; secret fields (door codes, card data, guest-portal links) are never copied.
 */
import { z } from "zod";
import type { Reservation } from "../../hostaway";
import { fenceUntrusted, SHORT_GUEST_TEXT } from "../untrusted";
import { channelLabel } from "./channels";

export const bookingRowSchema = z.object({
	id: z.number().int().describe("Hostaway reservation id (use with get_booking)"),
	listingId: z.number().int().nullable(),
	listingName: z.string().nullable(),
	guestName: z.string().nullable().describe("Untrusted guest text, fenced"),
	arrival: z.string().nullable(),
	departure: z.string().nullable(),
	nights: z.number().int().nullable(),
	guests: z.number().int().nullable(),
	status: z.string().nullable(),
	channel: z.string(),
	totalPrice: z.number().nullable(),
	currency: z.string().nullable(),
});
export type BookingRow = z.infer<typeof bookingRowSchema>;

export function guestDisplayName(reservation: Reservation): string | null {
	const composed = [reservation.guestFirstName, reservation.guestLastName].filter(Boolean).join(" ");
	return reservation.guestName || composed || null;
}

export function toBookingRow(reservation: Reservation, listingNames?: ReadonlyMap<number, string>): BookingRow {
	const listingId = reservation.listingMapId ?? null;
	return {
		id: reservation.id,
		listingId,
		listingName: reservation.listingName || (listingId !== null ? (listingNames?.get(listingId) ?? null) : null),
		guestName: fenceUntrusted(guestDisplayName(reservation), SHORT_GUEST_TEXT),
		arrival: reservation.arrivalDate ?? null,
		departure: reservation.departureDate ?? null,
		nights: reservation.nights ?? null,
		guests: reservation.numberOfGuests ?? null,
		status: reservation.status ?? null,
		channel: channelLabel(reservation.channelId, reservation.channelName),
		totalPrice: reservation.totalPrice ?? null,
		currency: reservation.currency ?? null,
	};
}

export function bookingRowLine(row: BookingRow): string {
	const money = row.totalPrice !== null ? ` · ${row.totalPrice} ${row.currency ?? ""}`.trimEnd() : "";
	return `- #${row.id} ${row.guestName ?? "(no name)"} — ${row.listingName ?? `listing ${row.listingId}`} — ${row.arrival} → ${row.departure} (${row.nights ?? "?"} nights, ${row.guests ?? "?"} guests) — ${row.status} via ${row.channel}${money}`;
}
