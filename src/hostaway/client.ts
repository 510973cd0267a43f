/**
 * The typed Hostaway client: one method per endpoint the product uses, taking friendly
 * inputs (src/hostaway/requests) and returning records parsed leniently (src/hostaway/schemas).
 * Tokens, the rate budget, retries and caching happen underneath (transport.ts, tokens.ts).
 *
 * One client serves one Hostaway account. Build it with createTenantHostawayClient
 * (src/gate/tenant-client.ts), which wires the TenantGate and KV; `metrics` counts what
 * this client did, for logs and benchmarks.
 */
import { z } from "zod";
import { emptyMetrics, type HostawayMetrics } from "./metrics";
import {
	type CacheGenerations,
	type Clock,
	type RateGate,
	type RateWaitObserver,
	type ResponseCache,
	systemClock,
	type TokenMintCoordinator,
	type TokenStore,
} from "./ports";
import {
	calendarIntervalsBody,
	calendarQuery,
	calendarRangeBody,
	type CalendarRangeUpdate,
	type GetCalendarInput,
	type PriceQuoteInput,
	priceDetailsBody,
} from "./requests/calendar";
import { checkId } from "./requests/checks";
import {
	conversationsQuery,
	type ListConversationsInput,
	type ListMessagesInput,
	messageBody,
	messagesQuery,
	type NewMessage,
} from "./requests/conversations";
import { type ListListingsInput, listingsQuery } from "./requests/listings";
import {
	cancellationBody,
	type ListReservationsInput,
	type NewReservation,
	newReservationBody,
	type ReservationChanges,
	reservationChangesBody,
	reservationsQuery,
	reservationWriteQuery,
	type WriteOptions,
} from "./requests/reservations";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
import { type CalendarDay, CalendarDaySchema, type PriceDetails, PriceDetailsSchema } from "./schemas/calendar";
import { type Conversation, ConversationSchema, type Message, MessageSchema } from "./schemas/conversation";
import { parsePage, parseResult, parseWriteResult, parseWriteResultOrEmpty } from "./parse";
import type { Page } from "./schemas/envelope";
import { type Listing, ListingSchema } from "./schemas/listing";
import { type Reservation, ReservationSchema } from "./schemas/reservation";
import { DEFAULT_TOKEN_POLICY, type HostawayCredentials, TokenManager, type TokenPolicy } from "./tokens";
import { type RequestSpec, Transport } from "./transport";

/** Seconds a cached response lives, by kind of data; 0 = never cached. KV keeps entries at least 60 s. */
export interface CacheTtls {
	/** Listings change rarely (and writes through this server invalidate them anyway). */
	listings: number;
	calendar: number;
	reservations: number;
	/**
	 * The inbox, briefly: a guest's new message makes them stale at once through Hostaway's
	 * message webhook, and a send through this server at once through its cache generation bump;
	 * without a webhook a new guest message shows within this time.
	 */
	conversations: number;
	messages: number;
}

export const DEFAULT_CACHE_TTLS: CacheTtls = {
	listings: 900,
	calendar: 60,
	reservations: 60,
	conversations: 60,
	messages: 60,
};

export interface HostawayClientOptions {
	/** Ends in `/v1`, no trailing slash. */
	baseUrl: string;
	fetch: typeof fetch;
	credentials: HostawayCredentials;
	gate: RateGate;
	generations: CacheGenerations;
	tokenStore: TokenStore;
	tokenCoordinator: TokenMintCoordinator;
	/** Without it nothing is cached. */
	cache?: ResponseCache;
	clock?: Clock;
	/** Per upstream request (configuration: HOSTAWAY_TIMEOUT_MS). */
	timeoutMs: number;
	/** How long a call may wait for a slot in the rate budget (configuration: HOSTAWAY_RATE_MAX_WAIT_MS). */
	gateMaxWaitMs: number;
	/** When the call this client serves must be answered: no slot is waited for past it (see TransportOptions). */
	callDeadline?: number;
	retry?: Partial<RetryPolicy>;
	tokenPolicy?: Partial<TokenPolicy>;
	cacheTtls?: Partial<CacheTtls>;
	/** Source of randomness for backoff jitter. */
	random?: () => number;
	/** Told while a request waits for its turn in the rate budget, to report progress to the caller. */
	rateWaits?: RateWaitObserver;
}

export class HostawayClient {
	/** What this client has done so far: upstream calls, retries, waits, cache hits and misses. */
	readonly metrics: HostawayMetrics = emptyMetrics();
	readonly accountId: string;
	private readonly transport: Transport;
	private readonly tokens: TokenManager;
	private readonly ttls: CacheTtls;

