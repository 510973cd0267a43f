/**
 * Hostaway access tokens, as the sandbox issues them: JWT-shaped (`header.payload.signature`,
 * base64url) with the claims Hostaway's tokens carry (`aud` = account id, `jti`, `iat`, `nbf` =
 * `iat`, `exp` = `iat` + 24 months, `sub` "", `scopes` ["general"]). The signature is random:
 * the sandbox recognises its tokens by looking them up, not by verifying a signature.
 */

/** Hostaway's token lifetime: 24 months. */
export const TOKEN_TTL_SECONDS = 63_072_000;
/** A new token is usable one second after it is issued (`nbf`); Hostaway asks clients to wait. */
export const NOT_BEFORE_MS = 1000;

export interface TokenClaims {
	aud: string;
	jti: string;
	iat: number;
	nbf: number;
	exp: number;
	sub: string;
	scopes: string[];
}

function base64url(bytes: Uint8Array): string {
	let binary = "";
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function base64urlJson(value: unknown): string {
	return base64url(new TextEncoder().encode(JSON.stringify(value)));
}

function randomHex(bytes: number): string {
	return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function mintAccessToken(accountId: string, nowMs: number): { token: string; claims: TokenClaims } {
	const jti = randomHex(40);
	const iat = Math.floor(nowMs / 1000);
	const claims: TokenClaims = { aud: accountId, jti, iat, nbf: iat, exp: iat + TOKEN_TTL_SECONDS, sub: "", scopes: ["general"] };
	const header = base64urlJson({ typ: "JWT", alg: "RS256", jti });
	const token = `${header}.${base64urlJson(claims)}.${base64url(crypto.getRandomValues(new Uint8Array(128)))}`;
	return { token, claims };
}

/** The claims of a token-shaped string, or null. Says nothing about validity. */
export function readClaims(token: string): TokenClaims | null {
	const parts = token.split(".");
	if (parts.length !== 3 || !parts[1]) return null;
	try {
		const json = atob(parts[1].replace(/-/g, "+").replace(/_/g, "/"));
		const claims = JSON.parse(json) as Partial<TokenClaims>;
		if (typeof claims.aud !== "string" || typeof claims.jti !== "string") return null;
		return claims as TokenClaims;
	} catch {
		return null;
	}
}

/** The token from `Authorization: Bearer <token>`, or null. */
export function bearerToken(authorization: string | null): string | null {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
	return match?.[1] ?? null;
}

export async function hashToken(token: string): Promise<string> {
	const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
	return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
