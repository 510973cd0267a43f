/**
 * Occupancy arithmetic, kept apart from fetching so the rules read in one place:
 *
 * - A night belongs to the date it starts on; a stay's nights run from arrival to the day
 *   before departure. The report counts nights from `firstNight` to `lastNight` inclusive, so
 *   a stay straddling either edge contributes only its nights inside the range.
 * - Money is allocated pro rata per night: a stay with 3 of its 5 nights inside the range
 *   brings 3/5 of its revenue. Room revenue = totalPrice − cleaningFee − taxAmount (the basis
 *   of ADR and RevPAR); gross revenue = totalPrice.
 * - Only confirmed stays (shared/statuses.ts) count. Owner stays are counted apart as owner
 *   nights; cancellations, inquiries and pending requests are left out and counted by group.
 * - Money is never added across currencies: every sum is kept per currency.
 */
import type { Listing, Reservation } from "../../hostaway";
import { addDays, daysBetween, type IsoDate } from "../dates";
import { channelLabel } from "../shared/channels";
import { listingName } from "../shared/listings";
import { CANCELLED_STATUSES, INQUIRY_STATUSES, isConfirmedStay } from "../shared/statuses";

export interface MoneyTotals {
	occupiedNights: number;
	roomRevenue: number;
	grossRevenue: number;
}

export interface ListingOccupancy {
	listing: Listing;
	occupiedNights: number;
	ownerNights: number;
	bookings: number;
	money: Map<string, MoneyTotals>;
}

export interface ChannelOccupancy {
	channel: string;
	occupiedNights: number;
	bookings: number;
	money: Map<string, MoneyTotals>;
}

export interface Occupancy {
	firstNight: IsoDate;
	lastNight: IsoDate;
	nightsInRange: number;
	byListing: ListingOccupancy[];
	byChannel: ChannelOccupancy[];
	/** Records overlapping the range that do not count, by reason. */
	excluded: { cancelled: number; inquiries: number; notConfirmed: number; otherListings: number };
	/** Confirmed stays without a total price: their nights count, their money cannot. */
	withoutPrice: number;
}

/** Nights of [arrival, departure) that fall in [firstNight, lastNight]. */
export function nightsInside(arrival: IsoDate, departure: IsoDate, firstNight: IsoDate, lastNight: IsoDate): number {
	const from = arrival > firstNight ? arrival : firstNight;
	const until = departure < addDays(lastNight, 1) ? departure : addDays(lastNight, 1);
	return Math.max(0, daysBetween(from, until));
}

function addMoney(money: Map<string, MoneyTotals>, currency: string, nights: number, room: number, gross: number): void {
	const totals = money.get(currency) ?? { occupiedNights: 0, roomRevenue: 0, grossRevenue: 0 };
	totals.occupiedNights += nights;
	totals.roomRevenue += room;
	totals.grossRevenue += gross;
	money.set(currency, totals);
}

export function computeOccupancy(
	listings: readonly Listing[],
	reservations: readonly Reservation[],
	firstNight: IsoDate,
	lastNight: IsoDate,
): Occupancy {
	const byListing = new Map<number, ListingOccupancy>(
		listings.map((listing) => [listing.id, { listing, occupiedNights: 0, ownerNights: 0, bookings: 0, money: new Map() }]),
	);
	const byChannel = new Map<string, ChannelOccupancy>();
	const excluded = { cancelled: 0, inquiries: 0, notConfirmed: 0, otherListings: 0 };
	let withoutPrice = 0;

	for (const reservation of reservations) {
		if (!reservation.arrivalDate || !reservation.departureDate) continue;
		const inside = nightsInside(reservation.arrivalDate, reservation.departureDate, firstNight, lastNight);
		if (inside === 0) continue;
		const status = reservation.status ?? "";
		const entry = reservation.listingMapId !== null ? byListing.get(reservation.listingMapId) : undefined;
		if (!entry) {
			excluded.otherListings++;
			continue;
		}
		if (status === "ownerStay") {
			entry.ownerNights += inside;
			continue;
		}
		if (!isConfirmedStay(status)) {
			if (CANCELLED_STATUSES.has(status)) excluded.cancelled++;
			else if (INQUIRY_STATUSES.has(status)) excluded.inquiries++;
			else excluded.notConfirmed++;
			continue;
		}
		const stayNights = daysBetween(reservation.arrivalDate, reservation.departureDate);
		const share = inside / stayNights;
		const currency = reservation.currency || entry.listing.currencyCode || "unknown currency";
		let room = 0;
		let gross = 0;
		if (reservation.totalPrice === null) withoutPrice++;
		else {
			gross = reservation.totalPrice * share;
			room = (reservation.totalPrice - (reservation.cleaningFee ?? 0) - (reservation.taxAmount ?? 0)) * share;
		}
		entry.occupiedNights += inside;
		entry.bookings++;
		addMoney(entry.money, currency, inside, room, gross);

		const channel = channelLabel(reservation.channelId, reservation.channelName);
		const channelEntry = byChannel.get(channel) ?? { channel, occupiedNights: 0, bookings: 0, money: new Map() };
		channelEntry.occupiedNights += inside;
		channelEntry.bookings++;
		addMoney(channelEntry.money, currency, inside, room, gross);
		byChannel.set(channel, channelEntry);
	}

	return {
		firstNight,
		lastNight,
		nightsInRange: daysBetween(firstNight, lastNight) + 1,
		byListing: [...byListing.values()].sort(
			(a, b) => listingName(a.listing).localeCompare(listingName(b.listing)) || a.listing.id - b.listing.id,
		),
		byChannel: [...byChannel.values()].sort((a, b) => b.occupiedNights - a.occupiedNights || a.channel.localeCompare(b.channel)),
		excluded,
		withoutPrice,
	};
}
