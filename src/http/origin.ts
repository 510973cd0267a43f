/**
 * Origin validation for /mcp, as the MCP transport specification requires against DNS
 * rebinding: a page on evil.example can make a browser resolve its own name to a local
 * server, but the browser still sends `Origin: http://evil.example`, which is refused here.
 *
 * - no Origin header: allowed (non-browser clients such as Claude's connector, Claude Code, SDKs);
 * - an Origin on the configured allow-list (ALLOWED_ORIGINS): allowed;
 * - a loopback Origin (localhost, 127.0.0.1, [::1]) while the server itself is reached on a
 *   loopback address, i.e. during local development (MCP Inspector, local tools): allowed;
 * - anything else, including the opaque origin "null": refused.
 */

const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

function isLoopback(hostname: string): boolean {
	return LOOPBACK_HOSTNAMES.has(hostname.toLowerCase()) || hostname.toLowerCase().endsWith(".localhost");
}

/** Returns the browser origin to answer CORS with, `null` when there is none, or `false` to refuse. */
export function checkOrigin(request: Request, allowedOrigins: readonly string[]): string | null | false {
	const origin = request.headers.get("Origin");
	if (origin === null) return null;
	if (allowedOrigins.includes(origin)) return origin;
	let originUrl: URL;
	try {
		originUrl = new URL(origin);
	} catch {
		return false;
	}
	const servedOnLoopback = isLoopback(new URL(request.url).hostname);
	if (servedOnLoopback && isLoopback(originUrl.hostname) && originUrl.origin === origin) return origin;
	return false;
}

/** The answer to a refused browser origin: a JSON-RPC error, before any session is touched. */
export function forbiddenOrigin(): Response {
	return Response.json(
		{ jsonrpc: "2.0", error: { code: -32000, message: "Forbidden: this Origin is not allowed to use the MCP endpoint" }, id: null },
		{ status: 403 },
	);
}
