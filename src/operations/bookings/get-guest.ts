/**
 * get_guest: the guest of a booking and the guest's other stays, found by e-mail (Hostaway has
 * no guest records). The stays are read a page at a time with Hostaway's `afterId` cursor,
 * latest arrival first, as many pages as the answer's time allows (OperationContext.deadline);
 * a history cut short by the rate limit is marked partial and its cursor continues after the
 * last booking read.
 */
import { z } from "zod";
import type { HostawayClient, Reservation } from "../../hostaway";
import { type OperationContext, defineOperation } from "../operation";
import {
	type AfterIdPosition,
	countWithinBudget,
	cursorArgument,
	decodeAfterIdCursor,
	encodeAfterIdCursor,
	MAX_RESULT_CHARS,
} from "../pagination";
import { isOutOfTime, OUT_OF_TIME_REASON, type PartialAnswer, partialNotice, partialSchema, pastDeadline } from "../partial-answers";
import { bookingIdArgument } from "../shared/arguments";
import { bookingRowLine, bookingRowSchema, toBookingRow } from "../shared/bookings";
import { channelLabel } from "../shared/channels";
import { PAGE_SIZE } from "../shared/listings";
import { isConfirmedStay } from "../shared/statuses";
import { fenceUntrusted, SHORT_GUEST_TEXT, UNTRUSTED_NOTICE } from "../untrusted";
import { guestContactOf, guestContactSchema, nonBlank, partyOf, partySchema } from "./reservation-fields";

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
		.describe("Name, contact, place and language: untrusted guest text, fenced"),
	thisBooking: z.object({
		channel: z.string(),
		arrival: z.string().nullable(),
		departure: z.string().nullable(),
		party: partySchema,
	}),
	history: z.object({
		lookedUpBy: z.enum(["email", "none"]).describe("none: the booking has no guest e-mail, so other stays were not searched"),
		otherStays: z.array(bookingRowSchema).describe("The guest's other bookings (same e-mail), latest arrival first"),
		totalBookings: z.number().int().describe("All bookings found with this e-mail, this one included (when partial: in the part read)"),
		confirmedStays: z.number().int().describe("Of those, confirmed stays (not cancelled, inquiries or requests)"),
		confirmedNights: z.number().int(),
		complete: z.boolean().describe("False when not every booking with this e-mail was read in this call (see partial)"),
		hasMore: z
			.boolean()
			.describe(
				"True when bookings with this e-mail remain unread: call again with partial.nextCursor (without a cursor when there is none)",
			),
	}),
	partial: partialSchema.optional(),
	notes: z.array(z.string()),
});
type Output = z.input<typeof output>;

/** The part of the guest's bookings one call read: from `start` (or the beginning) on, latest arrival first. */
interface GuestBookings {
	reservations: Reservation[];
	/** Bookings with this e-mail as Hostaway counts them (all of them, not only this part); null if it did not say. */
	count: number | null;
	/** Where the rest begins; undefined when the last booking was read. */
	next?: AfterIdPosition;
}

/**
 * Pages through the bookings with this e-mail by Hostaway's `afterId` cursor (its `count` is
 * every match, so the position counts the bookings before it), until the last page or until
 * the answer is due: then `next` is where to continue.
 */
async function readGuestBookings(
	client: HostawayClient,
	email: string,
	start: AfterIdPosition | undefined,
	context: Pick<OperationContext, "deadline">,
): Promise<GuestBookings> {
	const byId = new Map<number, Reservation>();
	let position = start;
	let count: number | null = null;
	for (;;) {
		// The first page is always asked for: its turn is what the deadline bounds.
		if (byId.size > 0 && pastDeadline(context)) return { reservations: [...byId.values()], count, next: position };
		let page;
		try {
			page = await client.listReservations({
				guestEmail: email,
				sortOrder: "arrivalDateDesc",
				limit: PAGE_SIZE,
				afterId: position?.afterId,
			});
		} catch (error) {
			if (!isOutOfTime(error)) throw error;
			return { reservations: [...byId.values()], count, next: position ?? { afterId: 0, seen: 0 } };
		}
		count = page.count;
		// A booking changed during the walk can move in the order and come again: it counts once.
		for (const reservation of page.items) byId.set(reservation.id, reservation);
		const last = page.items.at(-1);
		const seen = (position?.seen ?? 0) + page.items.length;
		// A short page ends the list (Hostaway: stop on an empty or short page), whatever the count says.
		if (!last || page.items.length < PAGE_SIZE || (page.count !== null && seen >= page.count)) {
			return { reservations: [...byId.values()], count };
		}
		position = { afterId: last.id, seen };
	}
}

export const getGuest = defineOperation({
	name: "get_guest",
	title: "Get a guest",
	description:
		"Shows the guest of a booking: name, e-mail, phone, country, city, language, the booking's party and verification flags, " +
		"plus the guest's other stays found by e-mail (booking rows, with counts of stays and confirmed nights). Hostaway has no " +
		"guest records: the profile comes from a booking, so start from a booking id (search_bookings). Without a guest e-mail " +
		"there is no history, and the result says so.",
	input: z.strictObject({
		bookingId: bookingIdArgument,
		cursor: cursorArgument.describe("partial.nextCursor of a partial answer"),
	}),
	output,
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	async handler({ bookingId, cursor }, context): Promise<Output> {
		// The cursor belongs to the booking it was issued for.
		const start = decodeAfterIdCursor(cursor, { bookingId });
		const client = context.hostaway();
		const reservation = await client.getReservation(bookingId);
		const email = nonBlank(reservation.guestEmail);
		const notes: string[] = [];

		let found: Reservation[] = [reservation];
		let complete = true;
		let hasMore = false;
		let partial: PartialAnswer | undefined;
		if (email) {
			const read = await readGuestBookings(client, email, start, context);
			found = read.reservations;
			// This booking has the e-mail, so it is among them; should Hostaway's filter miss it, it still counts.
			if (!start && !read.next && !found.some((r) => r.id === reservation.id)) found = [reservation, ...found];
			complete = !start && !read.next;
			hasMore = read.next !== undefined;
			if (!complete) {
				// A cursor needs a booking to continue after; out of time before the first page, the call is simply repeated.
				const continueAfter = read.next && read.next.afterId > 0 ? read.next : undefined;
				const nextCursor = continueAfter ? encodeAfterIdCursor(continueAfter, { bookingId }) : undefined;
				const reason = [
					start ? `the bookings after the first ${start.seen} by latest arrival` : "the bookings with the latest arrivals",
					...(read.next ? [OUT_OF_TIME_REASON] : []),
					...(read.next && !nextCursor ? ["call get_guest again for the rest"] : []),
				].join("; ");
				partial = {
					covered: found.length,
					total: read.count,
					unit: "bookings with this e-mail",
					reason,
					...(nextCursor ? { nextCursor } : {}),
				};
				notes.push("The history is partial: its totals count only the bookings read in this call.");
			}
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
				`Showing ${fit} of ${others.length} other stays to stay under the result budget (latest arrivals first); the totals count them all; ` +
					"search_bookings with guestEmail and sort arrival_desc lists every one, a page at a time.",
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
				hasMore,
			},
			...(partial ? { partial } : {}),
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
		if (result.partial) lines.push("", partialNotice(result.partial));
		for (const note of result.notes) lines.push(`_${note}_`);
		lines.push("", UNTRUSTED_NOTICE);
		return lines.join("\n");
	},
});
