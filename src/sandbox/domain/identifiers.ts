/**
 * The id formats Hostaway uses, as observed in real captures: a channel's booking reference
 * (`reservationId`) depends on the channel; Hostaway's proxy e-mail addresses and guest-portal
 * links have fixed shapes.
 */
import { AIRBNB, BOOKING_COM, VRBO } from "./channels";

export interface RandomSource {
	digits(length: number): string;
	hex(length: number): string;
	code(length: number, alphabet?: "upper" | "mixed"): string;
	uuid(): string;
}

export interface ReferenceInput {
	accountId: string;
	listingMapId: number;
	channelId: number;
	arrivalDate: string;
	nights: number;
	numberOfGuests: number;
	guestExternalAccountId: string | null;
	confirmationCode: string | null;
	isInquiry: boolean;
}

/**
 * - Airbnb: `<listingId>-guest-<guestId>-confirmation-<code>`;
 * - Airbnb inquiry: `<listingId>-thread-<threadId>-<guestId>-<arrival>-<n>-<n>`;
 * - Vrbo: a UUID;
 * - Booking.com: its 10-digit reservation number (not captured; Booking.com's own format);
 * - direct, booking engine and the rest: `<accountId>-<listingId>-<channelId>-<10 digits>`.
 */
export function channelReference(input: ReferenceInput, random: RandomSource): string {
	const guestId = input.guestExternalAccountId ?? random.digits(9);
	switch (input.channelId) {
		case AIRBNB:
			return input.isInquiry
				? `${input.listingMapId}-thread-${random.digits(10)}-${guestId}-${input.arrivalDate}-${input.nights}-${input.numberOfGuests}`
				: `${input.listingMapId}-guest-${guestId}-confirmation-${input.confirmationCode ?? random.code(10)}`;
		case VRBO:
			return random.uuid();
		case BOOKING_COM:
			return input.confirmationCode ?? random.digits(10);
		default:
			return `${input.accountId}-${input.listingMapId}-${input.channelId}-${random.digits(10)}`;
	}
}

/** The channel's confirmation code: Airbnb `HM…`, Booking.com its number, Vrbo `HA-…`; none for direct. */
export function confirmationCodeFor(channelId: number, random: RandomSource): string | null {
	switch (channelId) {
		case AIRBNB:
			return `HM${random.code(8)}`;
		case BOOKING_COM:
			return random.digits(10);
		case VRBO:
			return `HA-${random.code(6)}`;
		default:
			return null;
	}
}

export const hostProxyEmail = (random: RandomSource): string => `c-${random.hex(32)}@host.hostaway.info`;
export const guestProxyEmail = (random: RandomSource): string => `c-${random.hex(32)}@guest.hostaway.info`;

export function guestPortalUrl(hostawayReservationId: string, guestAuthHash: string): string {
	return `https://guest-portal.hostaway.com/${hostawayReservationId}/${guestAuthHash}`;
}
