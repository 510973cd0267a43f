/**
 * Calendar days: the listing's rate plan, overridden per date by calendar updates, with the
 * `status` derived from reservations and blocks. A reservation occupies the nights from its
 * arrival up to, not including, its departure: the departure day stays free for the next guest.
 */
import type { ListingRecord, ReservationRecord } from "../seed/templates";
import { dateOfDayNumber, dayNumberOf } from "../wire/datetime";
import type { JsonObject } from "../wire/json";
import { minimumStay, nightlyPrice } from "./pricing";
import { isBlockingStatus, isPendingStatus } from "./statuses";

/** What a calendar update may set on a date (Hostaway's updatable calendar-day fields). */
export interface CalendarOverride {
	isAvailable?: 0 | 1;
	price?: number;
	minimumStay?: number;
	maximumStay?: number;
	closedOnArrival?: 0 | 1 | null;
	closedOnDeparture?: 0 | 1 | null;
	note?: string | null;
}

/** The keys of a reservation as Hostaway embeds it in a calendar day (docs' example). */
const CALENDAR_RESERVATION_KEYS = [
	"id",
	"listingMapId",
	"channelId",
	"channelName",
	"reservationId",
	"externalPropertyId",
	"externalRatePlanId",
	"externalUnitId",
	"externalRuid",
	"manualIcalId",
	"manualIcalName",
	"isProcessed",
	"isManuallyChecked",
	"isInstantBooked",
	"hasPullError",
	"reservationDate",
	"pendingExpireDate",
	"guestName",
	"guestFirstName",
	"guestLastName",
	"guestExternalAccountId",
	"guestCity",
	"guestCountry",
	"guestEmail",
	"guestPicture",
	"numberOfGuests",
	"adults",
	"children",
	"infants",
	"pets",
	"arrivalDate",
	"departureDate",
	"previousArrivalDate",
	"previousDepartureDate",
	"checkInTime",
	"checkOutTime",
	"nights",
	"phone",
	"totalPrice",
	"taxAmount",
	"channelCommissionAmount",
	"hostawayCommissionAmount",
	"cleaningFee",
	"securityDepositFee",
	"isPaid",
	"ccName",
	"ccNumberEndingDigits",
	"ccExpirationYear",
	"ccExpirationMonth",
	"cvc",
	"paymentMethod",
	"stripeGuestId",
	"stripeMessage",
	"currency",
	"status",
	"hostNote",
	"guestNote",
	"comment",
] as const;

function calendarReservation(reservation: ReservationRecord): JsonObject {
	const source = reservation as unknown as Record<string, JsonObject[string] | undefined>;
	const out: JsonObject = {};
	for (const key of CALENDAR_RESERVATION_KEYS) out[key] = key === "hasPullError" ? 0 : (source[key] ?? null);
	return out;
}

export interface StayNights {
	/** Reservations that block, by the day numbers of the nights they occupy. */
	occupying(day: number): ReservationRecord[];
}

export function indexNights(reservations: readonly ReservationRecord[]): StayNights {
	const byDay = new Map<number, ReservationRecord[]>();
	for (const reservation of reservations) {
		if (!isBlockingStatus(reservation.status)) continue;
		const departure = dayNumberOf(reservation.departureDate);
		for (let day = dayNumberOf(reservation.arrivalDate); day < departure; day++) {
			const list = byDay.get(day);
			if (list) list.push(reservation);
			else byDay.set(day, [reservation]);
		}
	}
	return { occupying: (day) => byDay.get(day) ?? [] };
}

export function calendarDay(
	listing: ListingRecord,
	day: number,
	override: CalendarOverride | undefined,
	nights: StayNights,
	includeReservations: boolean,
): JsonObject {
	const occupying = nights.occupying(day);
	const blockedByHost = override?.isAvailable === 0;
	let status = "available";
	if (occupying.some((reservation) => !isPendingStatus(reservation.status))) status = "reserved";
	else if (occupying.length > 0) status = "pending";
	else if (blockedByHost) status = "blocked";
	return {
		// A stable id per listing and date (Hostaway's are opaque integers).
		id: listing.id * 100_000 + (day % 100_000),
		date: dateOfDayNumber(day),
		isAvailable: status === "available" ? 1 : 0,
		isProcessed: 1,
		status,
		price: override?.price ?? nightlyPrice(listing, day),
		minimumStay: override?.minimumStay ?? minimumStay(listing, day),
		maximumStay: override?.maximumStay ?? listing.maxNights,
		closedOnArrival: override?.closedOnArrival ?? null,
		closedOnDeparture: override?.closedOnDeparture ?? null,
		note: override?.note ?? null,
		countAvailableUnits: null,
		availableUnitsToSell: null,
		countPendingUnits: null,
		countBlockingReservations: null,
		countBlockedUnits: null,
		desiredUnitsToSell: null,
		reservations: includeReservations ? occupying.map(calendarReservation) : [],
	};
}
