/**
 * The calendar endpoints: read days, update one range or a batch of intervals (all-or-nothing),
 * and quote a stay (`priceDetails`, version 2).
 */
import { z } from "zod";
import { calendarDay, indexNights, type CalendarOverride } from "../domain/calendar";
import { quoteStay } from "../domain/quote";
import type { ListingRecord } from "../seed/templates";
import { dateOfDayNumber, dayNumberOf, todayDayNumber } from "../wire/datetime";
import type { JsonObject } from "../wire/json";
import { badRequest, ok, type ApiReply } from "../wire/replies";
import type { HandlerContext } from "./context";
import { findListing } from "./listings";
import { isoDate, looseInt, zeroOrOne } from "./schemas";

/** How far one read or update may reach; Hostaway's own limit is undocumented. */
const MAX_RANGE_DAYS = 1096;
/** Hostaway's documented maximum of intervals per batch update. */
const MAX_INTERVALS = 200;
/** Days returned when no `endDate` is given (Hostaway's default is undocumented). */
const DEFAULT_RANGE_DAYS = 30;

const CalendarChange = z.object({
	startDate: isoDate,
	endDate: isoDate,
	isAvailable: zeroOrOne.optional(),
	price: z.number({ error: "must be a number" }).positive({ error: "must be positive" }).optional(),
	minimumStay: z.number().int({ error: "must be an integer" }).positive({ error: "must be positive" }).optional(),
	maximumStay: z.number().int({ error: "must be an integer" }).positive({ error: "must be positive" }).optional(),
	closedOnArrival: zeroOrOne.nullable().optional(),
	closedOnDeparture: zeroOrOne.nullable().optional(),
	note: z.string({ error: "must be a string" }).max(1000).nullable().optional(),
});
type CalendarChange = z.infer<typeof CalendarChange>;

const PriceDetailsRequest = z.object({
	startingDate: isoDate,
	endingDate: isoDate,
	numberOfGuests: looseInt.pipe(z.number().min(1, { error: "must be at least 1" })),
	version: looseInt.refine((version) => version === 2, { error: "must be 2 (version 1 is deprecated)" }),
	markup: z.number({ error: "must be a number" }).min(1, { error: "must be at least 1.0" }).optional(),
	reservationCouponId: z.number().int().nullable().optional(),
});

function daysOf(ctx: HandlerContext, listing: ListingRecord, start: number, end: number, includeReservations: boolean): JsonObject[] {
	const nights = indexNights([...ctx.store.reservations.values()].filter((r) => r.listingMapId === listing.id));
	const overrides = ctx.store.calendar.get(listing.id);
	const days: JsonObject[] = [];
	for (let day = start; day <= end; day++) {
		days.push(calendarDay(listing, day, overrides?.get(dateOfDayNumber(day)), nights, includeReservations));
	}
	return days;
}

function checkRange(start: number, end: number, startName: string, endName: string): void {
	if (end < start) throw badRequest(`${endName} must not be before ${startName}`);
	if (end - start >= MAX_RANGE_DAYS) throw badRequest(`the range from ${startName} to ${endName} may span at most ${MAX_RANGE_DAYS} days`);
}

export function getCalendar(ctx: HandlerContext): ApiReply {
	const listing = findListing(ctx, ctx.idParam("listingId", "Listing"));
	const startDate = ctx.query.date("startDate");
	const endDate = ctx.query.date("endDate");
	const start = startDate ? dayNumberOf(startDate) : todayDayNumber(ctx.clock.businessNowMs);
	const end = endDate ? dayNumberOf(endDate) : start + DEFAULT_RANGE_DAYS - 1;
	checkRange(start, end, "startDate", "endDate");
	return ok(daysOf(ctx, listing, start, end, ctx.query.flag("includeResources") === true));
}

function overrideOf(change: CalendarChange): CalendarOverride {
	const { startDate: _start, endDate: _end, ...fields } = change;
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as CalendarOverride;
}

function applyChange(ctx: HandlerContext, listing: ListingRecord, change: CalendarChange): void {
	const overrides = ctx.store.calendar.get(listing.id);
	const fields = overrideOf(change);
	for (let day = dayNumberOf(change.startDate); day <= dayNumberOf(change.endDate); day++) {
		const date = dateOfDayNumber(day);
		ctx.store.saveCalendar(listing.id, date, { ...overrides?.get(date), ...fields });
	}
}

export function updateCalendar(ctx: HandlerContext): ApiReply {
	const listing = findListing(ctx, ctx.idParam("listingId", "Listing"));
	const change = ctx.body(CalendarChange);
	const start = dayNumberOf(change.startDate);
	const end = dayNumberOf(change.endDate);
	checkRange(start, end, "startDate", "endDate");
	applyChange(ctx, listing, change);
	return ok(daysOf(ctx, listing, start, end, false));
}

export function updateCalendarIntervals(ctx: HandlerContext): ApiReply {
	const listing = findListing(ctx, ctx.idParam("listingId", "Listing"));
	const intervals = ctx.body(
		z
			.array(CalendarChange, { error: "the body must be a JSON array of calendar intervals" })
			.min(1, { error: "at least one interval is required" })
			.max(MAX_INTERVALS, { error: `at most ${MAX_INTERVALS} intervals per call` }),
	);
	// Validate every interval before writing any: a batch is applied whole or not at all.
	intervals.forEach((interval, index) =>
		checkRange(dayNumberOf(interval.startDate), dayNumberOf(interval.endDate), `[${index}].startDate`, `[${index}].endDate`),
	);
	for (const interval of intervals) applyChange(ctx, listing, interval);
	return ok([]);
}

export function priceDetails(ctx: HandlerContext): ApiReply {
	const listing = findListing(ctx, ctx.idParam("listingId", "Listing"));
	const request = ctx.body(PriceDetailsRequest);
	const start = dayNumberOf(request.startingDate);
	const end = dayNumberOf(request.endingDate);
	if (end <= start) throw badRequest("endingDate must be after startingDate");
	if (end - start > listing.maxNights) throw badRequest(`the stay may last at most ${listing.maxNights} nights`);
	if (request.numberOfGuests > listing.personCapacity) {
		throw badRequest(`numberOfGuests: this listing sleeps at most ${listing.personCapacity} guests`);
	}
	const nightly = daysOf(ctx, listing, start, end - 1, false).map((day) => day.price as number);
	const quote = quoteStay(listing, nightly, request.numberOfGuests, request.markup ?? 1);
	return ok({
		totalPrice: quote.totalPrice,
		originalTotalPrice: 0,
		selectedComponentsAmount: 0,
		components: quote.components.map((component) => ({
			id: null,
			listingFeeSettingId: null,
			type: component.type,
			name: component.name,
			title: component.title,
			alias: null,
			quantity: null,
			value: component.total,
			total: component.total,
			isIncludedInTotalPrice: 1,
			isOverriddenByUser: 0,
			isQuantitySelectable: 0,
			isMandatory: null,
			isDeleted: 0,
		})),
		extraComponents: [],
		selectedComponents: [],
	});
}
