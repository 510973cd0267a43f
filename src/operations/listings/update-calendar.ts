/**
 * update_calendar: block or unblock a date range, set its nightly price, minimum stay,
 * closed-to-arrival/departure flags or note (`PUT /listings/{id}/calendar`). A safe write:
 * the preview reads the range's current calendar and lists, run by run, each date whose value
 * changes from what to what, with warnings about reservations and newly bookable dates.
 */
import { z } from "zod";
import type { CalendarDay, CalendarRangeUpdate, Listing } from "../../hostaway";
import { listingIdArgument } from "../shared/arguments";
import { nightBlocker, reservationIdsOf } from "../shared/calendar-nights";
import { listingName, listingToday } from "../shared/listings";
import { precheckRange, type RangeResolver, refuseIfDatesShifted, type ResolvedRange } from "../shared/stay-dates";
import { defineWriteOperation, type WritePreview } from "../confirmation";
import { checkRange, dateArgument, daysBetween, type RangeRules, resolveDate } from "../dates";
import { OperationError } from "../errors";
import type { OperationContext } from "../operation";
import { calendarRowSchema, dateSpan, runsOf, toCalendarRow } from "./calendar-days";
import { MAX_CALENDAR_DAYS } from "./get-calendar";

const UPDATE_RULES: RangeRules = {
	what: "calendar range",
	maxDays: MAX_CALENDAR_DAYS - 1,
	allowSameDay: true,
	noPast: true,
	maxDaysAhead: 730,
};

const input = z.strictObject({
	listingId: listingIdArgument,
	startDate: dateArgument.describe("First date to change"),
	endDate: dateArgument.optional().describe(`Last date to change, included; default the start date. At most ${MAX_CALENDAR_DAYS} days`),
	availability: z.enum(["block", "unblock"]).optional().describe("block: close the dates to new bookings; unblock: open them again"),
	price: z.coerce
		.number()
		.positive({ error: "price must be positive" })
		.max(10_000_000)
		.optional()
		.describe("Nightly price, in the listing's currency"),
	minimumStay: z.coerce
		.number()
		.int()
		.min(1, { error: "minimumStay must be at least 1" })
		.max(365)
		.optional()
		.describe("Minimum nights for stays arriving on these dates"),
	closedOnArrival: z.boolean().optional().describe("true: guests may not arrive on these dates; false: lift that rule"),
	closedOnDeparture: z.boolean().optional().describe("true: guests may not leave on these dates; false: lift that rule"),
	note: z.string().max(500).optional().describe('Host note on the dates ("" removes it)'),
});
type Input = z.output<typeof input>;

const result = z.object({
	listingId: z.number().int(),
	listingName: z.string(),
	startDate: z.string(),
	endDate: z.string(),
	daysUpdated: z.number().int().describe("Days Hostaway reports as updated"),
	days: z.array(calendarRowSchema).describe("The dates as Hostaway reports them after the update"),
});

const CHANGE_FIELDS = ["availability", "price", "minimumStay", "closedOnArrival", "closedOnDeparture", "note"] as const;
type ChangeField = (typeof CHANGE_FIELDS)[number];

function requireSomeChange(args: Input): void {
	if (CHANGE_FIELDS.every((field) => args[field] === undefined)) {
		throw new OperationError(
			"invalid_input",
			"Nothing to change: give at least one of availability (block/unblock), price, minimumStay, closedOnArrival, closedOnDeparture or note.",
		);
	}
}

function rangeResolver(args: Input): RangeResolver {
	return (today) => {
		const start = resolveDate(args.startDate, today, "startDate");
		return { start, end: args.endDate === undefined ? start : resolveDate(args.endDate, today, "endDate") };
	};
}

/** What a day shows for a field now; availability is the day's effective state. */
function currentValue(day: CalendarDay, field: ChangeField): unknown {
	switch (field) {
		case "availability":
			return nightBlocker(day) ?? "available";
		case "price":
			return day.price ?? null;
		case "minimumStay":
			return day.minimumStay ?? null;
		case "closedOnArrival":
			return day.closedOnArrival === true;
		case "closedOnDeparture":
			return day.closedOnDeparture === true;
		case "note":
			return day.note ?? "";
	}
}

