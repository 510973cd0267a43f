/** Friendly inputs for calendar reads, updates and price quotes (hostaway-api.md §4.3). */
import { HostawayInvalidRequestError } from "../errors";
import type { QueryValue } from "../transport";
import { checkDate, defined, flag } from "./checks";

export interface GetCalendarInput {
	startDate?: string;
	endDate?: string;
	/** Fill each day's `reservations`. */
	includeResources?: boolean;
}

export function calendarQuery(input: GetCalendarInput): Record<string, QueryValue> {
	return {
		startDate: checkDate(input.startDate, "start date"),
		endDate: checkDate(input.endDate, "end date"),
		includeResources: input.includeResources,
	};
}

/** One date range (inclusive) and what to set on it; fields left out are not changed. */
export interface CalendarRangeUpdate {
	startDate: string;
	endDate: string;
	/** false blocks the dates, true opens them. */
	isAvailable?: boolean;
	price?: number;
	minimumStay?: number;
	maximumStay?: number;
	closedOnArrival?: boolean;
	closedOnDeparture?: boolean;
	note?: string | null;
}

export function calendarRangeBody(update: CalendarRangeUpdate) {
	const startDate = checkDate(update.startDate, "start date");
	const endDate = checkDate(update.endDate, "end date");
	if (startDate && endDate && endDate < startDate) {
		throw new HostawayInvalidRequestError("The calendar range ends before it starts.");
	}
	return defined({
		startDate,
		endDate,
		isAvailable: flag(update.isAvailable),
		price: update.price,
		minimumStay: update.minimumStay,
		maximumStay: update.maximumStay,
		closedOnArrival: flag(update.closedOnArrival),
		closedOnDeparture: flag(update.closedOnDeparture),
		note: update.note,
	});
}

/** Hostaway's documented maximum for one `calendarIntervals` call. */
export const MAX_CALENDAR_INTERVALS = 200;

export function calendarIntervalsBody(updates: CalendarRangeUpdate[]) {
	if (updates.length === 0) throw new HostawayInvalidRequestError("No calendar intervals to update.");
	if (updates.length > MAX_CALENDAR_INTERVALS) {
		throw new HostawayInvalidRequestError(
			`Hostaway takes at most ${MAX_CALENDAR_INTERVALS} calendar intervals per call; got ${updates.length}.`,
		);
	}
	return updates.map(calendarRangeBody);
}

export interface PriceQuoteInput {
	/** Arrival date. */
	startDate: string;
	/** Departure date. */
	endDate: string;
	guests: number;
	/** Multiplier above 1.0, as Hostaway defines it. */
	markup?: number;
	couponId?: number;
}

export function priceDetailsBody(input: PriceQuoteInput) {
	return defined({
		startingDate: checkDate(input.startDate, "arrival date"),
		endingDate: checkDate(input.endDate, "departure date"),
		numberOfGuests: input.guests,
		version: 2,
		markup: input.markup,
		reservationCouponId: input.couponId,
	});
}
