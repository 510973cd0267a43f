/**
 * Dates as a property manager says them. Hostaway dates are plain `YYYY-MM-DD` without a
 * time zone, and "today" depends on where the listing is: at 23:00 in Lisbon it is already
 * tomorrow in Tokyo. So relative words are resolved in the listing's time zone (or the
 * portfolio's, for cross-listing questions) and every result echoes the date it used.
 *
 * All arithmetic is on calendar dates (UTC midnight), never on local clock times.
 */
import { z } from "zod";
import { isCalendarDate } from "../clock";
import { OperationError } from "./errors";

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;

/** Words accepted wherever a date is: an ISO date or one of these (case-insensitive). */
export const DATE_WORDS_HELP =
	'a date as YYYY-MM-DD, or "today", "tomorrow", "yesterday", a weekday ("friday" = the next one, today included), or "in N days"';

/** A date argument: YYYY-MM-DD or a relative word, resolved later in the right time zone. */
export const dateArgument = z
	.string()
	.trim()
	.min(1)
	.describe(`${DATE_WORDS_HELP}. Relative words are resolved in the listing's time zone.`);

/**
 * A date formatter per time zone, made once: building an Intl.DateTimeFormat costs far more than
 * using one (it was about a tenth of a cached tool call's CPU), and every call asks for "today"
 * in a few zones. `null` remembers a zone the runtime does not know. Bounded, as zone names come
 * from Hostaway's data and from arguments.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat | null>();
const MAX_DATE_FORMATS = 1_000;

function dateFormatIn(timeZone: string): Intl.DateTimeFormat | null {
	let format = dateFormats.get(timeZone);
	if (format === undefined) {
		try {
			// en-CA formats as YYYY-MM-DD.
			format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
		} catch {
			format = null;
		}
		if (dateFormats.size >= MAX_DATE_FORMATS) dateFormats.clear();
		dateFormats.set(timeZone, format);
	}
	return format;
}

/** The calendar date at `now` in an IANA time zone (UTC when the zone is unknown or missing). */
export function todayIn(timeZone: string | null | undefined, now: Date): IsoDate {
	const format = (timeZone && dateFormatIn(timeZone)) || dateFormatIn("UTC");
	return format!.format(now);
}

export function isKnownTimeZone(timeZone: string): boolean {
	return dateFormatIn(timeZone) !== null;
}

export function addDays(date: IsoDate, days: number): IsoDate {
	const [y, m, d] = date.split("-").map(Number) as [number, number, number];
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function weekdayOf(date: IsoDate): (typeof WEEKDAYS)[number] {
	return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}

/**
 * Resolves a date argument against `today` (already computed in the right time zone).
 * Throws an OperationError naming the field when the value is not understood.
 */
export function resolveDate(value: string, today: IsoDate, field: string): IsoDate {
	const text = value.trim().toLowerCase();
	if (ISO_DATE.test(text)) {
		if (!isCalendarDate(text)) throw new OperationError("invalid_input", `${field}: ${value} is not a real calendar date.`);
		return text;
	}
	if (text === "today") return today;
	if (text === "tomorrow") return addDays(today, 1);
	if (text === "yesterday") return addDays(today, -1);
	const inDays = /^in (\d{1,3}) days?$/.exec(text);
	if (inDays) return addDays(today, Number(inDays[1]));
	const weekday = WEEKDAYS.indexOf(text.replace(/^(this|next) /, "") as (typeof WEEKDAYS)[number]);
	if (weekday >= 0) {
		const current = new Date(`${today}T00:00:00Z`).getUTCDay();
		let offset = (weekday - current + 7) % 7;
		if (text.startsWith("next ") && offset === 0) offset = 7;
		return addDays(today, offset);
	}
	throw new OperationError("invalid_input", `${field}: "${value}" is not understood; use ${DATE_WORDS_HELP}.`);
}

/** Words that name a stay range: "this weekend" = Friday and Saturday nights (arrive Fri, leave Sun). */
export const RANGE_WORDS_HELP = '"this weekend", "next weekend", "this week" (today + 7 nights), "next 7 days"/"next N days"';

/**
 * Resolves a range phrase into [start, end) as arrival/departure-style dates, or undefined when
 * the phrase is not a range word (then the caller expects explicit dates).
 */
export function resolveRangePhrase(value: string, today: IsoDate): { start: IsoDate; end: IsoDate } | undefined {
	const text = value.trim().toLowerCase();
	const day = new Date(`${today}T00:00:00Z`).getUTCDay();
	if (text === "this weekend" || text === "weekend" || text === "next weekend") {
		// The weekend's Friday: on Saturday it was yesterday; on Sunday this weekend's nights
		// are over, so the coming Friday.
		const friday = day === 6 ? addDays(today, -1) : addDays(today, (5 - day + 7) % 7);
		const sunday = addDays(friday, 2);
		if (text === "next weekend") return { start: addDays(friday, 7), end: addDays(sunday, 7) };
		return { start: friday < today ? today : friday, end: sunday };
	}
	if (text === "this week") return { start: today, end: addDays(today, 7) };
	const nextDays = /^next (\d{1,3}) days?$/.exec(text);
	if (nextDays) return { start: today, end: addDays(today, Number(nextDays[1])) };
	return undefined;
}

export interface RangeRules {
	/** Label for messages, e.g. "stay" or "report period". */
	what: string;
	/** Longest allowed span in days. */
	maxDays: number;
	/** Refuse ranges that start before today. */
	noPast?: boolean;
	/** Allow start == end (a single day with an inclusive end). */
	allowSameDay?: boolean;
	/** Refuse starts further than this many days ahead ("absurd" dates). */
	maxDaysAhead?: number;
}

/** Checks a resolved range and explains what is wrong with it in words a model can act on. */
export function checkRange(start: IsoDate, end: IsoDate, today: IsoDate, rules: RangeRules): void {
	const span = daysBetween(start, end);
	if (span < 0 || (span === 0 && !rules.allowSameDay)) {
		throw new OperationError(
			"invalid_input",
			`The ${rules.what} ends (${end}) ${span === 0 ? "on the day it starts" : "before it starts"} (${start}); the end date must be after the start date.`,
		);
	}
	if (span > rules.maxDays) {
		throw new OperationError(
			"invalid_input",
			`The ${rules.what} from ${start} to ${end} spans ${span} days; at most ${rules.maxDays} are allowed. Split it into shorter ranges.`,
		);
	}
	if (rules.noPast && start < today) {
		throw new OperationError("invalid_input", `The ${rules.what} starts ${start}, which is in the past (today is ${today}).`);
	}
	if (rules.maxDaysAhead !== undefined && daysBetween(today, start) > rules.maxDaysAhead) {
		throw new OperationError(
			"invalid_input",
			`The ${rules.what} starts ${start}, more than ${rules.maxDaysAhead} days from today (${today}); check the year.`,
		);
	}
}
