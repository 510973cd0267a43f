/** Hostaway channel ids and names (docs' channel table; `homeaway` is Vrbo's API channel). */
export const CHANNELS = {
	2000: "direct",
	2002: "homeaway",
	2005: "bookingcom",
	2007: "expedia",
	2009: "homeawayical",
	2010: "vrboical",
	2013: "bookingengine",
	2015: "customIcal",
	2016: "tripadvisorical",
	2017: "wordpress",
	2018: "airbnbOfficial",
	2019: "marriott",
	2020: "partner",
	2021: "gds",
	2022: "google",
} as const satisfies Record<number, string>;

export const DIRECT = 2000;
export const VRBO = 2002;
export const BOOKING_COM = 2005;
export const AIRBNB = 2018;

export function channelName(channelId: number): string | undefined {
	return (CHANNELS as Record<number, string>)[channelId];
}
