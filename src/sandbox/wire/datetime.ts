/**
 * Hostaway's date and time formats: dates are `YYYY-MM-DD`, datetimes `YYYY-MM-DD HH:MM:SS`
 * (no `T`, no offset). The sandbox keeps every datetime in UTC. Dates are handled as
 * strings or as day numbers (days since 1970-01-01), never as local-time Date objects.
 */

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function formatDateTime(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

export function dayNumberOf(date: string): number {
	return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function dateOfDayNumber(day: number): string {
	return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function todayDayNumber(nowMs: number): number {
	return Math.floor(nowMs / DAY_MS);
}

export function addDays(date: string, days: number): string {
	return dateOfDayNumber(dayNumberOf(date) + days);
}

/** Milliseconds of a day number plus a time of day, for building datetimes. */
export function msOfDay(day: number, hours = 0, minutes = 0, seconds = 0): number {
	return day * DAY_MS + ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

/** A real calendar date in `YYYY-MM-DD` form (rejects 2025-02-30 and friends). */
export function isValidDate(value: string): boolean {
	const match = DATE_PATTERN.exec(value);
	if (!match) return false;
	const parsed = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: number): number {
	return (day + 4) % 7;
}

/** RFC 1123, as Hostaway's noise-monitoring notes write timestamps (`Sat, 28 Jun 2025 14:45:15 GMT`). */
export function formatRfc1123(ms: number): string {
	return new Date(ms).toUTCString();
}
