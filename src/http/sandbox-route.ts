/**
 * /sandbox/v1/* and /sandbox/control/*: the built-in Hostaway sandbox over HTTP (curl-able on
 * the dev server), served only when the configuration enables the sandbox; otherwise these
 * paths answer 404 like any unknown route. The client IP for the sandbox's per-IP rate limit
 * is CF-Connecting-IP, else 127.0.0.1.
 */
import type { Context } from "hono";
import { getConfig } from "../config";
import { handleSandboxRequest } from "../sandbox";

export const SANDBOX_PATH = "/sandbox/*";
const SANDBOX_PREFIX = "/sandbox";
const SERVED = /^\/sandbox\/(v1|control)\//;

export async function handleSandboxRoute(c: Context<{ Bindings: Env }>): Promise<Response> {
	const url = new URL(c.req.url);
	if (!getConfig(c.env).sandboxEnabled || !SERVED.test(url.pathname)) return c.notFound();
	url.pathname = url.pathname.slice(SANDBOX_PREFIX.length);
	const clientIp = c.req.header("CF-Connecting-IP") ?? "127.0.0.1";
	return handleSandboxRequest(new Request(url, c.req.raw), c.env, clientIp);
}
