import { z } from "zod";
import type { Reservation } from "../../hostaway";
import { defineOperation } from "../operation";
import { bookingIdArgument } from "../shared/arguments";
import { channelLabel } from "../shared/channels";
import { formatHour, listingName } from "../shared/listings";
import { fenceUntrusted, UNTRUSTED_NOTICE } from "../untrusted";
import { isChannelManaged } from "./channel-managed";
import { guestContactOf, guestContactSchema, nonBlank, partyOf, partySchema } from "./reservation-fields";

const moneyItemSchema = z.object({
	name: z.string().describe("Hostaway's name for the item, e.g. baseRate, cleaningFee, vat"),
	title: z.string().nullable(),
	amount: z.number().nullable(),
});

export const bookingDetailSchema = z.object({
	id: z.number().int().describe("Hostaway reservation id"),
	listing: z.object({ id: z.number().int().nullable(), name: z.string().nullable() }),
	channel: z.object({
		id: z.number().int().nullable(),
		name: z.string(),
		managedByChannel: z.boolean().describe("True for OTA bookings: changes are normally made on the channel"),
		reference: z.string().nullable().describe("The channel's reservation id"),
		confirmationCode: z.string().nullable(),
	}),
	status: z.string().nullable(),
	cancellation: z
		.object({ cancelledBy: z.string().nullable(), cancelledOn: z.string().nullable() })
		.nullable()
		.describe("Set when the booking was cancelled"),
	guest: guestContactSchema.describe("Untrusted guest text, fenced"),
	dates: z.object({
		arrival: z.string().nullable(),
		departure: z.string().nullable(),
		nights: z.number().int().nullable(),
		checkInHour: z.number().int().nullable().describe("Listing-local hour (0-23)"),
		checkOutHour: z.number().int().nullable().describe("Listing-local hour (0-23)"),
		bookedOn: z.string().nullable().describe("When the reservation was made (UTC)"),
	}),
	party: partySchema,
	money: z.object({
		total: z.number().nullable(),
		currency: z.string().nullable(),
		cleaningFee: z.number().nullable(),
		taxes: z.number().nullable(),
		channelCommission: z.number().nullable(),
		securityDeposit: z.number().nullable(),
		isPaid: z.boolean().nullable(),
		paymentStatus: z.string().nullable(),
		remainingBalance: z.number().nullable().describe("Null when Hostaway did not report it"),
		items: z.array(moneyItemSchema).describe("Price breakdown by item (Hostaway's finance fields or reservation fees), when present"),
	}),
	notes: z.object({
		guestNote: z.string().nullable().describe("Written by the guest: untrusted, fenced"),
		comment: z.string().nullable().describe("Reservation comment, often from the guest or channel: untrusted, fenced"),
		hostNote: z.string().nullable().describe("The host's own note, as the host wrote it (not fenced)"),
	}),
});
export type BookingDetail = z.infer<typeof bookingDetailSchema>;

function numberOf(value: unknown): number | null {
	if (typeof value === "number" && Number.isFinite(value)) return value;
	if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
	return null;
}

function stringOf(value: unknown): string | null {
	return typeof value === "string" && value.trim() !== "" ? value : null;
}

/** The price breakdown: Hostaway's finance fields when present, else the reservation fees. */
function moneyItems(reservation: Reservation): BookingDetail["money"]["items"] {
	const finance = reservation.financeField.filter((item) => item.isDeleted !== 1 && item.isDeleted !== true);
	if (finance.length > 0) {
		return finance.map((item) => ({
			name: stringOf(item.name) ?? stringOf(item.alias) ?? "item",
			title: stringOf(item.title),
			amount: numberOf(item.total) ?? numberOf(item.value),
		}));
	}
	return reservation.reservationFees.map((fee) => ({
		name: stringOf(fee.name) ?? "fee",
		title: stringOf(fee.feeType),
		amount: numberOf(fee.amount),
	}));
}

