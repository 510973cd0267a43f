/**
 * Conversations and messages. A conversation is served with its latest message in
 * `conversationMessages` and its reservation under the capitalised key `Reservation`, in the
 * reduced form Hostaway embeds (no listing name, proxy e-mail or guest-portal link). Sending a
 * message appends an outgoing message (`isIncoming: 0`, `status: "sent"`, `communicationType`
 * email unless told otherwise) and moves the conversation's `messageSentOn`.
 */
import { z } from "zod";
import { AIRBNB, channelName } from "../domain/channels";
import type { ConversationRecord, MessageRecord, ReservationRecord } from "../seed/templates";
import { MESSAGE_TEMPLATE } from "../seed/templates";
import { formatDateTime } from "../wire/datetime";
import type { JsonObject } from "../wire/json";
import { notFound, ok, pagedList, slice, type ApiReply, type Page } from "../wire/replies";
import type { HandlerContext } from "./context";
import { findReservation } from "./reservations";

const COMMUNICATION_TYPES = ["email", "channel", "sms", "whatsapp"] as const;

const SendMessage = z.object({
	body: z
		.string({ error: "is required and must be a string" })
		.trim()
		.min(1, { error: "must not be empty" })
		.max(10_000, { error: "must be at most 10000 characters" }),
	communicationType: z.enum(COMMUNICATION_TYPES, { error: `must be one of ${COMMUNICATION_TYPES.join(", ")}` }).optional(),
});

/** The reservation as a conversation embeds it (observed in real captures). */
function embeddedReservation(reservation: ReservationRecord | undefined): JsonObject | null {
	if (!reservation) return null;
	return {
		...reservation,
		listingName: "",
		source: "reservation",
		guestAuthHash: null,
		guestPortalUrl: null,
		guestZipCode: null,
		guestAddress: null,
		isPaid: reservation.paymentStatus === "Paid" ? 1 : 0,
		customFieldValues: [],
		reservationFees: [],
		latestActivityOn: null,
		guestLocale: null,
		localeForMessaging: null,
		insuranceStatus: null,
		cancellationPolicyId: null,
		hostProxyEmail: null,
	};
}

function latestMessage(ctx: HandlerContext, conversation: ConversationRecord): MessageRecord[] {
	const thread = ctx.store.messagesOf(conversation.id);
	const last = thread[thread.length - 1];
	return last ? [last] : [];
}

function present(ctx: HandlerContext, conversation: ConversationRecord): JsonObject {
	return {
		...conversation,
		conversationMessages: latestMessage(ctx, conversation),
		Reservation: embeddedReservation(ctx.store.reservations.get(conversation.reservationId)),
	};
}

function lastActivity(conversation: ConversationRecord): string {
	return conversation.messageSentOn > conversation.messageReceivedOn ? conversation.messageSentOn : conversation.messageReceivedOn;
}

/** `limit`/`offset`; the undocumented 0-based `page` is honoured when no offset is sent, as captured. */
function conversationPage(ctx: HandlerContext): Page {
	const page = ctx.query.page(null);
	const pageNumber = ctx.query.int("page", { min: 0 });
	if (ctx.query.string("offset") === undefined && pageNumber !== undefined && page.limit !== null) {
		return { limit: page.limit, offset: pageNumber * page.limit };
	}
	return page;
}

function conversationList(ctx: HandlerContext, conversations: ConversationRecord[]): ApiReply {
	const page = conversationPage(ctx);
	conversations.sort((a, b) => lastActivity(b).localeCompare(lastActivity(a)) || b.id - a.id);
	return pagedList(
		slice(conversations, page).map((conversation) => present(ctx, conversation)),
		conversations.length,
		page,
	);
}

export function listConversations(ctx: HandlerContext): ApiReply {
	const reservationId = ctx.query.int("reservationId");
	const conversations = [...ctx.store.conversations.values()].filter(
		(c) => reservationId === undefined || c.reservationId === reservationId,
	);
	return conversationList(ctx, conversations);
}

export function reservationConversations(ctx: HandlerContext): ApiReply {
	const reservation = findReservation(ctx, ctx.idParam("reservationId", "Reservation"));
	return conversationList(
		ctx,
		[...ctx.store.conversations.values()].filter((c) => c.reservationId === reservation.id),
	);
}

function findConversation(ctx: HandlerContext): ConversationRecord {
	const conversation = ctx.store.conversations.get(ctx.idParam("conversationId", "Conversation"));
	if (!conversation) throw notFound("Conversation not found");
	return conversation;
}

export function getConversation(ctx: HandlerContext): ApiReply {
	return ok(present(ctx, findConversation(ctx)));
}

/** Newest first; only sent messages unless `includeScheduledMessages=1`. */
export function listMessages(ctx: HandlerContext): ApiReply {
	const conversation = findConversation(ctx);
	const page = ctx.query.page(null);
	const includeScheduled = ctx.query.flag("includeScheduledMessages") === true;
	const messages = ctx.store
		.messagesOf(conversation.id)
		.filter((message) => includeScheduled || message.status === "sent")
		.slice()
		.reverse();
	return pagedList(slice(messages, page), messages.length, page);
}

export function getMessage(ctx: HandlerContext): ApiReply {
	const conversation = findConversation(ctx);
	const messageId = ctx.idParam("messageId", "Message");
	const message = ctx.store.messagesOf(conversation.id).find((candidate) => candidate.id === messageId);
	if (!message) throw notFound("Message not found");
	return ok(message);
}

export function sendMessage(ctx: HandlerContext): ApiReply {
	const conversation = findConversation(ctx);
	const request = ctx.body(SendMessage);
	const reservation = ctx.store.reservations.get(conversation.reservationId);
	const listing = ctx.store.listings.get(conversation.listingMapId);
	const communicationType = request.communicationType ?? "email";
	const channelId = reservation?.channelId ?? 2000;
	const id = ctx.store.newId("message");
	const now = formatDateTime(ctx.clock.businessNowMs);
	const viaChannel = communicationType === "channel";
	const message: MessageRecord = {
		...MESSAGE_TEMPLATE,
		id,
		accountId: Number(ctx.account.accountId),
		listingMapId: conversation.listingMapId,
		reservationId: conversation.reservationId,
		channelId,
		conversationId: conversation.id,
		channelThreadMessageId: viaChannel ? ctx.random.digits(11) : "",
		body: request.body,
		isIncoming: 0,
		isSeen: 0,
		originatedBy: "system",
		sentUsingHostaway: 1,
		hash: ctx.random.hex(32),
		listingTimeZoneName: listing?.timeZoneName ?? "UTC",
		communicationTimeDeltaSeconds: 0,
		status: "sent",
		date: now,
		sentToChannelDate: viaChannel ? now : null,
		sentToChannelAttemptDate: viaChannel ? now : null,
		messageSource: viaChannel ? (channelName(channelId) ?? "channel") : communicationType,
		communicationType,
		isUniquePerCommunication: 1,
		retryCount: 0,
		insertedOn: now,
		updatedOn: now,
		AirbnbOfficialMessageMetadata:
			viaChannel && channelId === AIRBNB
				? {
						id: Number(ctx.random.digits(8)),
						conversationMessageId: id,
						airbnbUserId: 154328969,
						userName: `${ctx.account.hostFirstName} ${ctx.account.hostLastName}`,
						insertedOn: now,
						updatedOn: now,
						AirbnbOfficialAccount: null,
						role: "main account",
					}
				: null,
	};
	ctx.store.saveMessage(message);
	ctx.store.saveConversation({ ...conversation, messageSentOn: now });
	return ok(message);
}
