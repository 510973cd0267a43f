/**
 * GET/POST /authorize: the consent page of the OAuth flow (src/auth/oauth.ts).
 *
 * GET validates the client's request (parseAuthRequest) and shows who is asking, where access
 * will go, and a form for the Hostaway Account ID, API key and access level. POST proves the
 * credentials by minting a Hostaway token, stores them encrypted, and completes the
 * authorization: a grant whose props carry the tenant, a per-person user id and the access
 * level, and nothing secret. Wrong credentials are said so on the page and nothing is stored.
 *
 * The form posts to the same URL, query string included, so a page that must be shown again
 * (wrong credentials) re-reads the client's request from it; the consent handle, bound to this
 * browser by beginConsent()'s cookie and usable once, is what authorizes the approval.
 */
import { AuthorizationError, CimdFetchError, type AuthRequest, type OAuthHelpers } from "@cloudflare/workers-oauth-provider";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { recordAccessEvent } from "../auth/access-events";
import { renderConsentError, renderConsentPage } from "../auth/consent-page";
import { oauthHelpers, scopesFor, WRITE_SCOPE } from "../auth/oauth";
import { canonicalTenantId, type SessionProps } from "../auth/session-props";
import { credentialsForTenant, storeTenantCredentials } from "../auth/tenant-credentials";
import { type Config, getConfig, SANDBOX_DEMO_ACCOUNTS } from "../config";
import type { HostawayCredentials } from "../hostaway";
import { checkHostawayCredentials } from "../wiring/credential-check";
import { publicOrigin } from "./public-origin";

export { AUTHORIZE_PATH } from "../auth/oauth";

/**
 * Identifies a person's browser across sign-ins, so connecting again from it replaces that
 * person's earlier grant for the same app, while a colleague connecting the same Hostaway
 * account from their own browser gets a grant of their own and does not cut the first off.
 */
const PERSON_COOKIE = "__Host-hostaway-mcp-person";
const PERSON_COOKIE_MAX_AGE = 400 * 24 * 3600;

type AppContext = Context<{ Bindings: Env }>;

