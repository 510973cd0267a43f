/**
 * The server as its own OAuth 2.1 authorization server (@cloudflare/workers-oauth-provider), so
 * Claude's custom connectors can sign in: authorization code with PKCE (S256), dynamic client
 * registration, client ID metadata documents, refresh tokens, RFC 9728 metadata for /mcp.
 * Hostaway has no OAuth for third parties; the consent page (src/http/authorize.ts) asks for
 * the Hostaway account id and API key instead and stores them encrypted.
 *
 * Every option is set here, each with its reason. The provider is built per public origin:
 * tokens are bound to `<origin>/mcp`, which is PUBLIC_URL's when set, else the request's.
 */
import { getOAuthApi, type OAuthHelpers, OAuthProvider, type OAuthProviderOptions } from "@cloudflare/workers-oauth-provider";
import { getConfig } from "../config";
import { apiKeyProps, findApiKey } from "./api-keys";

export const MCP_RESOURCE_PATH = "/mcp";
export const AUTHORIZE_PATH = "/authorize";
export const TOKEN_PATH = "/oauth/token";
export const REGISTER_PATH = "/oauth/register";

/** Read access is the baseline every client asks for first; write is granted only when the person chooses it. */
export const READ_SCOPE = "hostaway:read";
export const WRITE_SCOPE = "hostaway:write";

/** The scopes a grant with this access level carries. */
export function scopesFor(access: "read" | "write"): string[] {
	return access === "write" ? [READ_SCOPE, WRITE_SCOPE] : [READ_SCOPE];
}

interface Handlers {
	/** Serves /mcp with `ctx.props` set to the session props of the grant or key. */
	api: ExportedHandler<Env> & { fetch: NonNullable<ExportedHandler<Env>["fetch"]> };
	/** Everything else: health, the consent page, webhooks, the sandbox. */
	fallback: ExportedHandler<Env>;
}

export function oauthOptions(origin: string, handlers: Handlers): OAuthProviderOptions<Env> {
	return {
		apiRoute: MCP_RESOURCE_PATH,
		apiHandler: handlers.api,
		defaultHandler: handlers.fallback,
		authorizeEndpoint: AUTHORIZE_PATH,
		tokenEndpoint: TOKEN_PATH,
		// Claude and most MCP clients register themselves; newer ones present a metadata document.
		clientRegistrationEndpoint: REGISTER_PATH,
		clientIdMetadataDocumentEnabled: true,
		scopesSupported: [READ_SCOPE, WRITE_SCOPE],
		requiredScopes: [READ_SCOPE],
		resourceMetadata: {
			resource: `${origin}${MCP_RESOURCE_PATH}`,
			authorization_servers: [origin],
			bearer_methods_supported: ["header"],
			resource_name: "Hostaway MCP",
		},
		// An hour of access per token; a refresh (30 days from sign-in, sliding 14 days while used)
		// renews it, so a connector keeps working without signing in again while it is in use.
		accessTokenTTL: 3600,
		refreshTokenTTL: 30 * 24 * 3600,
		refreshTokenIdleTTL: 14 * 24 * 3600,
		// API keys (MCP_API_KEYS) are checked only after the provider's own tokens; they resolve
		// to the same props a grant carries, bound to this deployment's /mcp.
		resolveExternalToken: async ({ token, env }) => {
			const entry = await findApiKey(getConfig(env), token);
			if (!entry) return null;
			return { props: apiKeyProps(entry), audience: `${origin}${MCP_RESOURCE_PATH}` };
		},
		onError: ({ status, internal }) => {
			// The provider's diagnostics name the failed check, never a token; server errors only.
			if (status >= 500) console.warn("oauth error", JSON.stringify({ status, category: internal.category, reason: internal.reason }));
		},
	};
}

/** The helpers of the provider for `origin` (consent page, grants), without going through its fetch. */
export function oauthHelpers(env: Env, origin: string): OAuthHelpers {
	// The helpers never route requests; the handlers only satisfy the options' validation.
	const unused = { fetch: () => new Response(null, { status: 404 }) };
	return getOAuthApi(oauthOptions(origin, { api: unused, fallback: unused }), env);
}

const providers = new Map<string, OAuthProvider<Env>>();

/** One provider per public origin, built on first use (construction validates the options). */
export function oauthProviderFor(origin: string, handlers: Handlers): OAuthProvider<Env> {
	let provider = providers.get(origin);
	if (!provider) {
		provider = new OAuthProvider<Env>(oauthOptions(origin, handlers));
		providers.set(origin, provider);
	}
	return provider;
}
