/**
 * Stay dates for booking writes: an arrival and a departure given as dates or relative words
 * ("tomorrow", "friday", "in 3 days"), or one range phrase ("this weekend") for the whole stay,
 * resolved in the listing's time zone.
 */
import { CONFIRMATION_TTL_MS } from "../confirmation";
import { addDays, checkRange, type IsoDate, RANGE_WORDS_HELP, resolveDate, resolveRangePhrase, todayIn } from "../dates";
import { OperationError } from "../errors";

export interface StayDates {
	arrival: IsoDate;
	departure: IsoDate;
}

/** Resolves arrival and departure against `today`; a range phrase in `arrival` stands for both. */
export function resolveStayDates(arrival: string, departure: string | undefined, today: IsoDate): StayDates {
	if (departure === undefined) {
		const range = resolveRangePhrase(arrival, today);
		if (!range) {
			throw new OperationError(
				"invalid_input",
				`departure is required unless arrival is a stay phrase (${RANGE_WORDS_HELP}); "${arrival}" is a single date.`,
			);
		}
		return { arrival: range.start, departure: range.end };
	}
	return { arrival: resolveDate(arrival, today, "arrival"), departure: resolveDate(departure, today, "departure") };
}

/**
 * Checks the dates as far as possible before any upstream call, when the listing's time zone
 * is not known yet: the words must be understood, the stay must end after it starts and not
 * be too long, and it must not start in the past anywhere on earth (UTC minus one day).
 */
export function precheckStayDates(arrival: string, departure: string | undefined, now: Date, maxNights: number): void {
	const utcToday = todayIn("UTC", now);
	const stay = resolveStayDates(arrival, departure, utcToday);
	checkRange(stay.arrival, stay.departure, addDays(utcToday, -1), { what: "stay", maxDays: maxNights, noPast: true });
}

/**
 * A confirmation runs up to CONFIRMATION_TTL_MS after its preview. If "today" changed in the
 * listing's time zone in between, relative words now mean other dates than the ones the user
 * saw, so the write must not go ahead. Explicit dates never trip this.
 */
export function refuseIfDatesShifted(arrival: string, departure: string | undefined, timeZone: string | null | undefined, now: Date, tool: string): StayDates {
	const current = resolveStayDates(arrival, departure, todayIn(timeZone, now));
	const atPreview = resolveStayDates(arrival, departure, todayIn(timeZone, new Date(now.getTime() - CONFIRMATION_TTL_MS)));
	if (current.arrival !== atPreview.arrival || current.departure !== atPreview.departure) {
		throw new OperationError(
			"conflict",
			`The date changed in the listing's time zone since the preview, so "${arrival}"${departure ? ` / "${departure}"` : ""} may now mean ${current.arrival} → ${current.departure} instead of ${atPreview.arrival} → ${atPreview.departure}. Nothing was written. Call ${tool} again without a token (preferably with explicit YYYY-MM-DD dates) for a fresh preview.`,
		);
	}
	return current;
}

/** One date word for a confirmation: refused when "today" changed in the listing's time zone since the preview could have been made. */
export function resolveDateForConfirmation(value: string, field: string, timeZone: string | null | undefined, now: Date, tool: string): IsoDate {
	const current = resolveDate(value, todayIn(timeZone, now), field);
	const atPreview = resolveDate(value, todayIn(timeZone, new Date(now.getTime() - CONFIRMATION_TTL_MS)), field);
	if (current !== atPreview) {
		throw new OperationError(
			"conflict",
			`The date changed in the listing's time zone since the preview, so ${field} "${value}" may now mean ${current} instead of ${atPreview}. Nothing was written. Call ${tool} again without a token (preferably with explicit YYYY-MM-DD dates) for a fresh preview.`,
		);
	}
	return current;
}
