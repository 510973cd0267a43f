/**
 * Reservation fields as get_booking and get_guest show them, read the same way in both:
 * text that is missing or blank, the guest's contact, and the booking's party.
 */
import { z } from "zod";
import type { Reservation } from "../../hostaway";
import { guestDisplayName } from "../shared/bookings";
import { fenceUntrusted, SHORT_GUEST_TEXT } from "../untrusted";

/** The text, or null when it is missing or only white space (so results never show an empty value as if it said something). */
export function nonBlank(value: string | null | undefined): string | null {
	return value === undefined || value === null || value.trim() === "" ? null : value;
}

export const partySchema = z.object({
	guests: z.number().int().nullable().describe("Adults + children"),
	adults: z.number().int().nullable(),
	children: z.number().int().nullable(),
	infants: z.number().int().nullable(),
	pets: z.number().int().nullable(),
});

export function partyOf(reservation: Reservation): z.infer<typeof partySchema> {
	return {
		guests: reservation.numberOfGuests ?? null,
		adults: reservation.adults ?? null,
		children: reservation.children ?? null,
		infants: reservation.infants ?? null,
		pets: reservation.pets ?? null,
	};
}

/** Who the guest is and how to reach them, as the guest or channel gave it (each value fenced). */
export const guestContactSchema = z.object({
	name: z.string().nullable(),
	email: z.string().nullable(),
	phone: z.string().nullable(),
	country: z.string().nullable(),
});

export function guestContactOf(reservation: Reservation): z.infer<typeof guestContactSchema> {
	return {
		name: fenceUntrusted(guestDisplayName(reservation), SHORT_GUEST_TEXT),
		email: fenceUntrusted(nonBlank(reservation.guestEmail), SHORT_GUEST_TEXT),
		phone: fenceUntrusted(nonBlank(reservation.phone), SHORT_GUEST_TEXT),
		country: fenceUntrusted(nonBlank(reservation.guestCountry), SHORT_GUEST_TEXT),
	};
}
