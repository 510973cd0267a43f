/**
 * Seeded calendar overrides: a maintenance block in a free gap, a local event with higher
 * prices and a longer minimum stay, and dates closed to arrival or departure, so calendars
 * show more than the rate plan.
 */
import { indexNights, type CalendarOverride } from "../domain/calendar";
import { nightlyPrice } from "../domain/pricing";
import { dateOfDayNumber, weekdayOf } from "../wire/datetime";
import type { SeedContext } from "./context";
import type { ListingRecord, ReservationRecord } from "./templates";

export type CalendarOverrides = Map<number, Map<string, CalendarOverride>>;

export function seedCalendar(
	ctx: SeedContext,
	listings: readonly ListingRecord[],
	reservations: readonly ReservationRecord[],
): CalendarOverrides {
	const { today, random } = ctx;
	const overrides: CalendarOverrides = new Map();
	listings.forEach((listing, position) => {
		const days = new Map<string, CalendarOverride>();
		const set = (day: number, change: CalendarOverride) => {
			const date = dateOfDayNumber(day);
			days.set(date, { ...days.get(date), ...change });
		};
		const nights = indexNights(reservations.filter((r) => r.listingMapId === listing.id));

		// A two- or three-night maintenance block in the first free gap 20+ days out.
		const length = random.int(2, 3);
		for (let start = today + 20 + random.int(0, 30); start < today + 150; start++) {
			const free = Array.from({ length }, (_, n) => nights.occupying(start + n).length === 0).every(Boolean);
			if (!free) continue;
			for (let n = 0; n < length; n++) set(start + n, { isAvailable: 0, note: "Maintenance: deep clean and repairs" });
			break;
		}
		// Every other listing has a local event: +35 % and a three-night minimum.
		if (position % 2 === 0) {
			const eventStart = today + random.int(25, 120);
			for (let day = eventStart; day < eventStart + 3; day++) {
				set(day, { price: Math.round(nightlyPrice(listing, day) * 1.35), minimumStay: 3, note: "Local event: festival weekend" });
			}
		}
		// Some listings take no arrivals on Sundays or no departures on Saturdays for the next weeks.
		for (let day = today; day < today + 60; day++) {
			if (position % 3 === 0 && weekdayOf(day) === 0) set(day, { closedOnArrival: 1 });
			if (position % 4 === 1 && weekdayOf(day) === 6) set(day, { closedOnDeparture: 1 });
		}
		overrides.set(listing.id, days);
	});
	return overrides;
}
