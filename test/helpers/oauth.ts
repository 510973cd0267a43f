/**
 * The OAuth flow as a client (Claude's connector) and a person at the consent page drive it,
 * over real HTTP requests into the Worker: dynamic registration, the consent page (GET, then
 * the form POSTed with the page's cookies), the code exchange with PKCE (S256), refresh and
 * revocation. The browser-driven version of the consent page is in test/e2e.
 */
import { expect } from "vitest";
import { WORKER_ORIGIN, workerFetch } from "./mcp-client";
import { pkcePair, publicClientRegistration } from "./oauth-client";

export const MCP_RESOURCE = `${WORKER_ORIGIN}/mcp`;
export const REDIRECT_URI = "http://localhost:6274/oauth/callback";

export interface RegisteredClient {
	clientId: string;
	clientName: string;
}

export interface Tokens {
	access_token: string;
	refresh_token?: string;
	scope?: string;
	token_type: string;
	expires_in?: number;
}

export { pkcePair };

/** RFC 7591 dynamic registration of a public client, as Claude does it. */
export async function registerClient(clientName = "Test connector"): Promise<RegisteredClient> {
	const response = await workerFetch(`${WORKER_ORIGIN}/oauth/register`, publicClientRegistration(clientName, REDIRECT_URI));
	expect(response.status).toBe(201);
	const body = (await response.json()) as { client_id: string };
	return { clientId: body.client_id, clientName };
}

export interface ConsentPage {
	status: number;
	html: string;
	/** The form's consent handle. */
	handle: string;
	/** The cookies the page set, as a Cookie header for the form's POST. */
	cookie: string;
	/** The URL the form posts to (the authorize URL, query included). */
	action: string;
}

function cookiesOf(response: Response): string[] {
	return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0] as string);
}

export async function openConsentPage(
	client: RegisteredClient,
	options: { scope?: string; state?: string; challenge: string },
	cookies: string[] = [],
): Promise<ConsentPage> {
	const url = new URL(`${WORKER_ORIGIN}/authorize`);
	url.search = new URLSearchParams({
		response_type: "code",
		client_id: client.clientId,
		redirect_uri: REDIRECT_URI,
		scope: options.scope ?? "hostaway:read",
		state: options.state ?? "state-123",
		code_challenge: options.challenge,
		code_challenge_method: "S256",
		resource: MCP_RESOURCE,
	}).toString();
	const response = await workerFetch(url, { headers: cookies.length ? { Cookie: cookies.join("; ") } : {} });
	const html = await response.text();
	const handle = /name="handle" value="([^"]+)"/.exec(html)?.[1] ?? "";
	return { status: response.status, html, handle, cookie: [...cookies, ...cookiesOf(response)].join("; "), action: url.toString() };
}

export interface ConsentAnswer {
	status: number;
	location: string | null;
	html: string;
	cookies: string[];
}

/** Submits the consent form as the person would (fields as named on the page). */
export async function submitConsent(page: ConsentPage, fields: Record<string, string>): Promise<ConsentAnswer> {
	const response = await workerFetch(page.action, {
		method: "POST",
		headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: page.cookie },
		body: new URLSearchParams({ handle: page.handle, ...fields }).toString(),
		redirect: "manual",
	});
	return { status: response.status, location: response.headers.get("Location"), html: await response.text(), cookies: cookiesOf(response) };
}

export async function tokenRequest(form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
	const response = await workerFetch(`${WORKER_ORIGIN}/oauth/token`, {
		method: "POST",
		headers: { "Content-Type": "application/x-www-form-urlencoded" },
		body: new URLSearchParams(form).toString(),
	});
	const text = await response.text();
	return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/**
 * The whole flow for one person: register (unless a client is given), consent with the given
 * credentials and access, exchange the code with its PKCE verifier. Returns the tokens.
 */
export async function signIn(options: {
	accountId: string;
	apiKey: string;
	access: "read" | "write";
	client?: RegisteredClient;
	/** Cookies of the person's browser (the person cookie from an earlier sign-in). */
	browserCookies?: string[];
}): Promise<{ tokens: Tokens; client: RegisteredClient; browserCookies: string[] }> {
	const client = options.client ?? (await registerClient());
	const { verifier, challenge } = await pkcePair();
	const page = await openConsentPage(client, { challenge, scope: "hostaway:read hostaway:write", state: "s-1" }, options.browserCookies);
	expect(page.status).toBe(200);
	const answer = await submitConsent(page, {
		accountId: options.accountId,
		apiKey: options.apiKey,
		access: options.access,
		decision: "approve",
	});
	expect(answer.status, answer.html).toBe(302);
	const redirect = new URL(answer.location as string);
	expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT_URI);
	expect(redirect.searchParams.get("state")).toBe("s-1");
	const code = redirect.searchParams.get("code");
	expect(code).toBeTruthy();
	const exchange = await tokenRequest({
		grant_type: "authorization_code",
		code: code as string,
		redirect_uri: REDIRECT_URI,
		client_id: client.clientId,
		code_verifier: verifier,
		resource: MCP_RESOURCE,
	});
	expect(exchange.status, JSON.stringify(exchange.body)).toBe(200);
	const personCookies = answer.cookies.filter((cookie) => cookie.startsWith("__Host-hostaway-mcp-person="));
	return { tokens: exchange.body as unknown as Tokens, client, browserCookies: [...(options.browserCookies ?? []), ...personCookies] };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
