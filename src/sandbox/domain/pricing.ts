/**
 * The sandbox's own rate plan: a listing's nightly price and minimum stay on a date, before
 * any calendar override. Deterministic, so quotes, seeded reservation totals and calendars
 * agree with each other on every run.
 */
import { weekdayOf } from "../wire/datetime";

/** Seasonal multipliers by month (January first): summer and the December holidays peak. */
const SEASON = [0.85, 0.85, 0.9, 0.95, 1.0, 1.15, 1.25, 1.25, 1.05, 0.95, 0.9, 1.1];
/** Southern-hemisphere listings have the seasons the other way round. */
const SOUTHERN_SEASON = [1.25, 1.2, 1.05, 0.95, 0.9, 0.85, 0.85, 0.9, 0.95, 1.0, 1.1, 1.25];

export interface RatePlan {
	price: number;
	minNights: number;
	currencyCode: string;
	lat: number;
}

function roundPrice(amount: number, currencyCode: string): number {
	// Yen prices are set in hundreds; the others in whole units.
	return currencyCode === "JPY" ? Math.round(amount / 100) * 100 : Math.round(amount);
}

export function nightlyPrice(listing: RatePlan, day: number): number {
	const month = new Date(day * 86_400_000).getUTCMonth();
	const season = (listing.lat < 0 ? SOUTHERN_SEASON : SEASON)[month] ?? 1;
	const weekday = weekdayOf(day);
	const weekend = weekday === 5 || weekday === 6 ? 1.2 : 1;
	return roundPrice(listing.price * season * weekend, listing.currencyCode);
}

export function minimumStay(listing: RatePlan, day: number): number {
	const date = new Date(day * 86_400_000);
	const holidays = (date.getUTCMonth() === 11 && date.getUTCDate() >= 24) || (date.getUTCMonth() === 0 && date.getUTCDate() === 1);
	return holidays ? Math.max(listing.minNights, 3) : listing.minNights;
}

export function roundMoney(amount: number): number {
	return Math.round(amount * 100) / 100;
}
