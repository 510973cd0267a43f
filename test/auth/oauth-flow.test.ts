/**
 * The OAuth connector as Claude uses it, over real HTTP into the Worker: metadata documents,
 * the 401 challenge, dynamic registration, the consent page with Hostaway credentials, the code
 * exchange with PKCE, a tool call that proves the tenant, refresh, and revocation.
 */
import { env } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { MCP_RESOURCE, bearer, openConsentPage, pkcePair, registerClient, signIn, submitConsent, tokenRequest } from "../helpers/oauth";
import { WORKER_ORIGIN, workerFetch } from "../helpers/mcp-client";
import { DEMO, freshSandbox, OTHER } from "../helpers/sandbox";
import { callToolOk, connectMcpClient } from "../helpers/tools";

/** The same Worker with the local-development switch off, as deployed: /mcp needs credentials. */
const deployedEnv = { ...env, LOCAL_DEV_OPEN_ACCESS: "false" };
const fetchDeployed = (path: string, init?: RequestInit) =>
	worker.fetch(new Request(`${WORKER_ORIGIN}${path}`, init), deployedEnv, createExecutionContext());

const initialize = {
	jsonrpc: "2.0",
	id: 1,
	method: "initialize",
	params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "probe", version: "1" } },
};
const mcpPost = (headers: Record<string, string> = {}) => ({
	method: "POST",
	headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
	body: JSON.stringify(initialize),
});

// Files share a runtime: start from a sandbox without the faults or limits an earlier file left.
beforeAll(async () => {
	await freshSandbox();
});

describe("discovery", () => {
	it("answers /mcp without credentials with 401 and a challenge naming the resource metadata", async () => {
		const response = await fetchDeployed("/mcp", mcpPost());
		expect(response.status).toBe(401);
		const challenge = response.headers.get("WWW-Authenticate") ?? "";
		expect(challenge).toMatch(/^Bearer /);
		expect(challenge).toContain(`resource_metadata="${WORKER_ORIGIN}/.well-known/oauth-protected-resource/mcp"`);
		expect(challenge).toContain('scope="hostaway:read"');
	});

	it("answers a request under a name OAuth cannot serve (plain http, not localhost) with 421, not a configuration error", async () => {
		const response = await worker.fetch(new Request("http://evil.example.com/mcp", mcpPost()), deployedEnv, createExecutionContext());
		expect(response.status).toBe(421);
		expect(await response.text()).toContain("PUBLIC_URL");
	});

	it("answers an invalid token with 401 even with the local-development switch on", async () => {
		const response = await workerFetch(`${WORKER_ORIGIN}/mcp`, mcpPost(bearer("not-a-real-token")));
		expect(response.status).toBe(401);
		expect(response.headers.get("WWW-Authenticate")).toContain("resource_metadata=");
	});

	it("publishes RFC 9728 protected-resource metadata for /mcp", async () => {
		const response = await workerFetch(`${WORKER_ORIGIN}/.well-known/oauth-protected-resource/mcp`);
		expect(response.status).toBe(200);
		const metadata = (await response.json()) as Record<string, unknown>;
		expect(metadata.resource).toBe(MCP_RESOURCE);
		expect(metadata.authorization_servers).toEqual([WORKER_ORIGIN]);
		expect(metadata.scopes_supported).toEqual(["hostaway:read"]);
	});

	it("publishes authorization-server metadata with PKCE S256, registration and both scopes", async () => {
		const response = await workerFetch(`${WORKER_ORIGIN}/.well-known/oauth-authorization-server`);
		const metadata = (await response.json()) as Record<string, unknown>;
		expect(metadata.issuer).toBe(WORKER_ORIGIN);
		expect(metadata.authorization_endpoint).toBe(`${WORKER_ORIGIN}/authorize`);
		expect(metadata.token_endpoint).toBe(`${WORKER_ORIGIN}/oauth/token`);
		expect(metadata.registration_endpoint).toBe(`${WORKER_ORIGIN}/oauth/register`);
		expect(metadata.code_challenge_methods_supported).toEqual(["S256"]);
		expect(metadata.scopes_supported).toEqual(["hostaway:read", "hostaway:write"]);
		expect(metadata.client_id_metadata_document_supported).toBe(true);
	});
});

