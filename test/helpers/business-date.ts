/**
 * "Today" as the server under test sees it: the real date, or SANDBOX_TODAY when `npm test`
 * runs with it (vitest.config.ts hands it to the Workers runtime and to `wrangler dev`). The
 * pinned date keeps the real time of day, as the server does (src/clock.ts), so a listing's
 * own today may be a day ahead or behind. Written here independently of the server's code.
 * Works in the Workers runtime (nodejs_compat fills process.env from the bindings) and in Node.
 */

const DAY_MS = 86_400_000;

/** The pinned business date, or undefined when the suite runs on the real date. */
export function pinnedToday(): string | undefined {
	const value = process.env.SANDBOX_TODAY?.trim();
	return value ? value : undefined;
}

/** The current moment on the business calendar. */
export function businessNow(): Date {
	const now = Date.now();
	const pinned = pinnedToday();
	if (!pinned) return new Date(now);
	return new Date(Date.parse(`${pinned}T00:00:00Z`) + (now % DAY_MS));
}

/** The business date in an IANA time zone (UTC by default), as YYYY-MM-DD. */
export function businessToday(timeZone = "UTC"): string {
	return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(businessNow());
}

export function plusDays(date: string, days: number): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function nightsBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
	return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The first date on or after `from` that falls on `weekday` (0 = Sunday). */
export function nextWeekday(from: string, weekday: number): string {
	return plusDays(from, (weekday - weekdayOf(from) + 7) % 7);
}
