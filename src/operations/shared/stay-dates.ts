/**
 * Date ranges and stays given as words ("tomorrow", "friday", "this weekend"), resolved in the
 * listing's time zone. That zone is only known once the listing has been read, yet bad input
 * must be refused before any upstream call. So a range is checked twice: first against every
 * date that is "today" somewhere on Earth right now (refused only if no time zone could make
 * it valid), then, with the listing in hand, against the listing's own today. A confirmation
 * resolves the words a third time and refuses if they meant other dates at preview time.
 */
import { CONFIRMATION_TTL_MS } from "../confirmation";
import { addDays, checkRange, type IsoDate, RANGE_WORDS_HELP, type RangeRules, resolveDate, resolveRangePhrase, todayIn } from "../dates";
import { OperationError } from "../errors";

/** The zones furthest behind and ahead of UTC (UTC-12 and UTC+14); IANA's Etc names have inverted signs. */
const EARLIEST_ZONE = "Etc/GMT+12";
const LATEST_ZONE = "Etc/GMT-14";

export interface ResolvedRange {
	start: IsoDate;
	end: IsoDate;
}

/** A stay: the guest arrives on `arrival` and leaves on the morning of `departure` (the last night is the one before). */
export interface StayDates {
	arrival: IsoDate;
	departure: IsoDate;
}

/** Maps a "today" to the range the caller's words mean on that day; throws for words it does not understand. */
export type RangeResolver = (today: IsoDate) => ResolvedRange;

/** Rules for a guest stay: future (or today), at least one night, not absurdly long or far away. */
export const STAY_RULES: RangeRules = { what: "stay", maxDays: 90, noPast: true, maxDaysAhead: 730 };

/** Every calendar date that is today in some time zone at `now` (two or three dates). */
function possibleTodays(now: Date): IsoDate[] {
	const earliest = todayIn(EARLIEST_ZONE, now);
	const latest = todayIn(LATEST_ZONE, now);
	const dates: IsoDate[] = [];
	for (let date = earliest; date <= latest; date = addDays(date, 1)) dates.push(date);
	return dates;
}

/**
 * Refuses a range that is wrong whatever the time zone (unknown words, inverted, too long, in
 * the past everywhere). Call it before the first upstream request.
 */
export function precheckRange(resolve: RangeResolver, rules: RangeRules, now: Date): void {
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

/**
 * The range when it is the same and passes the rules whatever the time zone, else undefined: then
 * a tool need not wait for the listing (its zone) before reading the range, and can read both at
 * once. True of explicit dates away from the rules' edges; relative words depend on the zone.
 */
export function rangeInEveryZone(resolve: RangeResolver, rules: RangeRules, now: Date): ResolvedRange | undefined {
	let found: ResolvedRange | undefined;
	for (const today of possibleTodays(now)) {
		let range: ResolvedRange;
		try {
			range = resolveCheckedRange(resolve, rules, today);
		} catch {
			return undefined;
		}
		if (found && (found.start !== range.start || found.end !== range.end)) return undefined;
		found = range;
	}
	return found;
}

/** Resolves and checks a range against one `today` (the listing's or the portfolio's). */
export function resolveCheckedRange(resolve: RangeResolver, rules: RangeRules, today: IsoDate): ResolvedRange {
	const range = resolve(today);
	checkRange(range.start, range.end, today, rules);
	return range;
}

/**
 * A stay given as arrival and departure arguments: `start` is the arrival, `end` the
 * departure. The arrival may also be a range phrase ("this weekend", "next 3 days") for the
 * whole stay, in which case the departure must be left out.
 */
export function stayResolver(arrival: string, departure: string | undefined): RangeResolver {
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
			throw new OperationError(
				"invalid_input",
				`departure is required when arrival is a single date ("${arrival}"); give a departure, or give arrival as a stay phrase (${RANGE_WORDS_HELP}).`,
			);
		}
		return { start: resolveDate(arrival, today, "arrival"), end: resolveDate(departure, today, "departure") };
	};
}

/**
 * The range for a confirmation, which runs up to CONFIRMATION_TTL_MS after its preview. If
 * "today" changed in the listing's time zone in between, relative words now mean other dates
 * than the ones the user saw, so the write must not go ahead. Explicit dates never trip this.
 * `words` are the caller's date arguments, quoted in the refusal.
 */
export function refuseIfDatesShifted(
	resolve: RangeResolver,
	timeZone: string | null | undefined,
	now: Date,
	refusal: { tool: string; words: readonly (string | undefined)[] },
): ResolvedRange {
	const current = resolve(todayIn(timeZone, now));
	const atPreview = resolve(todayIn(timeZone, new Date(now.getTime() - CONFIRMATION_TTL_MS)));
	if (current.start !== atPreview.start || current.end !== atPreview.end) {
		const words = refusal.words
			.filter((word) => word !== undefined)
			.map((word) => `"${word}"`)
			.join(" / ");
		throw new OperationError(
			"conflict",
			`The date changed in the listing's time zone since the preview, so ${words} may now mean ${current.start} → ${current.end} instead of ${atPreview.start} → ${atPreview.end}. Nothing was written. Call ${refusal.tool} again without a token (preferably with explicit YYYY-MM-DD dates) for a fresh preview.`,
		);
	}
	return current;
}
