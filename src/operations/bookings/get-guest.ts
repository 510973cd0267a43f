import { z } from "zod";
import type { Reservation } from "../../hostaway";
import { defineOperation } from "../operation";
import { countWithinBudget, MAX_RESULT_CHARS } from "../pagination";
import { bookingIdArgument } from "../shared/arguments";
import { bookingRowLine, bookingRowSchema, toBookingRow } from "../shared/bookings";
import { channelLabel } from "../shared/channels";
import { isConfirmedStay } from "../shared/statuses";
import { fenceUntrusted, SHORT_GUEST_TEXT, UNTRUSTED_NOTICE } from "../untrusted";
import { guestContactOf, guestContactSchema, nonBlank, partyOf, partySchema } from "./reservation-fields";

/** Other stays are read in one upstream page; a guest with more bookings than this is reported as partial. */
export const GUEST_HISTORY_LIMIT = 100;
const ENVELOPE_CHARS = 4_000;

const VERIFICATION_FLAGS = {
	identity: "isGuestIdentityVerified",
	email: "isGuestVerifiedByEmail",
	phone: "isGuestVerifiedByPhone",
	governmentId: "isGuestVerifiedByGovernmentId",
	reviews: "isGuestVerifiedByReviews",
} as const satisfies Record<string, keyof Reservation>;

const output = z.object({
	bookingId: z.number().int(),
	guest: guestContactSchema
		.extend({
			city: z.string().nullable(),
			language: z.string().nullable().describe("The guest's locale as Hostaway has it, e.g. en, de"),
			verified: z
				.record(z.string(), z.boolean())
				.describe("Verification flags the channel reported (identity, email, phone, governmentId, reviews); empty when none"),
		})
		.describe("Name, contact, place and language as the guest or channel gave them: untrusted text, escaped and fenced"),
	thisBooking: z.object({
		channel: z.string(),
		arrival: z.string().nullable(),
		departure: z.string().nullable(),
		party: partySchema,
	}),
	history: z.object({
		lookedUpBy: z.enum(["email", "none"]).describe("none: the booking has no guest e-mail, so other stays were not searched"),
		otherStays: z.array(bookingRowSchema).describe("The guest's other bookings (same e-mail), latest arrival first"),
		totalBookings: z.number().int().describe("All bookings found with this e-mail, this one included"),
		confirmedStays: z.number().int().describe("Of those, confirmed stays (not cancelled, inquiries or requests)"),
		confirmedNights: z.number().int(),
		complete: z.boolean().describe("False when the guest has more bookings than were read"),
	}),
	notes: z.array(z.string()),
});
type Output = z.input<typeof output>;

export const getGuest = defineOperation({
	name: "get_guest",
	title: "Get a guest",
	description:
		"Shows the guest of a booking: name, e-mail, phone, country, city, language, the party of that booking and any verification " +
		"flags, plus the guest's other stays found by e-mail (as booking rows, with counts of stays and confirmed nights). " +
		"Hostaway has no guest records of its own: the profile comes from the booking, so start from a booking id (search_bookings). " +
		"Without a guest e-mail there is no history lookup, and the result says so.",
	input: z.strictObject({ bookingId: bookingIdArgument }),
	output,
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	async handler({ bookingId }, context): Promise<Output> {
		const client = context.hostaway();
		const reservation = await client.getReservation(bookingId);
		const email = nonBlank(reservation.guestEmail);
		const notes: string[] = [];

		let found: Reservation[] = [reservation];
		let complete = true;
		if (email) {
			const page = await client.listReservations({ guestEmail: email, sortOrder: "arrivalDateDesc", limit: GUEST_HISTORY_LIMIT });
			found = page.items.some((r) => r.id === reservation.id) ? page.items : [reservation, ...page.items];
			complete = page.count === null ? page.items.length < GUEST_HISTORY_LIMIT : page.count <= page.items.length;
			if (!complete)
				notes.push(
					`The guest has ${page.count ?? "more than " + GUEST_HISTORY_LIMIT} bookings; only the latest ${GUEST_HISTORY_LIMIT} by arrival were read.`,
				);
		} else {
			notes.push(
				"This booking has no guest e-mail, so the guest's other stays could not be looked up (Hostaway finds them by e-mail only).",
			);
		}

		const confirmed = found.filter((r) => isConfirmedStay(r.status));
		const others = found.filter((r) => r.id !== reservation.id).map((r) => toBookingRow(r));
		const fit = others.length === 0 ? 0 : countWithinBudget(others, MAX_RESULT_CHARS - ENVELOPE_CHARS);
		if (fit < others.length)
			notes.push(
				`Showing ${fit} of ${others.length} other stays to stay under the result budget (latest arrivals first); the totals count them all.`,
			);

		const verified: Record<string, boolean> = {};
		for (const [label, field] of Object.entries(VERIFICATION_FLAGS)) {
			const value = reservation[field];
			if (typeof value === "boolean") verified[label] = value;
		}

		return {
			bookingId: reservation.id,
			guest: {
				// Fenced here, for output only: the raw e-mail above finds the guest's other stays.
				...guestContactOf(reservation),
				city: fenceUntrusted(nonBlank(reservation.guestCity), SHORT_GUEST_TEXT),
				language: fenceUntrusted(nonBlank(reservation.guestLocale), SHORT_GUEST_TEXT),
				verified,
			},
			thisBooking: {
				channel: channelLabel(reservation.channelId, reservation.channelName),
				arrival: reservation.arrivalDate ?? null,
				departure: reservation.departureDate ?? null,
				party: partyOf(reservation),
			},
			history: {
				lookedUpBy: email ? "email" : "none",
				otherStays: others.slice(0, fit),
				totalBookings: found.length,
				confirmedStays: confirmed.length,
				confirmedNights: confirmed.reduce((sum, r) => sum + (r.nights ?? 0), 0),
				complete,
			},
			notes,
		};
	},
	render(result) {
		const { guest, thisBooking, history } = result;
		const verified = Object.entries(guest.verified)
			.filter(([, value]) => value)
			.map(([label]) => label);
		const party = thisBooking.party;
		const lines = [
			`**Guest of booking #${result.bookingId}:** ${guest.name ?? "(no name)"}`,
			`- Contact: ${guest.email ?? "no e-mail"} · ${guest.phone ?? "no phone"}`,
			`- From: ${[guest.city, guest.country].filter(Boolean).join(", ") || "unknown"} · language ${guest.language ?? "unknown"}`,
			`- Verified: ${verified.length ? verified.join(", ") : "nothing reported"}`,
			`- This booking: ${thisBooking.arrival} → ${thisBooking.departure} via ${thisBooking.channel}; ${party.guests ?? "?"} guests (${party.adults ?? "?"} adults, ${party.children ?? 0} children, ${party.infants ?? 0} infants, ${party.pets ?? 0} pets)`,
		];
		if (history.lookedUpBy === "email") {
			lines.push(
				`- History by e-mail: ${history.totalBookings} booking(s), ${history.confirmedStays} confirmed stay(s), ${history.confirmedNights} confirmed night(s)${history.complete ? "" : " (partial)"}`,
			);
			if (history.otherStays.length > 0) lines.push("", "Other stays:", ...history.otherStays.map(bookingRowLine));
		}
		for (const note of result.notes) lines.push(`_${note}_`);
		lines.push("", UNTRUSTED_NOTICE);
		return lines.join("\n");
	},
});
