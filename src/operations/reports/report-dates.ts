/**
 * Dates for portfolio-wide reports. Relative words need "today", taken as shared/today.ts says
 * (a listing's zone for one listing, else the portfolio's main zone, or each listing's own for
 * per-listing answers). Before anything is fetched, the words are checked against today in UTC,
 * so a misspelt date costs no upstream call.
 */
import { daysBetween, type IsoDate, resolveDate, todayIn } from "../dates";
import { isCalendarDate } from "../../clock";
import { OperationError } from "../errors";

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
