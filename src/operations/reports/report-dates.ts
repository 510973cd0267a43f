/**
 * Dates for portfolio-wide reports. Relative words need "today", which depends on the time
 * zone; a report over many listings resolves them in the portfolio's main time zone (the one
 * most listings use) and says so. Before anything is fetched, the words are checked against
 * today in UTC, so a misspelt date costs no upstream call.
 */
import type { Listing } from "../../hostaway";
import { daysBetween, type IsoDate, resolveDate, todayIn } from "../dates";
import { isCalendarDate } from "../../clock";
import { OperationError } from "../errors";

/** The time zone most listings use (UTC when none says). */
export function portfolioTimeZone(listings: readonly Pick<Listing, "timeZoneName">[]): string {
	const counts = new Map<string, number>();
	for (const listing of listings) {
		if (listing.timeZoneName) counts.set(listing.timeZoneName, (counts.get(listing.timeZoneName) ?? 0) + 1);
	}
	let best = "UTC";
	let bestCount = 0;
	for (const [zone, count] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
		if (count > bestCount) [best, bestCount] = [zone, count];
	}
	return best;
}

/** True when the value is a plain YYYY-MM-DD date (no time zone needed to resolve it). */
export function isExplicitDate(value: string): boolean {
	return isCalendarDate(value.trim());
}

/** Resolves against today in UTC only to reject words that are not understood, before any upstream call. */
export function precheckDate(value: string, field: string, now: Date): IsoDate {
	return resolveDate(value, todayIn("UTC", now), field);
}

/** Refuses dates too far from today to be meant ("check the year"). */
export function checkPlausible(date: IsoDate, today: IsoDate, field: string, limits: { pastDays: number; futureDays: number }): void {
	const offset = daysBetween(today, date);
	if (offset < -limits.pastDays || offset > limits.futureDays) {
		throw new OperationError(
			"invalid_input",
			`${field}: ${date} is ${Math.abs(offset)} days ${offset < 0 ? "before" : "after"} today (${today}); at most ${offset < 0 ? limits.pastDays : limits.futureDays} are allowed. Check the year.`,
		);
	}
}
