/**
 * The consent page as a person uses it: headless Chromium (playwright-core driving the system's
 * Chromium, /usr/bin/chromium; `.ci/run` installs Debian's package) on a phone-sized screen,
 * against a real `wrangler dev` on the sandbox. The client's side of the flow (registration,
 * the code exchange with PKCE, refresh, MCP calls with the token) runs over real HTTP from Node,
 * as Claude's connector would. The client's redirect URI is a loopback port nobody listens on:
 * the browser's request to it is caught, never served.
 *
 * No browser is a failure, not a skip: this is the only test of the page in a real browser.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freePort, startWranglerDev } from "../../scripts/lib/wrangler-dev.mjs";
import { pkcePair, publicClientRegistration } from "../helpers/oauth-client";
import { startServerAndChromium } from "./chromium";

const PHONE = { width: 390, height: 844 };
/** Under this a text field or button is hard to hit with a thumb. */
const MIN_TAP_HEIGHT_PX = 40;

type Server = Awaited<ReturnType<typeof startWranglerDev>>;

let server: Server | undefined;
let browser: Browser | undefined;
let redirectUri: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
	({ server, browser } = await startServerAndChromium());
	// A loopback port with nothing behind it: the redirect must be caught in the browser.
	redirectUri = `http://127.0.0.1:${await freePort()}/callback`;
});

afterEach(async () => {
	await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
	await Promise.all([browser?.close(), server?.stop()]);
});

function origin(): string {
	if (!server) throw new Error("the server did not start");
	return server.url;
}

/** RFC 7591 dynamic registration of a public client, as Claude does it. */
async function registerClient(clientName: string): Promise<string> {
	const response = await fetch(`${origin()}/oauth/register`, publicClientRegistration(clientName, redirectUri));
	expect(response.status).toBe(201);
	return ((await response.json()) as { client_id: string }).client_id;
}

interface Authorization {
	clientId: string;
	url: string;
	state: string;
	verifier: string;
}

async function startAuthorization(clientName: string, scope: string): Promise<Authorization> {
	const clientId = await registerClient(clientName);
	const { verifier, challenge } = await pkcePair();
	const state = `state-${crypto.randomUUID()}`;
	const url = new URL(`${origin()}/authorize`);
	url.search = new URLSearchParams({
		response_type: "code",
		client_id: clientId,
		redirect_uri: redirectUri,
		scope,
		state,
		code_challenge: challenge,
		code_challenge_method: "S256",
		resource: `${origin()}/mcp`,
	}).toString();
	return { clientId, url: url.toString(), state, verifier };
}

async function phonePage(): Promise<Page> {
	if (!browser) throw new Error("Chromium did not start");
	const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
	contexts.push(context);
	return context.newPage();
}

/** Runs `action` and returns the URL the browser was then sent to on the client's redirect URI. */
async function redirectAfter(page: Page, action: () => Promise<void>): Promise<URL> {
	const [request] = await Promise.all([page.waitForRequest((candidate) => candidate.url().startsWith(`${redirectUri}?`)), action()]);
	return new URL(request.url());
}

async function tokenRequest(form: Record<string, string>): Promise<Record<string, unknown>> {
	const response = await fetch(`${origin()}/oauth/token`, {
		method: "POST",
		headers: { "Content-Type": "application/x-www-form-urlencoded" },
		body: new URLSearchParams(form).toString(),
	});
	const body = (await response.json()) as Record<string, unknown>;
	expect(response.status, JSON.stringify(body)).toBe(200);
	return body;
}

async function exchangeCode(authorization: Authorization, code: string): Promise<{ access: string; refresh: string }> {
	const body = await tokenRequest({
		grant_type: "authorization_code",
		code,
		redirect_uri: redirectUri,
		client_id: authorization.clientId,
		code_verifier: authorization.verifier,
		resource: `${origin()}/mcp`,
	});
	return { access: body.access_token as string, refresh: body.refresh_token as string };
}