/** The value the update gives a day, or undefined when the field is not being set. Reserved days stay reserved. */
function targetValue(day: CalendarDay, field: ChangeField, args: Input): unknown {
	if (field === "availability") {
		if (args.availability === undefined) return undefined;
		if (nightBlocker(day) === "reserved") return "reserved";
		return args.availability === "block" ? "blocked" : "available";
	}
	return args[field];
}

async function readRange(
	args: Input,
	context: OperationContext,
	phase: "preview" | "execute",
): Promise<{ listing: Listing; range: ResolvedRange }> {
	const listing = await context.hostaway().getListing(args.listingId);
	const resolve = rangeResolver(args);
	const today = listingToday(listing, context.businessNow);
	// A confirmation refuses relative words whose dates changed since the preview.
	const range =
		phase === "execute"
			? refuseIfDatesShifted(resolve, listing.timeZoneName, context.businessNow, {
					tool: "update_calendar",
					words: [args.startDate, args.endDate],
				})
			: resolve(today);
	checkRange(range.start, range.end, today, UPDATE_RULES);
	return { listing, range };
}

function describeChanges(args: Input, days: readonly CalendarDay[], currency: string | null): WritePreview["changes"] {
	const changes: WritePreview["changes"] = [];
	for (const field of CHANGE_FIELDS) {
		const perDay = days.map((day) => ({ day, from: currentValue(day, field), to: targetValue(day, field, args) }));
		const runs = runsOf(perDay, (entry) =>
			entry.to === undefined || entry.to === entry.from ? "same" : JSON.stringify([entry.from, entry.to]),
		);
		for (const run of runs) {
			const { from, to } = run.first;
			if (to === undefined || to === from) continue;
			const label = field === "price" && currency ? `price (${currency})` : field;
			changes.push({ field: `${label}, ${dateSpan(run.first.day.date, run.last.day.date, run.length)}`, from, to });
		}
	}
	return changes;
}

function describeWarnings(args: Input, days: readonly CalendarDay[], range: ResolvedRange, expectedDays: number): string[] {
	const warnings: string[] = [];
	const reserved = days.filter((day) => nightBlocker(day) === "reserved");
	const reservations = [...new Set(reserved.flatMap(reservationIdsOf))].map((id) => `#${id}`).join(", ");
	const reservedText = `${reserved.length} date(s) are reserved${reservations ? ` (reservation ${reservations})` : ""}`;
	if (args.availability === "block" && reserved.length > 0) {
		warnings.push(
			`${reservedText}: Hostaway keeps existing reservations, so those stays go ahead; the block only stops new bookings. ` +
				"Use cancel_booking if the stay itself must go.",
		);
	}
	if (args.availability === "unblock") {
		const opened = days.filter((day) => nightBlocker(day) === "blocked");
		if (opened.length > 0) {
			warnings.push(
				`Unblocking opens ${opened.length} date(s) to new bookings on every connected channel (Airbnb, Vrbo, Booking.com…) at once.`,
			);
		}
		if (reserved.length > 0) warnings.push(`${reservedText}: they stay reserved; unblocking does not cancel a reservation.`);
	}
	if ((args.price !== undefined || args.minimumStay !== undefined) && reserved.length > 0 && args.availability !== "block") {
		warnings.push(`${reservedText}: existing reservations keep their price and length; the new values apply to new bookings.`);
	}
	if (days.length < expectedDays) {
		warnings.push(
			`Hostaway returned ${days.length} of the ${expectedDays} days from ${range.start} to ${range.end}; the missing days are not shown above but will be updated too.`,
		);
	}
	return warnings;
}

