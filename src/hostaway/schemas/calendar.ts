/**
 * Calendar days (`GET/PUT /listings/{id}/calendar`) and the price quote
 * (`POST /listings/{id}/calendar/priceDetails`), hostaway-api.md §4.3.
 */
import { z } from "zod";
import { lenientArray, lenientFlag, lenientInteger, lenientNumber, lenientString, looseRecord, optionalId } from "./lenient";

/** Day statuses Hostaway documents; others (future or deprecated) are kept as sent. */
export const CALENDAR_DAY_STATUSES = [
	"available",
	"blocked",
	"reserved",
	"pending",
	"hardBlock",
	"mblocked",
	"mreserved",
	"conflicted",
] as const;

export const CalendarDaySchema = z.looseObject({
	id: optionalId,
	date: z.string({ error: "a calendar day has no date" }),
	isAvailable: lenientFlag,
	isProcessed: lenientFlag,
	status: lenientString,
	price: lenientNumber,
	minimumStay: lenientInteger,
	maximumStay: lenientInteger,
	closedOnArrival: lenientFlag,
	closedOnDeparture: lenientFlag,
	note: lenientString,
	countAvailableUnits: lenientInteger,
	availableUnitsToSell: lenientInteger,
	countBlockingReservations: lenientInteger,
	/** Reduced reservation objects; filled only with includeResources=1. */
	reservations: lenientArray(looseRecord),
});

export type CalendarDay = z.output<typeof CalendarDaySchema>;

export const PriceComponentSchema = z.looseObject({
	listingFeeSettingId: optionalId,
	type: lenientString,
	name: lenientString,
	title: lenientString,
	alias: lenientString,
	quantity: lenientNumber,
	value: lenientNumber,
	total: lenientNumber,
	isIncludedInTotalPrice: lenientFlag,
	isOverriddenByUser: lenientFlag,
	isMandatory: lenientFlag,
	isDeleted: lenientFlag,
});

export const PriceDetailsSchema = z.looseObject({
	totalPrice: lenientNumber,
	components: lenientArray(PriceComponentSchema),
});

export type PriceComponent = z.output<typeof PriceComponentSchema>;
export type PriceDetails = z.output<typeof PriceDetailsSchema>;
