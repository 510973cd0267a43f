/**
 * Booking channels as Hostaway numbers them (hostaway-api.md §4.4, "Channels") and as a
 * property manager names them. Several published Hostaway servers get these ids wrong; the
 * table below is the documented one.
 */
import { z } from "zod";

export const CHANNELS = {
	direct: { id: 2000, label: "Direct" },
	airbnb: { id: 2018, label: "Airbnb" },
	"booking.com": { id: 2005, label: "Booking.com" },
	vrbo: { id: 2002, label: "Vrbo" },
	expedia: { id: 2007, label: "Expedia" },
	"booking engine": { id: 2013, label: "Booking engine" },
	marriott: { id: 2019, label: "Marriott" },
	google: { id: 2022, label: "Google" },
} as const;

export type ChannelName = keyof typeof CHANNELS;

/** Hostaway channel ids that are not in CHANNELS, with the label shown for them. */
const OTHER_CHANNEL_LABELS: Record<number, string> = {
	2001: "Airbnb (legacy)",
	2009: "HomeAway iCal",
	2010: "Vrbo iCal",
	2015: "Custom iCal",
	2016: "TripAdvisor iCal",
	2017: "WordPress",
	2020: "Partner",
	2021: "GDS",
};

/** A channel argument: one of the friendly names. */
export const channelArgument = z.enum(Object.keys(CHANNELS) as [ChannelName, ...ChannelName[]]).describe("Booking channel");

export function channelIdOf(name: ChannelName): number {
	return CHANNELS[name].id;
}

/** A readable channel label for a reservation's channelId (falls back to Hostaway's channelName). */
export function channelLabel(channelId: number | null | undefined, channelName?: string | null): string {
	if (channelId !== null && channelId !== undefined) {
		for (const channel of Object.values(CHANNELS)) if (channel.id === channelId) return channel.label;
		if (OTHER_CHANNEL_LABELS[channelId]) return OTHER_CHANNEL_LABELS[channelId];
	}
	return channelName || "Unknown channel";
}

/** The direct channel: bookings this server creates. */
export const DIRECT_CHANNEL_ID = CHANNELS.direct.id;
