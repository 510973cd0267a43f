/**
 * Helpers for tool tests: call a tool through the MCP SDK client and read its result, wait
 * for the product's rate budget, and check that refused input cost no upstream request.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { getConfig } from "../../src/config";
import { upstreamRequestCount } from "./sandbox";

export { connectMcpClient } from "./mcp-client";

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

/**
 * Lets the product's own rate budget (the general counter's, per window and account) refill
 * between groups of tool calls, for tests that are not about rate limits. The window is the
 * one the Worker under test is configured with (vitest.config.ts shortens it for tests).
 */
export function letRateBudgetRefill(): Promise<void> {
	const { windowMs } = getConfig(env).rateBudget;
	return new Promise((resolve) => setTimeout(resolve, windowMs + 100));
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
