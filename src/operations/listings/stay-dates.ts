/**
 * Date ranges for listing questions. Relative words ("tomorrow", "friday") are resolved in the
 * listing's time zone, which is only known once the listing has been read; yet bad input must
 * be refused before any upstream call. So a range is checked twice: first against every date
 * that is "today" somewhere on Earth right now (refused only if no time zone could make it
 * valid), then, with the listing in hand, against the listing's own today.
 */
import { addDays, checkRange, type IsoDate, type RangeRules, resolveDate, resolveRangePhrase, todayIn } from "../dates";
import { OperationError } from "../errors";

/** The zones furthest behind and ahead of UTC (UTC-12 and UTC+14); IANA's Etc names have inverted signs. */
const EARLIEST_ZONE = "Etc/GMT+12";
const LATEST_ZONE = "Etc/GMT-14";

/** Every calendar date that is today in some time zone at `now` (two or three dates). */
export function possibleTodays(now: Date): IsoDate[] {
	const earliest = todayIn(EARLIEST_ZONE, now);
	const latest = todayIn(LATEST_ZONE, now);
	const dates: IsoDate[] = [];
	for (let date = earliest; date <= latest; date = addDays(date, 1)) dates.push(date);
	return dates;
}

export interface ResolvedRange {
	start: IsoDate;
	end: IsoDate;
}

/**
 * Refuses a range that is wrong whatever the time zone (unknown words, inverted, too long, in
 * the past everywhere). Call it before the first upstream request; `resolve` maps a "today"
 * to the range (it may throw for words it does not understand).
 */
export function precheckRange(resolve: (today: IsoDate) => ResolvedRange, rules: RangeRules, now: Date): void {
	let firstError: unknown;
	for (const today of possibleTodays(now)) {
		try {
			const { start, end } = resolve(today);
			checkRange(start, end, today, rules);
			return;
		} catch (error) {
			firstError ??= error;
		}
	}
	throw firstError;
}

/** Resolves and checks a range against one `today` (the listing's or the portfolio's). */
export function resolveCheckedRange(resolve: (today: IsoDate) => ResolvedRange, rules: RangeRules, today: IsoDate): ResolvedRange {
	const range = resolve(today);
	checkRange(range.start, range.end, today, rules);
	return range;
}

/**
 * A stay given as arrival and departure arguments. The arrival may also be a range phrase
 * ("this weekend", "next 3 days"), in which case the departure must be left out.
 */
export function stayResolver(arrival: string, departure: string | undefined): (today: IsoDate) => ResolvedRange {
	return (today) => {
		const phrase = resolveRangePhrase(arrival, today);
		if (phrase) {
			if (departure !== undefined) {
				throw new OperationError(
					"invalid_input",
					`arrival "${arrival}" already names a whole stay; leave departure out, or give arrival as a single date.`,
				);
			}
			return phrase;
		}
		if (departure === undefined) {
			throw new OperationError("invalid_input", `departure is required when arrival is a single date ("${arrival}").`);
		}
		return { start: resolveDate(arrival, today, "arrival"), end: resolveDate(departure, today, "departure") };
	};
}

/** Rules for a guest stay: future (or today), at least one night, not absurdly long or far away. */
export const STAY_RULES: RangeRules = { what: "stay", maxDays: 90, noPast: true, maxDaysAhead: 730 };