function randomId(bytes: number): string {
	return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function html(body: string, status: number, headers = new Headers()): Response {
	headers.set("Content-Type", "text/html; charset=utf-8");
	headers.set("Cache-Control", "no-store");
	headers.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
	headers.set("X-Frame-Options", "DENY");
	headers.set("Referrer-Policy", "no-referrer");
	return new Response(body, { status, headers });
}

/** What cannot go back to the client is shown here; what can, is redirected (consent-page.md's table). */
function authorizationFailure(error: unknown): Response {
	if (error instanceof AuthorizationError && error.redirectTo) return Response.redirect(error.redirectTo, 302);
	if (error instanceof AuthorizationError) return html(renderConsentError(error.description), 400);
	if (error instanceof CimdFetchError)
		return html(renderConsentError("This app could not be verified: its metadata document could not be read."), 400);
	throw error;
}

function demoAccounts(config: Config) {
	return config.hostawayMode === "sandbox" ? SANDBOX_DEMO_ACCOUNTS : [];
}

async function showForm(
	oauth: OAuthHelpers,
	config: Config,
	request: AuthRequest,
	options: { handle?: string; headers?: Headers; status: number; error?: string; accountId?: string; access?: "read" | "write" },
): Promise<Response> {
	const details = await oauth.describeConsent(request);
	let { handle, headers } = options;
	if (!handle) ({ handle, headers } = await oauth.beginConsent(request));
	const access = options.access ?? (request.scope.includes(WRITE_SCOPE) ? "write" : "read");
	const page = renderConsentPage({
		details,
		handle,
		access,
		accountId: options.accountId,
		error: options.error,
		demoAccounts: demoAccounts(config),
	});
	return html(page, options.status, headers);
}

export async function showConsent(c: AppContext): Promise<Response> {
	const config = getConfig(c.env);
	const oauth = oauthHelpers(c.env, publicOrigin(c.req.raw, config));
	try {
		const request = await oauth.parseAuthRequest(c.req.raw);
		return await showForm(oauth, config, request, { status: 200 });
	} catch (error) {
		return authorizationFailure(error);
	}
}

export async function submitConsent(c: AppContext): Promise<Response> {
	const config = getConfig(c.env);
	const oauth = oauthHelpers(c.env, publicOrigin(c.req.raw, config));
	const form = await c.req.formData();
	const field = (name: string) => {
		const value = form.get(name);
		return typeof value === "string" ? value : "";
	};
	const handle = field("handle");
	const demo = field("demo");
	try {
		if (field("decision") !== "approve" && !demo) {
			const denied = await oauth.denyConsent(c.req.raw, handle);
			return new Response(null, { status: 302, headers: denied.headers });
		}
		// The client's request again, from the URL the form was posted to (validated anew).
		const request = await oauth.parseAuthRequest(new Request(c.req.url, { method: "GET" }));
		const access = field("access") === "write" ? "write" : "read";
		const again = (status: number, error: string, accountId?: string) =>
			showForm(oauth, config, request, { handle, status, error, accountId, access });

		let credentials: HostawayCredentials;
		const demoAccount = demoAccounts(config).find((account) => account.accountId === demo);
		if (demo && !demoAccount) return await again(400, "That demo account does not exist.");
		if (demoAccount) {
			credentials = { accountId: demoAccount.accountId, apiKey: demoAccount.apiKey };
		} else {
			const accountId = canonicalTenantId(field("accountId"));
			const apiKey = field("apiKey").trim();
			if (!accountId)
				return await again(400, "The Hostaway Account ID is a number, such as 12345 (Settings → Hostaway API).", field("accountId"));
			if (apiKey.length < 8) return await again(400, "Enter the Hostaway API key (Settings → Hostaway API).", accountId);
			credentials = { accountId, apiKey };
		}

		const details = await oauth.describeConsent(request);
		const who = { userId: "unknown", clientId: request.clientId, clientName: details.clientName, via: "oauth" as const };
		const check = await checkHostawayCredentials(c.env, config, credentials);
		if (check === "refused") {
			const connected = (await credentialsForTenant(c.env, config, credentials.accountId)) !== undefined;
			await recordAccessEvent(c.env, {
				kind: "sign_in_refused",
				tenantId: connected ? credentials.accountId : undefined,
				who,
				outcome: "refused",
				reason: `Hostaway refused the credentials for account ${credentials.accountId}`,
			});
			return await again(
				401,
				"Hostaway did not accept this Account ID and API key. Check both in Hostaway under Settings → Hostaway API.",
				credentials.accountId,
			);
		}
		if (check === "busy") {
			return await again(
				503,
				"Hostaway is busy with this account's requests. Nothing was saved; try again in a few seconds.",
				credentials.accountId,
			);
		}
		if (check === "unavailable") {
			return await again(
				503,
				"Hostaway could not be reached to check the credentials. Nothing was saved; try again in a minute.",
				credentials.accountId,
			);
		}

		// The handle is spent first: an expired or replayed page stores nothing.
		const approved = await oauth.approveConsent(c.req.raw, handle, { scope: scopesFor(access) });
		await storeTenantCredentials(c.env, config, credentials);
		const person = /^[0-9a-f]{32}$/.test(getCookie(c, PERSON_COOKIE) ?? "") ? (getCookie(c, PERSON_COOKIE) as string) : randomId(16);
		const props: SessionProps = {
			tenantId: credentials.accountId,
			access,
			userId: `${credentials.accountId}.${person}`,
			clientId: approved.request.clientId,
			clientName: details.clientName.slice(0, 200),
			via: "oauth",
			credentialRef: `grant:${randomId(12)}`,
		};
		const { redirectTo } = await oauth.completeAuthorization({
			request: approved.request,
			userId: props.userId,
			metadata: { tenantId: props.tenantId, access, clientName: props.clientName },
			scope: scopesFor(access),
			props,
		});
		await recordAccessEvent(c.env, { kind: "sign_in", tenantId: props.tenantId, who: props, outcome: "ok", reason: `${access} access` });
		const headers = approved.headers;
		headers.set("Location", redirectTo);
		headers.append("Set-Cookie", `${PERSON_COOKIE}=${person}; Max-Age=${PERSON_COOKIE_MAX_AGE}; Path=/; Secure; HttpOnly; SameSite=Lax`);
		return new Response(null, { status: 302, headers });
	} catch (error) {
		return authorizationFailure(error);
	}
}
