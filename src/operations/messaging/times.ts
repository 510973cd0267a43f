/**
 * Hostaway's message times: `YYYY-MM-DD HH:MM:SS`, UTC, no `T` and no offset
 * (hostaway-api.md §0). Results carry them as ISO 8601 UTC so no reader has to guess.
 */

const HOSTAWAY_DATETIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)/;

/** Milliseconds since the epoch, or null when the value is missing or not a datetime. */
export function parseHostawayTime(value: string | null | undefined): number | null {
	if (!value) return null;
	const match = HOSTAWAY_DATETIME.exec(value.trim());
	if (!match) return null;
	const ms = Date.parse(`${match[1]}T${match[2]}Z`);
	return Number.isNaN(ms) ? null : ms;
}

/** `2026-07-23T22:14:05Z`, or null. */
export function isoUtc(ms: number | null): string | null {
	return ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `2026-07-23 22:14 UTC` for Markdown. */
export function shortUtc(iso: string | null): string {
	return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : "(unknown time)";
}

/** "3 d 4 h", "5 h 20 min", "12 min". */
export function formatWaiting(minutes: number | null): string {
	if (minutes === null) return "?";
	if (minutes < 60) return `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	if (hours < 24) return `${hours} h ${minutes % 60} min`;
	return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