	constructor(options: HostawayClientOptions) {
		const clock = options.clock ?? systemClock;
		this.accountId = options.credentials.accountId;
		this.ttls = { ...DEFAULT_CACHE_TTLS, ...options.cacheTtls };
		this.transport = new Transport({
			baseUrl: options.baseUrl.replace(/\/+$/, ""),
			fetch: options.fetch,
			gate: options.gate,
			generations: options.generations,
			cache: options.cache,
			clock,
			metrics: this.metrics,
			retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
			timeoutMs: options.timeoutMs,
			gateMaxWaitMs: options.gateMaxWaitMs,
			callDeadline: options.callDeadline,
			random: options.random,
			secrets: [options.credentials.apiKey],
			rateWaits: options.rateWaits,
		});
		this.tokens = new TokenManager({
			credentials: options.credentials,
			store: options.tokenStore,
			coordinator: options.tokenCoordinator,
			transport: this.transport,
			clock,
			metrics: this.metrics,
			policy: { ...DEFAULT_TOKEN_POLICY, ...options.tokenPolicy },
		});
		this.transport.attachTokens(this.tokens);
	}

	/** Whether Hostaway accepts the client's credentials: mints a fresh token (sign-in). See TokenManager.proveCredentials. */
	async proveCredentials(): Promise<void> {
		await this.tokens.proveCredentials();
	}

	// ---- listings -------------------------------------------------------------------------

	/** `GET /listings`. */
	async listListings(input: ListListingsInput = {}): Promise<Page<Listing>> {
		const body = await this.read("/listings", listingsQuery(input), "listings", this.ttls.listings);
		return parsePage(body, ListingSchema, "listings");
	}

	/** `GET /listings/{listingId}`. */
	async getListing(listingId: number, options: { includeResources?: boolean } = {}): Promise<Listing> {
		const id = checkId(listingId, "listing id");
		const body = await this.read(`/listings/${id}`, { includeResources: options.includeResources }, `listing ${id}`, this.ttls.listings);
		return parseResult(body, ListingSchema, `listing ${id}`);
	}

	// ---- calendar -------------------------------------------------------------------------

	/** `GET /listings/{listingId}/calendar`: one object per day of the range. */
	async getCalendar(listingId: number, input: GetCalendarInput = {}): Promise<CalendarDay[]> {
		const id = checkId(listingId, "listing id");
		const body = await this.read(`/listings/${id}/calendar`, calendarQuery(input), `calendar of listing ${id}`, this.ttls.calendar);
		return parseResult(body, z.array(CalendarDaySchema), `calendar of listing ${id}`);
	}

	/** `PUT /listings/{listingId}/calendar`: sets values on one date range; returns the days changed. */
	async updateCalendar(listingId: number, update: CalendarRangeUpdate): Promise<CalendarDay[]> {
		const id = checkId(listingId, "listing id");
		const body = await this.write({
			method: "PUT",
			path: `/listings/${id}/calendar`,
			json: calendarRangeBody(update),
			subject: `calendar of listing ${id}`,
		});
		return parseWriteResultOrEmpty(body, z.array(CalendarDaySchema), `calendar of listing ${id}`);
	}

	/** `PUT /listings/{listingId}/calendarIntervals`: up to 200 ranges in one call. */
	async updateCalendarIntervals(listingId: number, updates: CalendarRangeUpdate[]): Promise<void> {
		const id = checkId(listingId, "listing id");
		await this.write({
			method: "PUT",
			path: `/listings/${id}/calendarIntervals`,
			json: calendarIntervalsBody(updates),
			subject: `calendar of listing ${id}`,
		});
	}

	/** `POST /listings/{listingId}/calendar/priceDetails` (version 2): Hostaway's price quote for a stay. Changes nothing. */
	async getPriceDetails(listingId: number, input: PriceQuoteInput): Promise<PriceDetails> {
		const id = checkId(listingId, "listing id");
		const body = await this.transport.send({
			method: "POST",
			path: `/listings/${id}/calendar/priceDetails`,
			json: priceDetailsBody(input),
			authenticated: true,
			changesData: false,
			subject: `price quote for listing ${id}`,
		});
		return parseResult(body, PriceDetailsSchema, `price quote for listing ${id}`);
	}

	// ---- reservations ---------------------------------------------------------------------

	/** `GET /reservations`. Hostaway has no status filter: filter `status` on the result. */
	async listReservations(input: ListReservationsInput = {}): Promise<Page<Reservation>> {
		const body = await this.read("/reservations", reservationsQuery(input), "reservations", this.ttls.reservations);
		return parsePage(body, ReservationSchema, "reservations");
	}

	/** `GET /reservations/{reservationId}` (the Hostaway id, not the channel's reference). */
	async getReservation(reservationId: number, options: { includeResources?: boolean } = {}): Promise<Reservation> {
		const id = checkId(reservationId, "reservation id");
		const body = await this.read(
			`/reservations/${id}`,
			{ includeResources: options.includeResources },
			`reservation ${id}`,
			this.ttls.reservations,
		);
		return parseResult(body, ReservationSchema, `reservation ${id}`);
	}