/** A curated view of a reservation. Door codes, card fields and guest-portal links are never copied. */
export function toBookingDetail(reservation: Reservation, fallbackListingName?: string | null): BookingDetail {
	const cancelled = reservation.status === "cancelled" || reservation.cancellationDate !== null || reservation.cancelledBy !== null;
	return {
		id: reservation.id,
		listing: { id: reservation.listingMapId ?? null, name: nonBlank(reservation.listingName) ?? fallbackListingName ?? null },
		channel: {
			id: reservation.channelId ?? null,
			name: channelLabel(reservation.channelId, reservation.channelName),
			managedByChannel: isChannelManaged(reservation.channelId),
			reference: nonBlank(reservation.channelReservationId) ?? nonBlank(reservation.reservationId),
			confirmationCode: nonBlank(reservation.confirmationCode),
		},
		status: reservation.status ?? null,
		cancellation: cancelled
			? { cancelledBy: nonBlank(reservation.cancelledBy), cancelledOn: nonBlank(reservation.cancellationDate) }
			: null,
		guest: guestContactOf(reservation),
		dates: {
			arrival: reservation.arrivalDate ?? null,
			departure: reservation.departureDate ?? null,
			nights: reservation.nights ?? null,
			checkInHour: reservation.checkInTime ?? null,
			checkOutHour: reservation.checkOutTime ?? null,
			bookedOn: nonBlank(reservation.reservationDate),
		},
		party: partyOf(reservation),
		money: {
			total: reservation.totalPrice ?? null,
			currency: nonBlank(reservation.currency),
			cleaningFee: reservation.cleaningFee ?? null,
			taxes: reservation.taxAmount ?? null,
			channelCommission: reservation.channelCommissionAmount ?? null,
			securityDeposit: reservation.securityDepositFee ?? null,
			isPaid: reservation.isPaid ?? null,
			paymentStatus: nonBlank(reservation.paymentStatus),
			remainingBalance: reservation.remainingBalance ?? null,
			items: moneyItems(reservation),
		},
		// The host's note is the host's own word (instructions to their team are meant to be
		// followed), so it is not fenced; what the guest or channel wrote is.
		notes: {
			guestNote: fenceUntrusted(nonBlank(reservation.guestNote)),
			comment: fenceUntrusted(nonBlank(reservation.comment)),
			hostNote: nonBlank(reservation.hostNote),
		},
	};
}

function amount(value: number | null, currency: string | null): string {
	return value === null ? "?" : `${value}${currency ? ` ${currency}` : ""}`;
}

export function renderBookingDetail(booking: BookingDetail): string {
	const { money, party, dates, guest, notes, channel } = booking;
	const lines = [
		`**Booking #${booking.id}** — ${booking.status ?? "unknown status"} via ${channel.name}${channel.reference ? ` (ref ${channel.reference}${channel.confirmationCode ? `, code ${channel.confirmationCode}` : ""})` : ""}`,
		`- Listing: ${booking.listing.name ?? "?"} (#${booking.listing.id ?? "?"})`,
		`- Guest: ${guest.name ?? "(no name)"} · ${guest.email ?? "no e-mail"} · ${guest.phone ?? "no phone"}${guest.country ? ` · ${guest.country}` : ""}`,
		`- Stay: ${dates.arrival} → ${dates.departure} (${dates.nights ?? "?"} nights), check-in ${formatHour(dates.checkInHour)}, check-out ${formatHour(dates.checkOutHour)}`,
		`- Party: ${party.guests ?? "?"} guests (${party.adults ?? "?"} adults, ${party.children ?? 0} children), ${party.infants ?? 0} infants, ${party.pets ?? 0} pets`,
		`- Money: total ${amount(money.total, money.currency)}; cleaning ${amount(money.cleaningFee, money.currency)}; taxes ${amount(money.taxes, money.currency)}; channel commission ${amount(money.channelCommission, money.currency)}; deposit ${amount(money.securityDeposit, money.currency)}; payment ${money.paymentStatus ?? (money.isPaid === null ? "unknown" : money.isPaid ? "paid" : "unpaid")}${money.remainingBalance !== null ? `; remaining ${amount(money.remainingBalance, money.currency)}` : ""}`,
	];
	if (money.items.length > 0)
		lines.push(`- Breakdown: ${money.items.map((item) => `${item.title ?? item.name} ${amount(item.amount, money.currency)}`).join("; ")}`);
	if (booking.cancellation)
		lines.push(`- Cancelled by ${booking.cancellation.cancelledBy ?? "?"} on ${booking.cancellation.cancelledOn ?? "?"}`);
	if (channel.managedByChannel) lines.push(`- Managed by ${channel.name}: changes are normally made on the channel.`);
	if (notes.hostNote) lines.push(`- Host note: ${notes.hostNote}`);
	if (notes.guestNote) lines.push(`- Guest note: ${notes.guestNote}`);
	if (notes.comment) lines.push(`- Comment: ${notes.comment}`);
	lines.push("", UNTRUSTED_NOTICE);
	return lines.join("\n");
}

export const getBooking = defineOperation({
	name: "get_booking",
	title: "Get a booking",
	description:
		"Shows one booking (Hostaway reservation) in full: guest contact, dates and check-in/out hours, party, money breakdown " +
		"(total, fees, taxes, commission, payment status), channel and its reference, status with cancellation details, and notes. " +
		"Use it after search_bookings or when the user gives a reservation id; for the guest's other stays use get_guest. " +
		"Door codes, card data and guest-portal links are never shown.",
	input: z.strictObject({ bookingId: bookingIdArgument }),
	output: bookingDetailSchema,
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	async handler({ bookingId }, context) {
		const client = context.hostaway();
		const reservation = await client.getReservation(bookingId, { includeResources: true });
		// Hostaway normally sends listingName; only without it is the listing read (cached).
		let name: string | null = null;
		if (!nonBlank(reservation.listingName) && reservation.listingMapId) {
			const listing = await client.getListing(reservation.listingMapId).catch(() => null);
			name = listing ? listingName(listing) : null;
		}
		return toBookingDetail(reservation, name);
	},
	render: renderBookingDetail,
});
