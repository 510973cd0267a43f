/**
 * The REST route table: which HTTP method and path serve which operation, and which path
 * parameter fills which input field. Nothing else about an operation is said here: its input
 * and output schemas, description and annotations come from the registry
 * (src/operations/registry.ts), so REST and MCP share one definition (ARCHITECTURE.md, invariant 1).
 *
 * GET routes read their input from the query string; POST and PATCH from a JSON body, merged
 * with the path parameters. An operation may have more than one route (the message history of a
 * booking or of a conversation). Paths are written as OpenAPI writes them (`{id}`) and relative
 * to REST_BASE_PATH. Static segments are listed before parameters they could be mistaken for
 * (`/listings/available` before `/listings/{id}`).
 */

export const REST_BASE_PATH = "/api/v1";

export type RestMethod = "get" | "post" | "patch";

export interface RestRoute {
	operation: string;
	method: RestMethod;
	path: string;
	/** Path parameter → the operation's input field it fills. */
	pathParams?: Readonly<Record<string, string>>;
}

export const restRoutes: readonly RestRoute[] = [
	{ operation: "whoami", method: "get", path: "/whoami" },

	{ operation: "list_listings", method: "get", path: "/listings" },
	{ operation: "find_available_listings", method: "get", path: "/listings/available" },
	{ operation: "get_listing", method: "get", path: "/listings/{id}", pathParams: { id: "listingId" } },
	{ operation: "check_availability", method: "get", path: "/listings/{id}/availability", pathParams: { id: "listingId" } },
	{ operation: "get_calendar", method: "get", path: "/listings/{id}/calendar", pathParams: { id: "listingId" } },
	{ operation: "update_calendar", method: "patch", path: "/listings/{id}/calendar", pathParams: { id: "listingId" } },

	{ operation: "search_bookings", method: "post", path: "/bookings/search" },
	{ operation: "create_booking", method: "post", path: "/bookings" },
	{ operation: "get_booking", method: "get", path: "/bookings/{id}", pathParams: { id: "bookingId" } },
	{ operation: "update_booking", method: "patch", path: "/bookings/{id}", pathParams: { id: "bookingId" } },
	{ operation: "cancel_booking", method: "post", path: "/bookings/{id}/cancel", pathParams: { id: "bookingId" } },
	{ operation: "get_guest", method: "get", path: "/bookings/{id}/guest", pathParams: { id: "bookingId" } },
	{ operation: "get_message_history", method: "get", path: "/bookings/{id}/messages", pathParams: { id: "bookingId" } },

	{ operation: "send_guest_message", method: "post", path: "/guests/messages/send" },
	{ operation: "list_conversations", method: "get", path: "/conversations" },
	{ operation: "get_message_history", method: "get", path: "/conversations/{id}/messages", pathParams: { id: "conversationId" } },

	{ operation: "daily_briefing", method: "get", path: "/reports/daily-briefing" },
	{ operation: "occupancy_report", method: "get", path: "/reports/occupancy" },

	{ operation: "get_audit_log", method: "get", path: "/audit-log" },
];

/** The path as Hono matches it: `{id}` becomes `:id`. */
export function honoPath(route: RestRoute): string {
	return REST_BASE_PATH + route.path.replace(/\{(\w+)\}/g, ":$1");
}

/** The path as the OpenAPI document lists it. */
export function openApiPath(route: RestRoute): string {
	return REST_BASE_PATH + route.path;
}