describe("signing in", () => {
	it("registers, consents with Hostaway credentials, exchanges the code with PKCE and calls a tool as that tenant", async () => {
		const { tokens } = await signIn({ accountId: OTHER.accountId, apiKey: OTHER.apiKey, access: "write" });
		expect(tokens.token_type.toLowerCase()).toBe("bearer");
		expect(tokens.scope).toBe("hostaway:read hostaway:write");
		const client = await connectMcpClient({ headers: bearer(tokens.access_token) });
		const whoami = await callToolOk<{ accountId: string; access: string }>(client, "whoami");
		expect(whoami.data.accountId).toBe(OTHER.accountId);
		expect(whoami.data.access).toBe("write");
		await client.close();
	});

	it("shows the client's name and where access goes, and refuses to be framed", async () => {
		const client = await registerClient("Claude <script>alert(1)</script>");
		const page = await openConsentPage(client, { challenge: (await pkcePair()).challenge });
		expect(page.status).toBe(200);
		expect(page.html).toContain("Claude &#60;script&#62;alert(1)&#60;/script&#62;");
		expect(page.html).not.toContain("<script>");
		expect(page.html).toContain("localhost");
		expect(page.html).toContain("Use Northwind Rentals (100002)");
	});

	it("says so when Hostaway refuses the credentials, and stores nothing", async () => {
		const client = await registerClient();
		const page = await openConsentPage(client, { challenge: (await pkcePair()).challenge });
		const answer = await submitConsent(page, { accountId: "0100009", apiKey: "not-the-right-key", access: "read", decision: "approve" });
		expect(answer.status).toBe(401);
		expect(answer.html).toContain("Hostaway did not accept this Account ID and API key");
		expect(answer.html).toContain('value="100009"');
		expect(await env.TENANTS.get("tenant:100009:credentials")).toBeNull();
		// The same page can be submitted again with the right credentials.
		const retry = await submitConsent(page, { demo: OTHER.accountId, access: "read" });
		expect(retry.status).toBe(302);
	});

	it("sends the person back to the client with access_denied when they cancel", async () => {
		const client = await registerClient();
		const page = await openConsentPage(client, { challenge: (await pkcePair()).challenge, state: "cancel-state" });
		const answer = await submitConsent(page, { decision: "deny" });
		expect(answer.status).toBe(302);
		const redirect = new URL(answer.location as string);
		expect(redirect.searchParams.get("error")).toBe("access_denied");
		expect(redirect.searchParams.get("state")).toBe("cancel-state");
	});

	it("refuses a form posted without the page's cookie", async () => {
		const client = await registerClient();
		const page = await openConsentPage(client, { challenge: (await pkcePair()).challenge });
		const answer = await submitConsent({ ...page, cookie: "" }, { demo: DEMO.accountId, access: "read" });
		expect(answer.status).toBe(400);
		expect(answer.location).toBeNull();
	});
});

