/**
 * API keys for clients without OAuth (scripts, Claude Code): `Authorization: Bearer <key>` or
 * `X-API-Key: <key>`. MCP_API_KEYS configures each key's SHA-256, tenant and access level;
 * `npm run api-key` makes one. A presented key is hashed and compared with every configured
 * hash in constant time, so neither a match nor its position shows in the timing.
 */
import type { ApiKeyEntry, Config } from "../config";
import type { SessionProps } from "./session-props";

export const API_KEY_HEADER = "X-API-Key";

async function sha256(text: string): Promise<ArrayBuffer> {
	return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
}

function hexToBytes(hex: string): Uint8Array {
	return Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

/** The configured key the presented one is, or undefined. Every entry is compared. */
export async function findApiKey(config: Config, presented: string): Promise<ApiKeyEntry | undefined> {
	const digest = await sha256(presented);
	let found: ApiKeyEntry | undefined;
	for (const entry of config.apiKeys) {
		if (crypto.subtle.timingSafeEqual(digest, hexToBytes(entry.sha256))) found = entry;
	}
	return found;
}

/** The session props an API key stands for: the same shape an OAuth grant carries. */
export function apiKeyProps(entry: ApiKeyEntry): SessionProps {
	return {
		tenantId: entry.accountId,
		access: entry.access,
		userId: `key:${entry.id}`,
		clientId: `api-key:${entry.id}`,
		clientName: `API key "${entry.id}"`,
		via: "api-key",
		credentialRef: `key:${entry.id}`,
	};
}

/**
 * `X-API-Key` becomes `Authorization: Bearer`, so the OAuth provider validates both the same way
 * (as an external token, after its own tokens). A request that sends both keeps its Authorization.
 */
export function withApiKeyAsBearer(request: Request): Request {
	const key = request.headers.get(API_KEY_HEADER);
	if (!key || request.headers.has("Authorization")) return request;
	const headers = new Headers(request.headers);
	headers.delete(API_KEY_HEADER);
	headers.set("Authorization", `Bearer ${key.trim()}`);
	return new Request(request, { headers });
}
