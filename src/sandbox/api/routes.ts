/**
 * The Hostaway endpoints the sandbox serves, by method and path template (relative to `/v1`).
 * The template doubles as the route's name in the request counters (`GET /listings/{listingId}`).
 */
export const ROUTES = [
	{ name: "issueToken", method: "POST", path: "/accessTokens" },
	{ name: "revokeToken", method: "DELETE", path: "/accessTokens" },
	{ name: "listListings", method: "GET", path: "/listings" },
	{ name: "getListing", method: "GET", path: "/listings/{listingId}" },
	{ name: "getCalendar", method: "GET", path: "/listings/{listingId}/calendar" },
	{ name: "updateCalendar", method: "PUT", path: "/listings/{listingId}/calendar" },
	{ name: "updateCalendarIntervals", method: "PUT", path: "/listings/{listingId}/calendarIntervals" },
	{ name: "priceDetails", method: "POST", path: "/listings/{listingId}/calendar/priceDetails" },
	{ name: "listReservations", method: "GET", path: "/reservations" },
	{ name: "getReservation", method: "GET", path: "/reservations/{reservationId}" },
	{ name: "createReservation", method: "POST", path: "/reservations" },
	{ name: "updateReservation", method: "PUT", path: "/reservations/{reservationId}" },
	{ name: "cancelReservation", method: "PUT", path: "/reservations/{reservationId}/statuses/cancelled" },
	{ name: "reservationConversations", method: "GET", path: "/reservations/{reservationId}/conversations" },
	{ name: "listConversations", method: "GET", path: "/conversations" },
	{ name: "getConversation", method: "GET", path: "/conversations/{conversationId}" },
	{ name: "listMessages", method: "GET", path: "/conversations/{conversationId}/messages" },
	{ name: "getMessage", method: "GET", path: "/conversations/{conversationId}/messages/{messageId}" },
	{ name: "sendMessage", method: "POST", path: "/conversations/{conversationId}/messages" },
] as const;

export type RouteName = (typeof ROUTES)[number]["name"];

export interface RouteMatch {
	name: RouteName;
	/** `METHOD /path/{template}`, for counters. */
	key: string;
	params: Record<string, string>;
}

const COMPILED = ROUTES.map((route) => {
	const names: string[] = [];
	const pattern = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
		names.push(name);
		return "([^/]+)";
	});
	return { ...route, names, regex: new RegExp(`^${pattern}/?$`) };
});

/** Matches an API path (without the `/v1` prefix). */
export function matchRoute(method: string, path: string): RouteMatch | null {
	for (const route of COMPILED) {
		if (route.method !== method) continue;
		const match = route.regex.exec(path);
		if (!match) continue;
		const params: Record<string, string> = {};
		route.names.forEach((name, index) => {
			params[name] = decodeURIComponent(match[index + 1] ?? "");
		});
		return { name: route.name, key: `${route.method} ${route.path}`, params };
	}
	return null;
}
