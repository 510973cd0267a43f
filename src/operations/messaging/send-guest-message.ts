import { z } from "zod";
import { COMMUNICATION_TYPES, type Reservation } from "../../hostaway";
import { defineWriteOperation, type WritePreview } from "../confirmation";
import { OperationError } from "../errors";
import { toOperationError } from "../hostaway-errors";
import { CHANNELS, channelLabel } from "../shared/channels";
import { loadAllListings } from "../shared/listings";
import { UNTRUSTED_NOTICE, UNTRUSTED_TAG } from "../untrusted";
import { secretWarnings } from "./secret-check";
import { conversationOfBooking, requireOneThread, resolveThread, threadArguments, threadContext } from "./threads";
import { isoUtc, parseHostawayTime } from "./times";

const NAME = "send_guest_message";

/** Channels whose bookings have a message thread Hostaway can reply in (`communicationType: "channel"`). */
const CHANNELS_WITH_THREADS = new Set<number>([
	CHANNELS.airbnb.id,
	2001, // legacy Airbnb
	CHANNELS["booking.com"].id,
	CHANNELS.vrbo.id,
	CHANNELS.expedia.id,
]);

const CHANNEL_HELP =
	'How to send it: "email" (default), "channel" (reply inside the booking\'s Airbnb/Booking.com/Vrbo thread, where OTA guests ' +
	'read messages), "sms" or "whatsapp" (to the guest\'s phone number on the booking)';

