/**
 * Hostaway calendar days (hostaway-api.md §4.3) as results: the compact per-day row, and
 * run-length grouping of identical consecutive days so a month of calendar reads as a few lines.
 */
import { z } from "zod";
import type { CalendarDay } from "../../hostaway";
import { reservationIdsOf } from "../shared/calendar-nights";

export const calendarRowSchema = z.object({
	date: z.string(),
	status: z.string().describe("available, reserved, blocked or pending (a held request), as Hostaway reports the day"),
	price: z.number().nullable().describe("Nightly price in the listing's currency"),
	minimumStay: z.number().int().nullable().describe("Minimum nights for a stay arriving this day"),
	closedOnArrival: z.literal(true).optional().describe("Present when guests may not arrive this day"),
	closedOnDeparture: z.literal(true).optional().describe("Present when guests may not leave this day"),
	reservationIds: z.array(z.number().int()).optional().describe("Reservations occupying the night (use get_booking)"),
	note: z.string().optional().describe("The host's calendar note"),
});
export type CalendarRow = z.infer<typeof calendarRowSchema>;

export function toCalendarRow(day: CalendarDay): CalendarRow {
	const reservationIds = reservationIdsOf(day);
	return {
		date: day.date,
		status: day.status ?? (day.isAvailable ? "available" : "blocked"),
		price: day.price ?? null,
		minimumStay: day.minimumStay ?? null,
		...(day.closedOnArrival ? { closedOnArrival: true as const } : {}),
		...(day.closedOnDeparture ? { closedOnDeparture: true as const } : {}),
		...(reservationIds.length > 0 ? { reservationIds } : {}),
		...(day.note ? { note: day.note } : {}),
	};
}

export interface Run<T> {
	first: T;
	last: T;
	length: number;
}

/** Groups consecutive items with the same key into runs (input order kept). */
export function runsOf<T>(items: readonly T[], keyOf: (item: T) => string): Run<T>[] {
	const runs: Run<T>[] = [];
	let current: (Run<T> & { key: string }) | undefined;
	for (const item of items) {
		const key = keyOf(item);
		if (current && current.key === key) {
			current.last = item;
			current.length++;
			continue;
		}
		current = { first: item, last: item, length: 1, key };
		runs.push(current);
	}
	return runs.map(({ first, last, length }) => ({ first, last, length }));
}

/** "2026-07-03" or "2026-07-03 to 2026-07-05 (3 days)". Never two dates joined by a bare space (card-number redaction would see digits). */
export function dateSpan(first: string, last: string, length: number, unit = "days"): string {
	return length === 1 ? first : `${first} to ${last} (${length} ${unit})`;
}
