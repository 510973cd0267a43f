/**
 * Hostaway's rate-limit counters (hostaway-api.md §3): three endpoints have a per-account
 * counter of their own, everything else counts against the general one. "An endpoint that has
 * its own limit does not use the general limit", so each request takes a slot on exactly one
 * counter. The wire layer knows the endpoints, so the mapping lives here.
 */

export const RATE_COUNTERS = ["general", "messages", "priceQuotes", "reservationCreates"] as const;
export type RateCounter = (typeof RATE_COUNTERS)[number];

const OWN_COUNTERS: ReadonlyArray<{ method: string; path: RegExp; counter: RateCounter }> = [
	{ method: "POST", path: /^\/conversations\/[^/]+\/messages$/, counter: "messages" },
	{ method: "POST", path: /^\/listings\/[^/]+\/calendar\/priceDetails$/, counter: "priceQuotes" },
	{ method: "POST", path: /^\/reservations$/, counter: "reservationCreates" },
];

/** The counter a request counts against. `path` is below the API's base URL (`/reservations`), without a query. */
export function rateCounterOf(method: string, path: string): RateCounter {
	const upper = method.toUpperCase();
	return OWN_COUNTERS.find((own) => own.method === upper && own.path.test(path))?.counter ?? "general";
}

export function isRateCounter(value: unknown): value is RateCounter {
	return typeof value === "string" && (RATE_COUNTERS as readonly string[]).includes(value);
}
