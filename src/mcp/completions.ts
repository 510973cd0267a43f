/**
 * Argument completion for listing and booking ids (prompts and resource templates). A user
 * typing part of an id or of a name gets matching ids. Completion is best-effort: when
 * Hostaway cannot be reached, it offers nothing rather than failing.
 */
import { addDays } from "../operations/dates";
import type { OperationContext } from "../operations/operation";
import { guestDisplayName } from "../operations/shared/bookings";
import { listingName, listingToday, loadAllListings } from "../operations/shared/listings";

/** The MCP limit for one completion answer. */
const MAX_COMPLETIONS = 100;

export async function completeListingId(context: OperationContext, typed: string): Promise<string[]> {
	try {
		const needle = typed.trim().toLowerCase();
		const { listings } = await loadAllListings(context.hostaway());
		return listings
			.filter((listing) => String(listing.id).startsWith(needle) || listingName(listing).toLowerCase().includes(needle))
			.slice(0, MAX_COMPLETIONS)
			.map((listing) => String(listing.id));
	} catch {
		return [];
	}
}

/** Bookings a property manager is likely to mean: arriving from a week ago to a month ahead. */
export async function completeBookingId(context: OperationContext, typed: string): Promise<string[]> {
	try {
		const needle = typed.trim().toLowerCase();
		const today = listingToday({ timeZoneName: null }, context.businessNow);
		const page = await context.hostaway().listReservations({
			arrivalFrom: addDays(today, -7),
			arrivalTo: addDays(today, 30),
			sortOrder: "arrivalDate",
			limit: 100,
		});
		return page.items
			.filter(
				(reservation) => String(reservation.id).startsWith(needle) || (guestDisplayName(reservation) ?? "").toLowerCase().includes(needle),
			)
			.slice(0, MAX_COMPLETIONS)
			.map((reservation) => String(reservation.id));
	} catch {
		return [];
	}
}
