/**
 * Test helpers for the Hostaway sandbox: the two ways in (HTTP route on the Worker and the
 * in-process fetch), token issue with the one-second not-before wait, and the control API.
 */
import { env, exports } from "cloudflare:workers";
import { createSandboxFetch } from "../../src/sandbox";

export type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;

export const DEMO = { accountId: "100001", apiKey: "sandbox-demo-key-100001" } as const;
export const OTHER = { accountId: "100002", apiKey: "sandbox-demo-key-100002" } as const;

const inProcess = createSandboxFetch(env);

/** Through the Worker's HTTP route, as curl on the dev server would. `path` starts with /v1 or /control. */
export const viaHttp: Fetcher = (path, init) => exports.default.fetch(new Request(`http://localhost/sandbox${path}`, init));

/** Through createSandboxFetch, as the product's Hostaway client does in sandbox mode. */
export const viaFetch: Fetcher = (path, init) => inProcess(`https://sandbox.hostaway.invalid${path}`, init);

export const TRANSPORTS: [string, Fetcher][] = [
	["HTTP route", viaHttp],
	["in-process fetch", viaFetch],
];

export async function control(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
	const response = await viaFetch(`/control${path}`, {
		method,
		headers: { "Content-Type": "application/json" },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: await response.json() };
}

/** Reset everything, then switch rate limits off (most tests are not about them). */
export async function freshSandbox(options: { rateLimits?: boolean } = {}): Promise<void> {
	expectOk(await control("POST", "/reset", {}));
	if (!options.rateLimits) expectOk(await control("PUT", "/rate-limits", { enabled: false }));
}

function expectOk(result: { status: number }): void {
	if (result.status !== 200) throw new Error(`control call failed with ${result.status}`);
}

export function tokenForm(account: { accountId: string; apiKey: string }): string {
	return new URLSearchParams({
		grant_type: "client_credentials",
		client_id: account.accountId,
		client_secret: account.apiKey,
		scope: "general",
	}).toString();
}

export async function issueToken(fetcher: Fetcher, account: { accountId: string; apiKey: string }): Promise<string> {
	const response = await fetcher("/v1/accessTokens", {
		method: "POST",
		headers: { "Content-Type": "application/x-www-form-urlencoded", "Cache-control": "no-cache" },
		body: tokenForm(account),
	});
	const body = (await response.json()) as { access_token?: string };
	if (response.status !== 200 || !body.access_token) throw new Error(`token issue failed with ${response.status}`);
	return body.access_token;
}

/** A token past its one-second not-before. */
export async function usableToken(fetcher: Fetcher, account: { accountId: string; apiKey: string }): Promise<string> {
	const token = await issueToken(fetcher, account);
	await waitPastNotBefore();
	return token;
}

export function waitPastNotBefore(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 1100));
}

export interface ApiResult {
	status: number;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON, asserted field by field
	body: any;
}

export async function api(fetcher: Fetcher, token: string, method: string, path: string, body?: unknown): Promise<ApiResult> {
	const response = await fetcher(`/v1${path}`, {
		method,
		headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: await response.json() };
}

export function isoDay(offsetDays: number): string {
	const now = Date.now();
	return new Date(Math.floor(now / 86_400_000) * 86_400_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
