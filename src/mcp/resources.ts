/**
 * MCP resources: the portfolio as addressable documents, for clients that let the user
 * attach context (e.g. "@hostaway://listings/123"). Each resource is read through the same
 * operation as its tool (list_listings, get_listing, get_booking), with the same curation
 * and secret redaction; nothing here defines behaviour of its own.
 *
 * - `hostaway://listings`            the listing index
 * - `hostaway://listings/{listingId}` one listing
 * - `hostaway://bookings/{bookingId}` one booking
 */
import { McpError, ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { OperationContext } from "../operations/operation";
import type { AnyOperation } from "../operations/registry";
import { listingName, loadAllListings } from "../operations/shared/listings";
import { completeBookingId, completeListingId } from "./completions";
import { runOperation } from "./register-operations";

export const LISTING_INDEX_URI = "hostaway://listings";

export function registerResources(
	server: McpServer,
	operations: readonly AnyOperation[],
	contextFor: () => Promise<OperationContext>,
): void {
	const byName = new Map(operations.map((operation) => [operation.name, operation]));
	const read = async (operationName: string, args: Record<string, unknown>, uri: URL) => {
		const operation = byName.get(operationName);
		if (!operation) throw new McpError(ErrorCode.InvalidRequest, `${uri.href} cannot be read: ${operationName} is not available.`);
		const result = await runOperation(operation, args, await contextFor());
		const text = (result.content?.[0] as { text?: string } | undefined)?.text ?? "";
		if (result.isError) throw new McpError(ErrorCode.InvalidParams, `${uri.href}: ${text}`);
		return { contents: [{ uri: uri.href, mimeType: "text/markdown", text }] };
	};

	server.registerResource(
		"listing-index",
		LISTING_INDEX_URI,
		{
			title: "All listings",
			description: "Every listing of the connected Hostaway account: id, name, city, capacity, base price, check-in/out hours.",
			mimeType: "text/markdown",
		},
		(uri) => read("list_listings", { limit: 100 }, uri),
	);

	server.registerResource(
		"listing",
		new ResourceTemplate("hostaway://listings/{listingId}", {
			list: async () => {
				const context = await contextFor();
				const { listings } = await listingChoices(context);
				return {
					resources: listings.map((listing) => ({
						uri: `hostaway://listings/${listing.id}`,
						name: listing.name,
						mimeType: "text/markdown",
					})),
				};
			},
			complete: { listingId: async (value) => completeListingId(await contextFor(), value) },
		}),
		{
			title: "Listing",
			description: "One listing in detail: address, capacity, house rules, amenities, fees, policies, check-in/out.",
			mimeType: "text/markdown",
		},
		(uri, variables) => read("get_listing", { listingId: String(variables.listingId) }, uri),
	);

	server.registerResource(
		"booking",
		new ResourceTemplate("hostaway://bookings/{bookingId}", {
			list: undefined,
			complete: { bookingId: async (value) => completeBookingId(await contextFor(), value) },
		}),
		{
			title: "Booking",
			description: "One reservation in detail: guest, dates, party, money, channel, status, notes.",
			mimeType: "text/markdown",
		},
		(uri, variables) => read("get_booking", { bookingId: String(variables.bookingId) }, uri),
	);
}

async function listingChoices(context: OperationContext) {
	const { listings } = await loadAllListings(context.hostaway());
	return { listings: listings.map((listing) => ({ id: listing.id, name: listingName(listing) })) };
}
