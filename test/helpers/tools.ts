/**
 * Helpers for tool tests: call a tool through the MCP SDK client and read its result,
 * count the sandbox's upstream requests, and read the sandbox's data directly (with a
 * token of its own) to compute expected values independently of the tool under test.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { expect } from "vitest";
import { api, control, DEMO, freshSandbox, usableToken, viaFetch } from "../sandbox/helpers";

export { connectMcpClient } from "./mcp-client";
export { DEMO, freshSandbox };

export interface ToolResult<T = Record<string, unknown>> {
	isError: boolean;
	/** structuredContent (undefined on errors). */
	data: T;
	/** The Markdown rendering (or the error message). */
	text: string;
	/** Everything the model could see, for "no secret anywhere" checks. */
	raw: string;
}

export async function callTool<T = Record<string, unknown>>(
	client: Client,
	name: string,
	args: Record<string, unknown> = {},
): Promise<ToolResult<T>> {
	const result = await client.callTool({ name, arguments: args });
	const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
	return {
		isError: result.isError === true,
		data: result.structuredContent as T,
		text: content.map((part) => part.text ?? "").join("\n"),
		raw: JSON.stringify(result),
	};
}

/** Calls a tool and fails the test with the tool's own message when it errs. */
export async function callToolOk<T = Record<string, unknown>>(
	client: Client,
	name: string,
	args: Record<string, unknown> = {},
): Promise<ToolResult<T>> {
	const result = await callTool<T>(client, name, args);
	if (result.isError) expect.fail(`${name} failed: ${result.text}`);
	return result;
}

/** Total API requests the sandbox has answered so far (control calls excluded). */
export async function upstreamRequestCount(): Promise<number> {
	const { body } = await control("GET", "/stats");
	return (body as { total: number }).total;
}

let demoToken: Promise<string> | undefined;

/** GET from the sandbox's Hostaway API as the demo account, bypassing the product entirely. */
export async function sandboxGet<T = unknown>(path: string): Promise<T> {
	demoToken ??= usableToken(viaFetch, DEMO);
	const { status, body } = await api(viaFetch, await demoToken, "GET", path);
	if (status !== 200) throw new Error(`sandbox GET ${path} answered ${status}`);
	return (body as { result: T }).result;
}

/** Every record of a sandbox list endpoint, paged through. */
export async function sandboxGetAll<T = unknown>(path: string): Promise<T[]> {
	const all: T[] = [];
	const separator = path.includes("?") ? "&" : "?";
	for (let offset = 0; ; offset += 100) {
		const page = await sandboxGet<T[]>(`${path}${separator}limit=100&offset=${offset}`);
		all.push(...page);
		if (page.length < 100) return all;
	}
}

/**
 * Lets the product's own rate budget (14 upstream requests per 10 s per account) refill
 * between groups of tool calls, for tests that are not about rate limits.
 */
export function letRateBudgetRefill(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 10_500));
}

/**
 * Calls a tool; when the account's rate budget refuses it ("retry in N seconds"), waits for
 * the budget to refill and calls again, as a model following the error would. A refused call
 * was never sent upstream, so this is safe for confirmations too.
 */
export async function callWithBudget<T = Record<string, unknown>>(
	client: Client,
	name: string,
	args: Record<string, unknown> = {},
): Promise<ToolResult<T>> {
	for (let attempt = 1; ; attempt++) {
		const result = await callTool<T>(client, name, args);
		if (!(result.isError && /request budget is used up/.test(result.text) && attempt < 4)) return result;
		await letRateBudgetRefill();
	}
}

/** callWithBudget, failing the test with the tool's own message when it errs. */
export async function callPatiently<T = Record<string, unknown>>(
	client: Client,
	name: string,
	args: Record<string, unknown> = {},
): Promise<ToolResult<T>> {
	const result = await callWithBudget<T>(client, name, args);
	if (result.isError) expect.fail(`${name} failed: ${result.text}`);
	return result;
}

/** Calls a tool that must refuse its arguments: a tool error matching `message`, and not one upstream request. */
export async function expectRefusedWithoutUpstream(
	client: Client,
	name: string,
	args: Record<string, unknown>,
	message: RegExp,
): Promise<ToolResult> {
	const before = await upstreamRequestCount();
	const result = await callTool(client, name, args);
	expect(result.isError).toBe(true);
	expect(result.text).toMatch(message);
	expect(await upstreamRequestCount()).toBe(before);
	return result;
}