export const sendGuestMessage = defineWriteOperation({
	name: NAME,
	title: "Send a message to a guest",
	description:
		"Sends one message to a booking's guest, in the booking's Hostaway conversation, named by bookingId or conversationId. " +
		'Channel "channel" replies inside an Airbnb or Booking.com thread (direct bookings have none). Sent exactly as written. ' +
		"Read the thread first with get_message_history.",
	input: z.strictObject({
		...threadArguments,
		message: z
			.string()
			.max(10_000, { error: "message must be at most 10000 characters" })
			.refine((text) => text.trim() !== "", { error: "message must not be empty" })
			.describe("The exact text the guest will receive"),
		channel: z.enum(COMMUNICATION_TYPES).default("email").describe(CHANNEL_HELP),
	}),
	result: z.object({
		messageId: z.number().int(),
		conversationId: z.number().int(),
		bookingId: z.number().int().nullable(),
		channel: z.string().describe("Hostaway communicationType used"),
		status: z.string().nullable().describe("Hostaway's status for the message (sent, awaiting, failed, …)"),
		sentAt: z.string().nullable().describe("UTC"),
	}),
	annotations: { destructiveHint: false, idempotentHint: false, openWorldHint: true },

	async preview(input, context): Promise<WritePreview> {
		const selector = requireOneThread(input, NAME);
		if (new RegExp(`<\\s*/?\\s*${UNTRUSTED_TAG}`, "i").test(input.message)) {
			throw new OperationError(
				"invalid_input",
				`The message contains ${UNTRUSTED_TAG} markers copied from a tool result. Write the message without them (quote the guest in plain words if needed).`,
			);
		}
		const client = context.hostaway();
		const { listings } = await loadAllListings(client, { includeArchived: true }, context.progress);
		const thread = await resolveThread(client, selector);
		const listingsById = new Map(listings.map((listing) => [listing.id, listing]));
		const target = threadContext(thread, listingsById);
		const listing = target.listingId !== null ? listingsById.get(target.listingId) : undefined;
		const warnings = channelChecks(input.channel, thread.reservation, target.bookingId);
		if (target.bookingStatus && !["new", "modified", "confirmed"].includes(target.bookingStatus)) {
			warnings.push(`The booking's status is "${target.bookingStatus}", not a confirmed stay.`);
		}
		if (thread.otherConversationIds.length > 0) {
			warnings.push(
				`The booking has ${thread.otherConversationIds.length + 1} conversations; the most recently active one (${target.conversationId}) will be used. Pass conversationId to pick another.`,
			);
		}
		warnings.push(...secretWarnings(input.message, { listing, reservation: thread.reservation }, listings));
		// Tool results show guest text escaped; a quote copied from one would reach the guest as "&lt;".
		if (/&(?:lt|gt|amp|#x?[0-9a-f]+);/i.test(input.message)) {
			warnings.push(
				"The message contains HTML entities such as &lt; or &amp; (tool results escape guest text that way); the guest will see " +
					"them exactly as written. Write <, > and & themselves where they are meant.",
			);
		}

		const guest = target.guestName ?? "the guest";
		const recipient = `${guest} — booking #${target.bookingId ?? "?"}, ${target.listingName ?? `listing ${target.listingId}`}, ${target.arrival ?? "?"} → ${target.departure ?? "?"}`;
		return {
			summary:
				`Send one new ${channelWords(input.channel)} message to ${guest} (booking #${target.bookingId ?? "?"}) in conversation ${target.conversationId}.` +
				(target.guestName ? ` ${UNTRUSTED_NOTICE}` : ""),
			changes: [
				{ field: "recipient", to: recipient },
				{ field: "conversation", to: target.conversationId },
				{ field: "channel", to: input.channel },
				{ field: "message", to: input.message },
			],
			warnings,
		};
	},

	async execute(input, context) {
		const selector = requireOneThread(input, NAME);
		const client = context.hostaway();
		try {
			const conversationId = selector.conversationId ?? (await conversationOfBooking(client, selector.bookingId)).conversation.id;
			// Sent once: the client never repeats a message post whose outcome is unknown, and the
			// confirmation protocol refuses to confirm it again (outcome_unknown).
			const sent = await client.sendMessage(conversationId, { body: input.message, communicationType: input.channel });
			return {
				messageId: sent.id,
				conversationId,
				bookingId: sent.reservationId ?? selector.bookingId ?? null,
				channel: sent.communicationType ?? input.channel,
				status: sent.status ?? null,
				sentAt: isoUtc(parseHostawayTime(sent.date) ?? parseHostawayTime(sent.insertedOn)),
			};
		} catch (error) {
			// outcome_unknown must reach the protocol as such, so the write is never confirmed twice.
			throw toOperationError(error);
		}
	},

	renderResult(result) {
		const booking = result.bookingId !== null ? ` (booking #${result.bookingId})` : "";
		return `Message ${result.messageId} sent by ${channelWords(result.channel)} in conversation ${result.conversationId}${booking}; Hostaway status: ${result.status ?? "unknown"}${result.sentAt ? `, at ${result.sentAt}` : ""}. Check it with get_message_history.`;
	},
	auditChange(input, sent) {
		// Never the message itself: only where it went and how.
		if (sent) {
			const booking = sent.bookingId !== null ? ` (reservation ${sent.bookingId})` : "";
			return `message ${sent.messageId} sent in conversation ${sent.conversationId}${booking} by ${sent.channel}`;
		}
		const thread = input.conversationId !== undefined ? `conversation ${input.conversationId}` : `reservation ${input.bookingId}`;
		return `message to ${thread} by ${input.channel}`;
	},
});

function channelWords(channel: string): string {
	switch (channel) {
		case "channel":
			return "channel-thread";
		case "sms":
			return "SMS";
		case "whatsapp":
			return "WhatsApp";
		default:
			return channel;
	}
}

/** Refuses sends that cannot reach the guest; warns about ones that may not be read. */
function channelChecks(channel: (typeof COMMUNICATION_TYPES)[number], reservation: Reservation | null, bookingId: number | null): string[] {
	const channelId = reservation?.channelId ?? null;
	const label = channelLabel(channelId, reservation?.channelName);
	const booking = `Booking #${bookingId ?? "?"}`;
	if (channel === "channel") {
		if (channelId === null) {
			return [
				"The booking's channel is unknown; if it has no channel thread (e.g. a direct booking), Hostaway may not deliver the message.",
			];
		}
		if (!CHANNELS_WITH_THREADS.has(channelId)) {
			throw new OperationError(
				"invalid_input",
				`${booking} is a ${label} booking: it has no channel thread (Airbnb/Booking.com/Vrbo) to reply in. Send the message by email (the default), sms or whatsapp instead.`,
			);
		}
		return [];
	}
	if (channel === "sms" || channel === "whatsapp") {
		if (!reservation?.phone?.trim()) {
			throw new OperationError(
				"invalid_input",
				`${booking} has no guest phone number, so ${channelWords(channel)} cannot reach the guest. Send it by email${channelId !== null && CHANNELS_WITH_THREADS.has(channelId) ? ' or channel "channel"' : ""} instead.`,
			);
		}
		return [];
	}
	if (channelId !== null && CHANNELS_WITH_THREADS.has(channelId)) {
		return [
			`This is a ${label} booking: its guest usually reads messages in the ${label} thread; channel "channel" sends it there instead of by e-mail.`,
		];
	}
	return [];
}
