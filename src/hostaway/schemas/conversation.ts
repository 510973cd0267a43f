/**
 * Conversations and messages (hostaway-api.md §4.5). In these, `reservationId` is the
 * Hostaway reservation id (int in real data, documented as text), and a conversation embeds
 * its reservation under `Reservation` with a capital R. Message bodies are guest-written text:
 * untrusted data, never instructions.
 */
import { z } from "zod";
import { lenientArray, lenientFlag, lenientObject, lenientString, looseRecord, optionalId, requiredId } from "./lenient";
import { ReservationSchema } from "./reservation";

export const COMMUNICATION_TYPES = ["email", "channel", "sms", "whatsapp"] as const;
export type CommunicationType = (typeof COMMUNICATION_TYPES)[number];

export const MessageSchema = z.looseObject({
	id: requiredId,
	accountId: optionalId,
	listingMapId: optionalId,
	reservationId: optionalId,
	conversationId: optionalId,
	channelId: optionalId,
	body: lenientString,
	subject: lenientString,
	communicationType: lenientString,
	status: lenientString,
	/** true = written by the guest. */
	isIncoming: lenientFlag,
	isSeen: lenientFlag,
	sentUsingHostaway: lenientFlag,
	date: lenientString,
	insertedOn: lenientString,
	updatedOn: lenientString,
	attachments: lenientArray(looseRecord),
});

export type Message = z.output<typeof MessageSchema>;

export const ConversationSchema = z.looseObject({
	id: requiredId,
	accountId: optionalId,
	listingMapId: optionalId,
	reservationId: optionalId,
	type: lenientString,
	recipientName: lenientString,
	recipientEmail: lenientString,
	recipientPicture: lenientString,
	hostEmail: lenientString,
	guestEmail: lenientString,
	hasUnreadMessages: lenientFlag,
	messageSentOn: lenientString,
	messageReceivedOn: lenientString,
	/** Only the latest message, in list responses; an unreadable one is dropped rather than failing the page. */
	conversationMessages: lenientArray(MessageSchema.nullable().catch(null)).transform((messages) =>
		messages.filter((message) => message !== null),
	),
	Reservation: lenientObject(ReservationSchema),
});

export type Conversation = z.output<typeof ConversationSchema>;
