/**
 * A host may legitimately send check-in details (door code, Wi-Fi password) to a guest, so a
 * message is never altered. But before it goes out, the preview says when the text carries
 * access details, and warns loudly when they belong to ANOTHER listing: the classic mistake of
 * pasting one guest's instructions into another guest's thread.
 */
import type { Listing, Reservation } from "../../hostaway";
import { SecretRedactor } from "../redaction";
import { listingName } from "../shared/listings";

const MIN_SECRET_LENGTH = 3;

function secretsOf(listing: Listing | undefined, reservation?: Reservation | null): string[] {
	const values: unknown[] = [listing?.doorSecurityCode, listing?.wifiPassword];
	if (reservation) values.push((reservation as Record<string, unknown>).doorCode);
	return values
		.filter((value): value is string | number => typeof value === "string" || typeof value === "number")
		.map((value) => String(value).trim())
		.filter((value) => value.length >= MIN_SECRET_LENGTH);
}

export function secretWarnings(
	body: string,
	target: { listing: Listing | undefined; reservation: Reservation | null },
	allListings: readonly Listing[],
): string[] {
	const warnings: string[] = [];
	const foreign = allListings
		.filter((listing) => listing.id !== target.listing?.id)
		.filter((listing) => secretsOf(listing).some((secret) => body.includes(secret)));
	if (foreign.length > 0) {
		warnings.push(
			`The message contains the door code or Wi-Fi password of a DIFFERENT listing (${foreign.map((listing) => `${listingName(listing)}, id ${listing.id}`).join("; ")}). ` +
				"Check with the user that this is really meant for this guest before confirming.",
		);
	}
	const ownSecret = secretsOf(target.listing, target.reservation).some((secret) => body.includes(secret));
	const looksLikeSecret = new SecretRedactor().redactText(body) !== body;
	if (ownSecret || looksLikeSecret) {
		warnings.push(
			"The message appears to contain access details (a door code, Wi-Fi password or card number). They are shown as " +
				"[redacted] in this preview but will be sent exactly as written; confirm they are meant for this guest and this stay.",
		);
	}
	return warnings;
}
