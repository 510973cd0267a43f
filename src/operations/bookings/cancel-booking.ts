import { z } from "zod";
import type { Reservation } from "../../hostaway";
import { defineWriteOperation, type WritePreview } from "../confirmation";
import { OperationError } from "../errors";
import type { OperationContext } from "../operation";
import { bookingIdArgument } from "../shared/arguments";
import { guestDisplayName } from "../shared/bookings";
import { channelLabel } from "../shared/channels";
import { listingToday } from "../shared/listings";
import { blocksCalendar, CANCELLED_STATUSES } from "../shared/statuses";
import { fenceUntrusted, SHORT_GUEST_TEXT, UNTRUSTED_NOTICE } from "../untrusted";
import { channelManagedWarning, explainRefusal, isChannelManaged } from "./channel-managed";
import { bookingDetailSchema, renderBookingDetail, toBookingDetail } from "./get-booking";

const TOOL = "cancel_booking";

const input = z.strictObject({
	bookingId: bookingIdArgument,
	cancelledBy: z.enum(["host", "guest"]).describe("Who cancels: host (you cancel the guest's stay) or guest (the guest asked to cancel)"),
});
type Input = z.output<typeof input>;

const result = z.object({ booking: bookingDetailSchema });

interface Plan {
	reservation: Reservation;
	today: string | null;
	warnings: string[];
}

async function plan(args: Input, context: OperationContext): Promise<Plan> {
	const client = context.hostaway();
	const reservation = await client.getReservation(args.bookingId);
	if (CANCELLED_STATUSES.has(reservation.status ?? "")) {
		const when = reservation.cancellationDate ? ` on ${reservation.cancellationDate}` : "";
		throw new OperationError(
			"conflict",
			`Booking #${reservation.id} is already ${reservation.status}${reservation.cancelledBy ? ` (by ${reservation.cancelledBy})` : ""}${when}; there is nothing to cancel.`,
		);
	}
	const warnings: string[] = [];
	// "Departed" and "in progress" depend on the listing's date today.
	const listing = reservation.listingMapId ? await client.getListing(reservation.listingMapId).catch(() => null) : null;
	const today = listing ? listingToday(listing, context.businessNow) : null;
	if (today && reservation.departureDate && reservation.departureDate <= today) {
		warnings.push(
			`The guest already departed (${reservation.departureDate}; today is ${today} at the listing). Cancelling a past stay changes its records and reports.`,
		);
	} else if (today && reservation.arrivalDate && reservation.arrivalDate <= today) {
		warnings.push(
			`The stay is in progress (arrived ${reservation.arrivalDate}, leaves ${reservation.departureDate}; today is ${today} at the listing).`,
		);
	}
	if (isChannelManaged(reservation.channelId)) {
		warnings.push(
			`${channelManagedWarning(reservation.channelId, reservation.channelName, "cancel")} Cancelling only in Hostaway can leave the stay booked (and charged) on the channel.`,
		);
	}
	if (!blocksCalendar(reservation.status)) {
		warnings.push(`This is a ${reservation.status} record, not a confirmed stay; its dates are not held on the calendar.`);
	}
	return { reservation, today, warnings };
}

function describePlan(args: Input, planned: Plan): WritePreview {
	const r = planned.reservation;
	const money = r.totalPrice !== null ? `${r.totalPrice} ${r.currency ?? ""}`.trim() : "no total";
	return {
		summary:
			`Cancels booking #${r.id}: ${fenceUntrusted(guestDisplayName(r), SHORT_GUEST_TEXT) ?? "(no name)"} at ${r.listingName ?? `listing ${r.listingMapId}`}, ` +
			`${r.arrivalDate} → ${r.departureDate} (${r.nights ?? "?"} nights), ${channelLabel(r.channelId, r.channelName)}, total ${money}, ` +
			`cancelled by the ${args.cancelledBy}. Its nights become free on the calendar. ${UNTRUSTED_NOTICE}`,
		changes: [
			{ field: "status", from: r.status, to: "cancelled" },
			{ field: "cancelledBy", from: r.cancelledBy ?? null, to: args.cancelledBy },
		],
		warnings: planned.warnings,
	};
}

export const cancelBooking = defineWriteOperation({
	name: TOOL,
	title: "Cancel a booking",
	description:
		"Cancels a booking, recording whether the host or the guest cancelled; its nights become free. The preview shows the booking " +
		"(guest, dates, listing, channel, total) and warns when it belongs to a channel (Airbnb, Booking.com, Vrbo: cancel it there), " +
		"when the stay is in progress or already over; an already cancelled booking is refused. Refunds are not handled here.",
	input,
	result,
	annotations: { destructiveHint: true, idempotentHint: false, openWorldHint: true },
	async preview(args, context) {
		return describePlan(args, await plan(args, context));
	},
	async execute(args, context) {
		// Read again: a booking cancelled elsewhere since the preview is reported, not cancelled twice.
		const { reservation } = await plan(args, context);
		try {
			const cancelled = await context.hostaway().cancelReservation(reservation.id, { cancelledBy: args.cancelledBy });
			return { booking: toBookingDetail(cancelled) };
		} catch (error) {
			throw explainRefusal(error, reservation.id, reservation.channelId, reservation.channelName, "cancel");
		}
	},
	renderResult(done) {
		return [
			`**Booking #${done.booking.id} cancelled** (by ${done.booking.cancellation?.cancelledBy ?? "?"}).`,
			"",
			renderBookingDetail(done.booking),
		].join("\n");
	},
	auditChange(args, done) {
		return `reservation ${done?.booking.id ?? args.bookingId} ${done ? "cancelled" : "cancellation"} by the ${args.cancelledBy}`;
	},
});