async function connectWithToken(token: string): Promise<Client> {
	const client = new Client({ name: "consent-e2e", version: "1.0.0" });
	await client.connect(
		new StreamableHTTPClientTransport(new URL(`${origin()}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
	);
	return client;
}

/** Opens an MCP session with the token, hands it to `use`, and closes it. */
async function withSession<T>(token: string, use: (client: Client) => Promise<T>): Promise<T> {
	const client = await connectWithToken(token);
	try {
		return await use(client);
	} finally {
		await client.close();
	}
}

async function whoami(client: Client): Promise<{ accountId: string; access: string }> {
	const result = await client.callTool({ name: "whoami", arguments: {} });
	expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
	return result.structuredContent as { accountId: string; access: string };
}

describe("the consent page in a browser", () => {
	it("on a phone: refuses a wrong key and keeps the account id, then connects with read and write access; the token works and refreshes", async () => {
		const authorization = await startAuthorization("Phone Test Connector", "hostaway:read");
		const page = await phonePage();
		const shown = await page.goto(authorization.url);
		expect(shown?.status()).toBe(200);
		const headers = shown?.headers() ?? {};
		const framingForbidden =
			headers["x-frame-options"]?.toUpperCase() === "DENY" || /frame-ancestors 'none'/.test(headers["content-security-policy"] ?? "");
		expect(framingForbidden, JSON.stringify(headers)).toBe(true);
		expect(headers["cache-control"]).toContain("no-store");

		// Who is asking, and where access goes.
		await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Phone Test Connector");
		await expect(page.locator("main").textContent()).resolves.toContain("127.0.0.1");

		// Usable on a phone: every field and button visible and tall enough, nothing to scroll sideways.
		const accountId = page.getByLabel("Hostaway Account ID");
		const apiKey = page.getByLabel("Hostaway API key");
		const connect = page.getByRole("button", { name: "Connect" });
		const controls = {
			"Account ID field": accountId,
			"API key field": apiKey,
			Connect: connect,
			Cancel: page.getByRole("button", { name: "Cancel" }),
		};
		for (const [name, control] of Object.entries(controls)) {
			await expect(control.isVisible(), name).resolves.toBe(true);
			const box = await control.boundingBox();
			if (!box) throw new Error(`${name} is not laid out`);
			expect(box.height, `${name}'s height`).toBeGreaterThanOrEqual(MIN_TAP_HEIGHT_PX);
			expect(box.x, `${name}'s left edge`).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width, `${name}'s right edge`).toBeLessThanOrEqual(PHONE.width);
		}
		const widths = await page.evaluate(() => ({ scroll: document.scrollingElement?.scrollWidth ?? 0, inner: window.innerWidth }));
		expect(widths.scroll).toBeLessThanOrEqual(widths.inner);

		// A wrong key: the page says so, keeps the account id and the chosen access, never echoes the key.
		const readWrite = page.getByLabel(/Read and write/);
		await accountId.fill("100002");
		await apiKey.fill("not-the-key-of-100002");
		await readWrite.check();
		const [refused] = await Promise.all([page.waitForResponse((response) => response.request().method() === "POST"), connect.click()]);
		expect(refused.status()).toBe(401);
		await expect(page.getByRole("alert").textContent()).resolves.toContain("Hostaway did not accept this Account ID and API key");
		await expect(accountId.inputValue()).resolves.toBe("100002");
		await expect(apiKey.inputValue()).resolves.toBe("");
		await expect(readWrite.isChecked()).resolves.toBe(true);
		expect(await page.content()).not.toContain("not-the-key-of-100002");

		// The right key: connected with the access the person chose.
		await apiKey.fill("sandbox-demo-key-100002");
		const callback = await redirectAfter(page, () => connect.click());
		expect(callback.searchParams.get("state")).toBe(authorization.state);
		expect(callback.searchParams.get("iss")).toBe(origin());
		const code = callback.searchParams.get("code");
		expect(code).toBeTruthy();

		const tokens = await exchangeCode(authorization, code as string);
		await expect(withSession(tokens.access, whoami)).resolves.toMatchObject({ accountId: "100002", access: "write" });

		const refreshed = await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh, client_id: authorization.clientId });
		expect(refreshed.access_token).not.toBe(tokens.access);
		await expect(withSession(refreshed.access_token as string, whoami)).resolves.toMatchObject({ accountId: "100002", access: "write" });
	});

	it("connects a sandbox demo account with one tap, read only: the session offers no write tools", async () => {
		const authorization = await startAuthorization("Demo Connector", "hostaway:read hostaway:write");
		const page = await phonePage();
		await page.goto(authorization.url);
		await page.getByLabel(/Read only/).check();
		const callback = await redirectAfter(page, () => page.getByRole("button", { name: "Use Harbor & Pine Stays (100001)" }).click());
		expect(callback.searchParams.get("state")).toBe(authorization.state);

		const tokens = await exchangeCode(authorization, callback.searchParams.get("code") as string);
		await withSession(tokens.access, async (client) => {
			const names = (await client.listTools()).tools.map((tool) => tool.name);
			expect(names).toContain("whoami");
			expect(names).not.toContain("create_booking");
			await expect(whoami(client)).resolves.toMatchObject({ accountId: "100001", access: "read" });
		});
	});

	it("sends the person back with access_denied and the state when they cancel", async () => {
		const authorization = await startAuthorization("Cancelled Connector", "hostaway:read");
		const page = await phonePage();
		await page.goto(authorization.url);
		const callback = await redirectAfter(page, () => page.getByRole("button", { name: "Cancel" }).click());
		expect(callback.searchParams.get("error")).toBe("access_denied");
		expect(callback.searchParams.get("state")).toBe(authorization.state);
		expect(callback.searchParams.has("code")).toBe(false);
	});
});
