/**
 * The compact booking row used wherever bookings are listed (search, briefing, a guest's
 * other stays, inbox context), and paging through reservations. Guest-written text is
 * escaped and fenced; secret fields (door codes, card data, guest-portal links) are never copied.
 */
import { z } from "zod";
import type { HostawayClient, ListReservationsInput, Reservation } from "../../hostaway";
import { type ProgressReporter, reportPage, silentProgress } from "../progress";
import { fenceUntrusted, SHORT_GUEST_TEXT } from "../untrusted";
import { channelLabel } from "./channels";
import { PAGE_SIZE } from "./listings";

/** Reservations read for one question at most (10 pages); results say when more exist. */
export const MAX_RESERVATIONS = 1_000;

export const bookingRowSchema = z.object({
	id: z.number().int().describe("Hostaway reservation id (use with get_booking)"),
	listingId: z.number().int().nullable(),
	listingName: z.string().nullable(),
	guestName: z.string().nullable().describe("As the guest or channel gave it: untrusted text, escaped and fenced"),
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

/**
 * Every reservation matching `filters`, paged through with Hostaway's `afterId` cursor (the last
 * id of the previous page, same filters and order; `offset` is deprecated, hostaway-api.md §3a),
 * at most MAX_RESERVATIONS. `complete` is false when more exist than were read. Each page read is
 * reported to `progress` ("read 4 of 9 pages of reservations", the total from Hostaway's `count`).
 */
export async function loadReservations(
	client: HostawayClient,
	filters: Omit<ListReservationsInput, "limit" | "afterId">,
	progress: ProgressReporter = silentProgress,
): Promise<{ reservations: Reservation[]; complete: boolean }> {
	const byId = new Map<number, Reservation>();
	let afterId: number | undefined;
	for (let pagesRead = 1; byId.size < MAX_RESERVATIONS; pagesRead++) {
		const page = await client.listReservations({ ...filters, limit: PAGE_SIZE, afterId });
		reportPage(progress, "reservations", {
			done: pagesRead,
			pageSize: PAGE_SIZE,
			count: page.count,
			maxPages: MAX_RESERVATIONS / PAGE_SIZE,
		});
		// A booking changed during the walk can move in the order and come again: it counts once.
		for (const reservation of page.items) byId.set(reservation.id, reservation);
		const last = page.items.at(-1);
		if (!last || page.items.length < PAGE_SIZE || (page.count !== null && byId.size >= page.count)) {
			return { reservations: [...byId.values()], complete: true };
		}
		afterId = last.id;
	}
	return { reservations: [...byId.values()], complete: false };
}
