/**
 * What an OAuth client (Claude's connector) sends, independent of how it reaches the server:
 * its RFC 7591 registration and its PKCE (RFC 7636, S256) pair. Web Crypto only, so the Workers
 * tests (test/helpers/oauth.ts) and the e2e tests in plain Node share it.
 */
function base64Url(bytes: Uint8Array): string {
	let binary = "";
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
	const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
	const challenge = base64Url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
	return { verifier, challenge };
}

/** The request init of a dynamic registration of a public client, as Claude sends it to `/oauth/register`. */
export function publicClientRegistration(clientName: string, redirectUri: string): RequestInit {
	return {
		method: "POST",
		headers: { "Content-Type": "application/json" },
		body: JSON.stringify({
			client_name: clientName,
			redirect_uris: [redirectUri],
			token_endpoint_auth_method: "none",
			grant_types: ["authorization_code", "refresh_token"],
			response_types: ["code"],
		}),
	};
}
