/**
 * Can this listing take this stay? Used by create_booking and update_booking before they
 * write. Two upstream reads: the reservations overlapping the stay (Hostaway's arrival and
 * departure windows narrow the list to them) and the calendar of the stay's days (host
 * blocks, and the stay rules evaluated as check_availability does, in shared/stay-rules).
 *
 * Overlaps and host blocks are conflicts: Hostaway itself refuses them unless the write
 * forces overbooking. Stay rules (minimum stay, closed days) are warnings: Hostaway applies
 * them to channel bookings, but a host entering a direct booking may override them.
 * Overlaps come from the reservations, not the calendar's reserved days, so that
 * update_booking can leave the booking being moved out of them.
 */
import type { HostawayClient, Listing, Reservation } from "../../hostaway";
import { addDays } from "../dates";
import { OperationError } from "../errors";
import { guestDisplayName } from "../shared/bookings";
import { isHostBlocked } from "../shared/calendar-nights";
import { fenceUntrusted, SHORT_GUEST_TEXT } from "../untrusted";
import { channelLabel } from "../shared/channels";
import type { StayDates } from "../shared/stay-dates";
import { stayRuleProblems } from "../shared/stay-rules";
import { blocksCalendar } from "../shared/statuses";

export interface StayCheck {
	/** Reservations whose nights overlap the stay and block the calendar. */
	overlapping: Reservation[];
	/** Refusal reasons unless overbooking is allowed: overlaps and host-blocked nights. */
	conflicts: string[];
	/** Stay rules the stay breaks; shown to the user, not enforced. */
	warnings: string[];
}

export async function checkStayAvailability(
	client: HostawayClient,
	listing: Listing,
	stay: StayDates,
	options: { ignoreReservationId?: number } = {},
): Promise<StayCheck> {
	const lastNight = addDays(stay.departure, -1);
	// Overlap = arrives before our departure and leaves after our arrival.
	const [candidates, days] = await Promise.all([
		client.listReservations({ listingId: listing.id, arrivalTo: lastNight, departureFrom: addDays(stay.arrival, 1), limit: 100 }),
		client.getCalendar(listing.id, { startDate: stay.arrival, endDate: stay.departure }),
	]);
	const overlapping = candidates.items.filter(
		(r) =>
			r.id !== options.ignoreReservationId &&
			blocksCalendar(r.status) &&
			(r.arrivalDate ?? "") < stay.departure &&
			(r.departureDate ?? "") > stay.arrival,
	);
	const conflicts = overlapping.map(
		(r) =>
			`overlaps booking #${r.id} (${fenceUntrusted(guestDisplayName(r), SHORT_GUEST_TEXT) ?? "no name"}, ${r.arrivalDate} → ${r.departureDate}, ${r.status} via ${channelLabel(r.channelId, r.channelName)})`,
	);
	const nights = days.filter((day) => day.date >= stay.arrival && day.date < stay.departure);
	const blockedNights = nights.filter(isHostBlocked).map((day) => day.date);
	if (blockedNights.length > 0) {
		conflicts.push(
			`the host blocked ${blockedNights.length === 1 ? "the night of" : "the nights of"} ${blockedNights.join(", ")} on the calendar`,
		);
	}

	// No guests: capacity is checkParty's refusal, not a warning.
	const warnings = stayRuleProblems({ arrival: stay.arrival, departure: stay.departure, days, listing }).map((problem) => problem.detail);
	return { overlapping, conflicts, warnings };
}

export interface Party {
	adults: number;
	children: number;
	infants: number;
	pets: number;
}

/** Refuses a party the listing cannot sleep; returns warnings for infants and pets over the listing's limits. */
export function checkParty(listing: Listing, party: Party): string[] {
	const guests = party.adults + party.children;
	if (listing.personCapacity !== null && guests > listing.personCapacity) {
		throw new OperationError(
			"invalid_input",
			`${guests} guests (adults + children) is more than listing ${listing.id} sleeps (${listing.personCapacity}). Choose a larger listing (find_available_listings) or a smaller party.`,
		);
	}
	const warnings: string[] = [];
	if (listing.maxPetsAllowed !== null && party.pets > listing.maxPetsAllowed) {
		warnings.push(
			listing.maxPetsAllowed === 0
				? `The listing does not allow pets, and the booking has ${party.pets}.`
				: `The listing allows at most ${listing.maxPetsAllowed} pet(s); the booking has ${party.pets}.`,
		);
	}
	if (listing.maxInfantsAllowed !== null && party.infants > listing.maxInfantsAllowed) {
		warnings.push(`The listing allows at most ${listing.maxInfantsAllowed} infant(s); the booking has ${party.infants}.`);
	}
	return warnings;
}

/**
 * The overbooking policy of create_booking and update_booking: a stay with conflicts is
 * refused unless the caller explicitly allowed overbooking, and then the preview must say so
 * loudly. Returns that warning, or null when the stay has no conflicts.
 */
export function refuseOverbookingUnlessAllowed(
	conflicts: string[],
	stay: StayDates,
	allowOverbooking: boolean,
	tool: string,
): string | null {
	if (conflicts.length === 0) return null;
	if (!allowOverbooking) {
		throw new OperationError(
			"conflict",
			`The listing is not free from ${stay.arrival} to ${stay.departure}: ${conflicts.join("; ")}. Nothing was written. Choose other dates (check_availability shows why each night is taken), or — only if the user explicitly wants a double booking — call ${tool} again with allowOverbooking: true.`,
		);
	}
	return `OVERBOOKING: this stay ${conflicts.join("; ")}. It will be written anyway (forceOverbooking) because allowOverbooking is true — two parties may arrive for the same nights. Confirm only if the user explicitly wants that.`;
}