describe("tokens", () => {
	it("refreshes an access token, and the new one works", async () => {
		const { tokens, client } = await signIn({ accountId: DEMO.accountId, apiKey: DEMO.apiKey, access: "read" });
		const refreshed = await tokenRequest({
			grant_type: "refresh_token",
			refresh_token: tokens.refresh_token as string,
			client_id: client.clientId,
		});
		expect(refreshed.status).toBe(200);
		const access = refreshed.body.access_token as string;
		expect(access).not.toBe(tokens.access_token);
		const mcp = await connectMcpClient({ headers: bearer(access) });
		expect((await callToolOk<{ accountId: string; access: string }>(mcp, "whoami")).data).toMatchObject({
			accountId: DEMO.accountId,
			access: "read",
		});
		await mcp.close();
	});

	it("ends access at once when the grant is revoked", async () => {
		const { tokens, client } = await signIn({ accountId: DEMO.accountId, apiKey: DEMO.apiKey, access: "read" });
		const mcp = await connectMcpClient({ headers: bearer(tokens.access_token) });
		await callToolOk(mcp, "whoami");
		const revoked = await tokenRequest({
			token: tokens.refresh_token as string,
			token_type_hint: "refresh_token",
			client_id: client.clientId,
		});
		expect(revoked.status).toBe(200);
		const afterwards = await workerFetch(`${WORKER_ORIGIN}/mcp`, mcpPost(bearer(tokens.access_token)));
		expect(afterwards.status).toBe(401);
		await expect(mcp.callTool({ name: "whoami", arguments: {} })).rejects.toThrow();
		await mcp.close().catch(() => undefined);
		// The tenant's audit trail shows the revocation, by whom.
		const reader = await connectMcpClient();
		const log = await callToolOk<{ events: { kind: string; userId: string }[] }>(reader, "get_audit_log", { kind: "access" });
		const person = tokens.access_token.split(":")[0];
		expect(log.data.events.some((event) => event.kind === "grant_revoked" && event.userId === person)).toBe(true);
		await reader.close();
	});
});

describe("people and tenants", () => {
	it("lets a second person connect the same account without cutting off the first; the same person connecting again replaces their grant", async () => {
		const client = await registerClient("Shared connector");
		const first = await signIn({ accountId: OTHER.accountId, apiKey: OTHER.apiKey, access: "read", client });
		const second = await signIn({ accountId: OTHER.accountId, apiKey: OTHER.apiKey, access: "read", client });
		for (const { tokens } of [first, second]) {
			const response = await workerFetch(`${WORKER_ORIGIN}/mcp`, mcpPost(bearer(tokens.access_token)));
			expect(response.status).toBe(200);
		}
		// The first person again, from the same browser: their earlier grant is replaced, the colleague's stays.
		const again = await signIn({
			accountId: OTHER.accountId,
			apiKey: OTHER.apiKey,
			access: "read",
			client,
			browserCookies: first.browserCookies,
		});
		expect((await workerFetch(`${WORKER_ORIGIN}/mcp`, mcpPost(bearer(first.tokens.access_token)))).status).toBe(401);
		expect((await workerFetch(`${WORKER_ORIGIN}/mcp`, mcpPost(bearer(second.tokens.access_token)))).status).toBe(200);
		expect((await workerFetch(`${WORKER_ORIGIN}/mcp`, mcpPost(bearer(again.tokens.access_token)))).status).toBe(200);
	});

	it("keeps one tenant per account: an id typed with leading zeros is the same tenant", async () => {
		const { tokens } = await signIn({ accountId: `00${OTHER.accountId}`, apiKey: OTHER.apiKey, access: "read" });
		const client = await connectMcpClient({ headers: bearer(tokens.access_token) });
		expect((await callToolOk<{ accountId: string }>(client, "whoami")).data.accountId).toBe(OTHER.accountId);
		await client.close();
	});

	it("shows the tenant its sign-ins in get_audit_log, with the client's name", async () => {
		const client = await registerClient("Audit reader");
		const { tokens } = await signIn({ accountId: OTHER.accountId, apiKey: OTHER.apiKey, access: "read", client });
		const mcp = await connectMcpClient({ headers: bearer(tokens.access_token) });
		const log = await callToolOk<{ events: { kind: string; clientName: string; via: string }[] }>(mcp, "get_audit_log", { kind: "access" });
		// A client names itself, so its name is shown fenced like guest text.
		const signIns = log.data.events.filter((event) => event.kind === "sign_in" && event.via === "oauth");
		expect(signIns.some((event) => event.clientName.includes("Audit reader"))).toBe(true);
		expect(log.raw).not.toContain(OTHER.apiKey);
		await mcp.close();
	});
});