	/**
	 * `POST /reservations`. Never sent twice by this client: if the outcome is unknown
	 * (HostawayOutcomeUnknownError), look for the reservation before trying again.
	 */
	async createReservation(reservation: NewReservation, options: WriteOptions = {}): Promise<Reservation> {
		const body = await this.write({
			method: "POST",
			path: "/reservations",
			query: reservationWriteQuery(options),
			json: newReservationBody(reservation),
			subject: "new reservation",
		});
		return parseWriteResult(body, ReservationSchema, "new reservation");
	}

	/** `PUT /reservations/{reservationId}`: only the fields given are sent. */
	async updateReservation(reservationId: number, changes: ReservationChanges, options: WriteOptions = {}): Promise<Reservation> {
		const id = checkId(reservationId, "reservation id");
		const body = await this.write({
			method: "PUT",
			path: `/reservations/${id}`,
			query: reservationWriteQuery(options),
			channelMayRefuse: true,
			json: reservationChangesBody(changes),
			subject: `reservation ${id}`,
		});
		return parseWriteResult(body, ReservationSchema, `reservation ${id}`);
	}

	/** `PUT /reservations/{reservationId}/statuses/cancelled`. Not repeated automatically (a repeat may be refused). */
	async cancelReservation(reservationId: number, options: { cancelledBy: "host" | "guest" }): Promise<Reservation> {
		const id = checkId(reservationId, "reservation id");
		const body = await this.write({
			method: "PUT",
			path: `/reservations/${id}/statuses/cancelled`,
			channelMayRefuse: true,
			json: cancellationBody(options.cancelledBy),
			subject: `reservation ${id}`,
		});
		return parseWriteResult(body, ReservationSchema, `reservation ${id}`);
	}

	// ---- conversations and messages -------------------------------------------------------

	/** `GET /conversations`. */
	async listConversations(input: ListConversationsInput = {}): Promise<Page<Conversation>> {
		const body = await this.read("/conversations", conversationsQuery(input), "conversations", this.ttls.conversations);
		return parsePage(body, ConversationSchema, "conversations");
	}

	/** `GET /reservations/{reservationId}/conversations`. */
	async listReservationConversations(reservationId: number): Promise<Page<Conversation>> {
		const id = checkId(reservationId, "reservation id");
		const body = await this.read(`/reservations/${id}/conversations`, {}, `conversations of reservation ${id}`, this.ttls.conversations);
		return parsePage(body, ConversationSchema, `conversations of reservation ${id}`);
	}

	/** `GET /conversations/{conversationId}`. */
	async getConversation(conversationId: number, options: { includeResources?: boolean } = {}): Promise<Conversation> {
		const id = checkId(conversationId, "conversation id");
		const body = await this.read(
			`/conversations/${id}`,
			{ includeResources: options.includeResources },
			`conversation ${id}`,
			this.ttls.conversations,
		);
		return parseResult(body, ConversationSchema, `conversation ${id}`);
	}

	/** `GET /conversations/{conversationId}/messages`. */
	async listMessages(conversationId: number, input: ListMessagesInput = {}): Promise<Page<Message>> {
		const id = checkId(conversationId, "conversation id");
		const body = await this.read(
			`/conversations/${id}/messages`,
			messagesQuery(input),
			`messages of conversation ${id}`,
			this.ttls.messages,
		);
		return parsePage(body, MessageSchema, `messages of conversation ${id}`);
	}

	/**
	 * `POST /conversations/{conversationId}/messages`. Never sent twice by this client: if the
	 * outcome is unknown (HostawayOutcomeUnknownError), read the conversation before sending again.
	 */
	async sendMessage(conversationId: number, message: NewMessage): Promise<Message> {
		const id = checkId(conversationId, "conversation id");
		const body = await this.write({
			method: "POST",
			path: `/conversations/${id}/messages`,
			json: messageBody(message),
			subject: `message to conversation ${id}`,
		});
		return parseWriteResult(body, MessageSchema, `message to conversation ${id}`);
	}

	// ---- plumbing -------------------------------------------------------------------------

	private read(path: string, query: RequestSpec["query"], subject: string, ttlSeconds: number): Promise<unknown> {
		return this.transport.send({
			method: "GET",
			path,
			query,
			authenticated: true,
			changesData: false,
			cache: ttlSeconds > 0 ? { kind: path.split("/")[1] ?? "other", ttlSeconds } : undefined,
			subject,
		});
	}

	private write(spec: Omit<RequestSpec, "authenticated" | "changesData">): Promise<unknown> {
		return this.transport.send({ ...spec, authenticated: true, changesData: true });
	}
}
