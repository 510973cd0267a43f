/**
 * Runs one Hostaway API call inside an account's Durable Object: authenticates the bearer
 * token (403 when missing, unknown, revoked or used within its first second), routes to the
 * handler and turns raised errors into Hostaway's `fail` envelope. Internal errors are answered
 * without details.
 */
import type { SandboxAccount } from "../accounts";
import type { SandboxClock } from "../clock";
import type { AccountStore } from "../store/account-store";
import type { TokenCheck, TokenStore } from "../store/token-store";
import { SandboxError, fail, type ApiReply } from "../wire/replies";
import { bearerToken } from "./access-token";
import { getCalendar, priceDetails, updateCalendar, updateCalendarIntervals } from "./calendar";
import { HandlerContext, type ApiCall } from "./context";
import { getConversation, getMessage, listConversations, listMessages, reservationConversations, sendMessage } from "./conversations";
import { getListing, listListings } from "./listings";
import { cancelReservation, createReservation, getReservation, listReservations, updateReservation } from "./reservations";
import type { RouteName } from "./routes";
import { issueToken, revokeToken } from "./token-endpoints";

type Handler = (ctx: HandlerContext) => ApiReply | Promise<ApiReply>;

const AUTHENTICATED: Record<Exclude<RouteName, "issueToken" | "revokeToken">, Handler> = {
	listListings,
	getListing,
	getCalendar,
	updateCalendar,
	updateCalendarIntervals,
	priceDetails,
	listReservations,
	getReservation,
	createReservation,
	updateReservation,
	cancelReservation,
	reservationConversations,
	listConversations,
	getConversation,
	listMessages,
	getMessage,
	sendMessage,
};

const TOKEN_PROBLEMS: Record<Exclude<TokenCheck, "valid">, string> = {
	unknown: "Unauthorized: this access token is not valid",
	revoked: "Unauthorized: this access token has been revoked",
	notYetValid: "Unauthorized: this access token is not valid yet (nbf); wait one second after issuing it",
	expired: "Unauthorized: this access token has expired",
};

export async function dispatchApiCall(
	call: ApiCall,
	account: SandboxAccount,
	store: AccountStore,
	tokens: TokenStore,
	clock: SandboxClock,
): Promise<ApiReply> {
	try {
		store.ready(clock.businessNowMs);
		const ctx = new HandlerContext(call, account, store, tokens, clock);
		if (call.route?.name === "issueToken") return await issueToken(ctx);
		if (call.route?.name === "revokeToken") return await revokeToken(ctx);

		const token = bearerToken(call.authorization);
		if (token === null) return fail(403, "Unauthorized: send the access token as Authorization: Bearer <token>");
		const check = await tokens.check(token, clock.nowMs);
		if (check !== "valid") return fail(403, TOKEN_PROBLEMS[check]);

		if (!call.route) return fail(404, `Not found: ${call.method} /v1${call.path} is not an endpoint of the Hostaway sandbox`);
		return await AUTHENTICATED[call.route.name](ctx);
	} catch (error) {
		if (error instanceof SandboxError) return fail(error.status, error.message);
		return fail(500, "Internal error in the Hostaway sandbox");
	}
}
