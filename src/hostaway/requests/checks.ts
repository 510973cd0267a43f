/**
 * Guards on values that go into a URL path or a body, checked before anything is sent:
 * operations validate user input first, but a bad id must never reach Hostaway's path.
 */
import { HostawayInvalidRequestError } from "../errors";

export function checkId(value: number | string, what: string): number {
	const id = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
	if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) {
		throw new HostawayInvalidRequestError(`The ${what} must be a positive whole number.`);
	}
	return id;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function checkDate(value: string | undefined, what: string): string | undefined {
	if (value === undefined) return undefined;
	if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
		throw new HostawayInvalidRequestError(`The ${what} must be a date written YYYY-MM-DD.`);
	}
	return value;
}

/** 1/0 as Hostaway's flags; undefined stays undefined (left out). */
export function flag(value: boolean | undefined): 0 | 1 | undefined {
	return value === undefined ? undefined : value ? 1 : 0;
}

/** Drops undefined keys, so a partial update only sends what the caller set. */
export function defined<T extends Record<string, unknown>>(record: T): Partial<T> {
	return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}