function calendarUpdate(args: Input, range: ResolvedRange): CalendarRangeUpdate {
	return {
		startDate: range.start,
		endDate: range.end,
		...(args.availability !== undefined ? { isAvailable: args.availability === "unblock" } : {}),
		...(args.price !== undefined ? { price: args.price } : {}),
		...(args.minimumStay !== undefined ? { minimumStay: args.minimumStay } : {}),
		...(args.closedOnArrival !== undefined ? { closedOnArrival: args.closedOnArrival } : {}),
		...(args.closedOnDeparture !== undefined ? { closedOnDeparture: args.closedOnDeparture } : {}),
		...(args.note !== undefined ? { note: args.note === "" ? null : args.note } : {}),
	};
}

export const updateCalendar = defineWriteOperation({
	name: "update_calendar",
	title: "Update a listing's calendar",
	description:
		"Blocks or unblocks a range of dates on one listing, or sets their nightly price, minimum stay, closed-to-arrival/" +
		`departure rules or note (up to ${MAX_CALENDAR_DAYS} days, end date included). The preview lists exactly which dates ` +
		"change from what to what, and warns when unblocking opens dates to bookings or when a block overlaps reservations " +
		"(Hostaway keeps them). Read the current state with get_calendar.",
	input,
	result,
	annotations: { destructiveHint: true, idempotentHint: true, openWorldHint: true },
	async preview(args, context) {
		requireSomeChange(args);
		precheckRange(rangeResolver(args), UPDATE_RULES, context.businessNow);
		const { listing, range } = await readRange(args, context, "preview");
		const expectedDays = daysBetween(range.start, range.end) + 1;
		const days = (
			await context.hostaway().getCalendar(args.listingId, { startDate: range.start, endDate: range.end, includeResources: true })
		).filter((day) => day.date >= range.start && day.date <= range.end);
		const changes = describeChanges(args, days, listing.currencyCode ?? null);
		const name = listingName(listing);
		const span = dateSpan(range.start, range.end, expectedDays);
		const summary =
			changes.length > 0
				? `Update the calendar of ${name} (listing ${args.listingId}) for ${span}, dates in ${listing.timeZoneName ?? "UTC"}: ${changes.length} change(s) below.`
				: `The calendar of ${name} (listing ${args.listingId}) for ${span} already has these values; confirming changes nothing visible.`;
		return { summary, changes, warnings: describeWarnings(args, days, range, expectedDays) };
	},
	async execute(args, context) {
		requireSomeChange(args);
		const { listing, range } = await readRange(args, context, "execute");
		const days = await context.hostaway().updateCalendar(args.listingId, calendarUpdate(args, range));
		return {
			listingId: args.listingId,
			listingName: listingName(listing),
			startDate: range.start,
			endDate: range.end,
			daysUpdated: days.length,
			days: days.map(toCalendarRow),
		};
	},
	renderResult(done) {
		const lines = [
			`**Calendar updated** for ${done.listingName} (listing ${done.listingId}), ${done.startDate} to ${done.endDate}: ${done.daysUpdated} day(s). Now:`,
		];
		const runs = runsOf(done.days, (row) =>
			JSON.stringify([row.status, row.price, row.minimumStay, row.closedOnArrival, row.closedOnDeparture, row.note]),
		);
		for (const run of runs) {
			const day = run.first;
			const parts = [day.status, `price ${day.price ?? "?"}`, `min ${day.minimumStay ?? "?"} nights`];
			if (day.closedOnArrival) parts.push("closed to arrival");
			if (day.closedOnDeparture) parts.push("closed to departure");
			if (day.note) parts.push(`note: ${day.note}`);
			lines.push(`- ${dateSpan(run.first.date, run.last.date, run.length)}: ${parts.join(" · ")}`);
		}
		return lines.join("\n");
	},
	auditChange(args, done) {
		// Field names only: the note is the host's free text.
		const fields = CHANGE_FIELDS.filter((field) => args[field] !== undefined).map((field) =>
			field === "availability" ? `availability (${args.availability})` : field,
		);
		const range = done ? `${done.startDate} to ${done.endDate}` : `${args.startDate} to ${args.endDate ?? args.startDate}`;
		return `listing ${args.listingId} calendar ${range}: ${fields.join(", ")}${done ? ` set on ${done.daysUpdated} day(s)` : ""}`;
	},
});
