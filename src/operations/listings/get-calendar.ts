/**
 * get_calendar: a listing's days — status, price, minimum stay, arrival/departure rules and
 * which reservation occupies a night — as compact rows, with identical consecutive days
 * grouped in the Markdown. Two upstream calls: the listing (cached; its time zone) and the
 * calendar of the range.
 */
import { z } from "zod";
import { listingIdArgument } from "../shared/arguments";
import { listingName, listingToday } from "../shared/listings";
import { precheckRange, resolveCheckedRange, rangeInEveryZone } from "../shared/stay-dates";
import { addDays, dateArgument, type RangeRules, resolveDate } from "../dates";
import { defineOperation } from "../operation";
import { calendarRowSchema, type CalendarRow, dateSpan, runsOf, toCalendarRow } from "./calendar-days";

export const DEFAULT_CALENDAR_DAYS = 30;
export const MAX_CALENDAR_DAYS = 90;

/** Inclusive range of days: start == end is one day; 90 days at most; not absurdly far out. */
const CALENDAR_RULES: RangeRules = { what: "calendar range", maxDays: MAX_CALENDAR_DAYS - 1, allowSameDay: true, maxDaysAhead: 730 };

const output = z.object({
	listingId: z.number().int(),
	listingName: z.string(),
	timeZone: z.string().nullable(),
	currency: z.string().nullable(),
	today: z.string().describe("Today in the listing's time zone"),
	startDate: z.string(),
	endDate: z.string().describe("Last day included"),
	days: z.array(calendarRowSchema),
});

function calendarResolver(startDate: string | undefined, endDate: string | undefined) {
	return (today: string) => {
		const start = startDate === undefined ? today : resolveDate(startDate, today, "startDate");
		const end = endDate === undefined ? addDays(start, DEFAULT_CALENDAR_DAYS - 1) : resolveDate(endDate, today, "endDate");
		return { start, end };
	};
}

/** The part of a row that decides whether two consecutive days read as one run. */
function sameDayKey(row: CalendarRow): string {
	return JSON.stringify([row.status, row.price, row.minimumStay, row.closedOnArrival, row.closedOnDeparture, row.reservationIds, row.note]);
}

export const getCalendar = defineOperation({
	name: "get_calendar",
	title: "Get a listing's calendar",
	description:
		`A listing's calendar, day by day: status (available, reserved, blocked, pending), nightly price, minimum stay, ` +
		`closed-to-arrival/departure flags, the reservation occupying a night, and host notes. Default range: today (in the ` +
		`listing's time zone) for ${DEFAULT_CALENDAR_DAYS} days; at most ${MAX_CALENDAR_DAYS} days. Use check_availability to ` +
		`test one stay with reasons and a quote, and update_calendar to block dates or change prices and minimum stays.`,
	input: z.strictObject({
		listingId: listingIdArgument,
		startDate: dateArgument.optional().describe("First day; default today"),
		endDate: dateArgument
			.optional()
			.describe(`Last day, included; default ${DEFAULT_CALENDAR_DAYS} days from the start, at most ${MAX_CALENDAR_DAYS} days`),
	}),
	output,
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	async handler({ listingId, startDate, endDate }, context) {
		const resolve = calendarResolver(startDate, endDate);
		precheckRange(resolve, CALENDAR_RULES, context.businessNow);
		const client = context.hostaway();
		const readDays = (range: { start: string; end: string }) =>
			client.getCalendar(listingId, { startDate: range.start, endDate: range.end, includeResources: true });
		// Dates that mean the same in every time zone need not wait for the listing's zone: both are read at once.
		const zoneFree = rangeInEveryZone(resolve, CALENDAR_RULES, context.businessNow);
		const [listing, daysRead] = await Promise.all([client.getListing(listingId), zoneFree ? readDays(zoneFree) : undefined]);
		const today = listingToday(listing, context.businessNow);
		const range = zoneFree ?? resolveCheckedRange(resolve, CALENDAR_RULES, today);
		const days = daysRead ?? (await readDays(range));
		return {
			listingId,
			listingName: listingName(listing),
			timeZone: listing.timeZoneName ?? null,
			currency: listing.currencyCode ?? null,
			today,
			startDate: range.start,
			endDate: range.end,
			days: days.filter((day) => day.date >= range.start && day.date <= range.end).map(toCalendarRow),
		};
	},
	render(result) {
		const lines = [
			`**Calendar of ${result.listingName}** (listing ${result.listingId}), ${result.startDate} to ${result.endDate}; prices in ${result.currency ?? "the listing's currency"}; ` +
				`dates in ${result.timeZone ?? "UTC"} (today ${result.today}). Identical consecutive days are grouped.`,
		];
		for (const run of runsOf(result.days, sameDayKey)) {
			const day = run.first;
			const parts = [day.status, `price ${day.price ?? "?"}`, `min ${day.minimumStay ?? "?"} nights`];
			if (day.closedOnArrival) parts.push("closed to arrival");
			if (day.closedOnDeparture) parts.push("closed to departure");
			if (day.reservationIds) parts.push(`reservation ${day.reservationIds.map((id) => `#${id}`).join(", ")}`);
			if (day.note) parts.push(`note: ${day.note}`);
			lines.push(`- ${dateSpan(run.first.date, run.last.date, run.length)}: ${parts.join(" · ")}`);
		}
		if (result.days.length === 0) lines.push("Hostaway returned no days for this range.");
		return lines.join("\n");
	},
});
