/**
 * Bookings that belong to a channel (Airbnb, Booking.com, Vrbo, …) are the channel's: Hostaway
 * may refuse to change them (HTTP 403), and changes made in Hostaway may not reach the channel.
 * Direct and booking-engine bookings are the host's own.
 */
import { HostawayRefusedError } from "../../hostaway";
import { OperationError } from "../errors";
import { CHANNELS, channelLabel } from "../shared/channels";

const HOST_OWNED_CHANNEL_IDS: ReadonlySet<number> = new Set([CHANNELS.direct.id, CHANNELS["booking engine"].id]);

export function isChannelManaged(channelId: number | null | undefined): boolean {
	return channelId !== null && channelId !== undefined && !HOST_OWNED_CHANNEL_IDS.has(channelId);
}

/** The preview warning for a change to a channel-managed booking. */
export function channelManagedWarning(channelId: number | null | undefined, channelName: string | null | undefined, what: string): string {
	const channel = channelLabel(channelId, channelName);
	return `This booking is managed by ${channel}. Hostaway may refuse to ${what} it, and a change made here may not reach ${channel}: such changes are normally made on ${channel} itself (it then syncs to Hostaway).`;
}

/**
 * Hostaway's 403 on a reservation write, turned into a message that names the channel and
 * says what to do; any other error passes through unchanged (the adapter maps it).
 */
export function explainRefusal(
	error: unknown,
	bookingId: number,
	channelId: number | null | undefined,
	channelName: string | null | undefined,
	what: string,
): unknown {
	if (!(error instanceof HostawayRefusedError)) return error;
	const channel = channelLabel(channelId, channelName);
	const managed = isChannelManaged(channelId);
	const detail = error.detail ? ` Hostaway said: "${error.detail}".` : "";
	return new OperationError(
		"forbidden",
		`Hostaway refused to ${what} booking #${bookingId} (HTTP ${error.status ?? 403}); nothing was changed.${detail} ` +
			(managed
				? `The booking is managed by ${channel}, so Hostaway does not let it be changed here: make the change on ${channel} (it then syncs to Hostaway), or ask the guest to request it there. Retrying will not help.`
				: "Hostaway does not allow this change for this booking (it may be locked); check it in the Hostaway dashboard. Retrying will not help."),
	);
}
