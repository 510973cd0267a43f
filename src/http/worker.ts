/**
 * The Worker's front door: every request passes here first.
 *
 * - `X-API-Key` is turned into a Bearer token, so the OAuth provider checks API keys and its own
 *   tokens in one place;
 * - with the local-development switch (sandbox only), a request to /mcp without credentials is
 *   served as the demo tenant, so the MCP Inspector and the conformance suite need no sign-in;
 * - everything else goes through the OAuth provider (src/auth/oauth.ts): /mcp with a valid token
 *   or key reaches the MCP route with the caller's props, a request without one gets 401 with
 *   `resource_metadata`; the provider serves its metadata, token and registration endpoints; the
 *   rest (health, consent page, webhooks, sandbox) is the Hono app;
 * - the REST API (/api/v1, /openapi.json, /docs: src/rest/app.ts) is served before all of this:
 *   it takes API keys only.
 */
import type { OAuthProvider } from "@cloudflare/workers-oauth-provider";
import { recordAccessEvent } from "../auth/access-events";
import { withApiKeyAsBearer } from "../auth/api-keys";
import { MCP_RESOURCE_PATH, oauthHelpers, oauthProviderFor, TOKEN_PATH } from "../auth/oauth";
import type { SessionProps } from "../auth/session-props";
import { type Config, ConfigError, getConfig } from "../config";
import { isRestPath, restApp } from "../rest/app";
import { app } from "./app";
import { mcpApp } from "./mcp-app";
import { misconfiguredResponse } from "./misconfigured";
import { checkOrigin, forbiddenOrigin } from "./origin";
import { publicOrigin } from "./public-origin";

const handlers = {
	api: { fetch: (request: Request, env: Env, ctx: ExecutionContext) => mcpApp.fetch(request, env, ctx) },
	fallback: { fetch: (request: Request, env: Env, ctx: ExecutionContext) => app.fetch(request, env, ctx) },
};

/** The tenant a credential-less local request acts as: the sandbox's demo account (or the configured one). */
function localDevProps(config: Config): SessionProps | undefined {
	const tenantId = config.operatorAccount?.accountId;
	if (!tenantId) return undefined;
	return {
		tenantId,
		// HOSTAWAY_READ_ONLY caps it, as every session on the operator's account (src/http/mcp-route.ts).
		access: "write",
		userId: "local-dev",
		clientId: "local-dev",
		clientName: "local development (no sign-in)",
		via: "local-dev",
		credentialRef: "local-dev",
	};
}

function isMcpPath(url: URL): boolean {
	return url.pathname === MCP_RESOURCE_PATH || url.pathname.startsWith(`${MCP_RESOURCE_PATH}/`);
}

export async function handleRequest(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
	let config: Config;
	try {
		config = getConfig(env);
	} catch (error) {
		if (error instanceof ConfigError) return misconfiguredResponse(error);
		throw error;
	}
	const url = new URL(request.url);
	// REST takes API keys only (src/rest/authenticate.ts), so it is served before the OAuth provider.
	if (isRestPath(url.pathname)) return restApp.fetch(request, env, ctx);
	request = withApiKeyAsBearer(request);
	// Browser origins are checked before anything else answers (DNS rebinding), as the MCP route does.
	if (isMcpPath(url) && checkOrigin(request, config.allowedOrigins) === false) return forbiddenOrigin();

	if (config.localDevOpenAccess && isMcpPath(url) && !request.headers.has("Authorization")) {
		const props = localDevProps(config);
		if (props) {
			const localCtx = {
				waitUntil: (promise: Promise<unknown>) => ctx.waitUntil(promise),
				passThroughOnException: () => ctx.passThroughOnException(),
				props,
			} as unknown as ExecutionContext;
			return mcpApp.fetch(request, env, localCtx);
		}
	}

	const origin = publicOrigin(request, config);
	let provider: OAuthProvider<Env>;
	try {
		provider = oauthProviderFor(origin, handlers);
	} catch {
		// OAuth accepts only an https resource, or http on loopback. Reached under another name (a
		// LAN address, a foreign Host header), the request is misdirected, not the server misconfigured.
		return Response.json(
			{
				status: "error",
				error: `This server does not serve ${origin}: OAuth needs https (or http on localhost). An operator reaching it under that name sets PUBLIC_URL.`,
			},
			{ status: 421 },
		);
	}
	if (url.pathname === TOKEN_PATH && request.method === "POST") return revokeAware(request, env, ctx, origin, provider);
	return provider.fetch(request, env, ctx);
}

/**
 * The token endpoint, noting grants revoked through it (RFC 7009 with a refresh token) in the
 * audit trail. The provider's tokens name their person and grant (`userId:grantId:secret`), so the
 * person's grants are listed before and after the provider acts.
 */
async function revokeAware(request: Request, env: Env, ctx: ExecutionContext, origin: string, provider: OAuthProvider<Env>) {
	const form = await request
		.clone()
		.formData()
		.catch(() => undefined);
	const token = form?.get("token");
	const [userId, grantId] = typeof token === "string" ? token.split(":") : [];
	if (form?.has("grant_type") || !userId || !grantId) return provider.fetch(request, env, ctx);

	const oauth = oauthHelpers(env, origin);
	const grantOf = async () => (await oauth.listUserGrants(userId)).items.find((grant) => grant.id === grantId);
	const before = await grantOf();
	const response = await provider.fetch(request, env, ctx);
	const metadata = before?.metadata as { tenantId?: string; clientName?: string } | undefined;
	if (before && metadata?.tenantId && response.ok && !(await grantOf())) {
		await recordAccessEvent(env, {
			kind: "grant_revoked",
			tenantId: metadata.tenantId,
			who: { userId, clientId: before.clientId, clientName: metadata.clientName ?? before.clientId, via: "oauth" },
			outcome: "ok",
			reason: "revoked by its client",
		});
	}
	return response;
}
