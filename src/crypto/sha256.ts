/**
 * SHA-256 as hex, for fixed-length keys derived from long or structured values: response
 * cache keys (request URLs can exceed KV's 512-byte key limit) and the arguments a
 * confirmation token is bound to.
 */
export async function sha256Hex(text: string): Promise<string> {
	const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
	return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
