/**
 * The Hostaway client's public surface. Get a client for a tenant with
 * createTenantHostawayClient (src/gate/tenant-client.ts); map its errors with
 * toOperationError (src/operations/hostaway-errors.ts).
 */
export { type CacheTtls, DEFAULT_CACHE_TTLS, HostawayClient, type HostawayClientOptions } from "./client";
export * from "./errors";
export type { HostawayMetrics } from "./metrics";
export type {
	CacheGenerations,
	Clock,
	RateGate,
	RateWaitObserver,
	ResponseCache,
	StoredToken,
	TokenMintCoordinator,
	TokenStore,
} from "./ports";
export type { CalendarRangeUpdate, GetCalendarInput, PriceQuoteInput } from "./requests/calendar";
export type { ListConversationsInput, ListMessagesInput, NewMessage } from "./requests/conversations";
export { LISTING_SORT_ORDERS, type ListListingsInput, type ListingSortOrder } from "./requests/listings";
export {
	type ListReservationsInput,
	type NewReservation,
	RESERVATION_SORT_ORDERS,
	type ReservationChanges,
	type ReservationSortOrder,
	type WriteOptions,
} from "./requests/reservations";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
export { CALENDAR_DAY_STATUSES, type CalendarDay, type PriceComponent, type PriceDetails } from "./schemas/calendar";
export { COMMUNICATION_TYPES, type CommunicationType, type Conversation, type Message } from "./schemas/conversation";
export type { Page } from "./schemas/envelope";
export type { Listing, ListingAmenity, ListingImage } from "./schemas/listing";
export { RESERVATION_STATUSES, type Reservation } from "./schemas/reservation";
export type { HostawayCredentials } from "./tokens";
