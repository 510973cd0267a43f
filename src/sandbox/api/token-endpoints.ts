/**
 * `POST /accessTokens` (form-encoded client credentials → a flat OAuth object, not wrapped in
 * `status`/`result`) and `DELETE /accessTokens?token=` (revoke).
 */
import { badRequest, forbidden, ok, SandboxError, type ApiReply } from "../wire/replies";
import type { HandlerContext } from "./context";

export async function issueToken(ctx: HandlerContext): Promise<ApiReply> {
	const contentType = ctx.call.contentType ?? "";
	if (!contentType.toLowerCase().includes("application/x-www-form-urlencoded")) {
		throw badRequest("the token request must be form-encoded (Content-Type: application/x-www-form-urlencoded)");
	}
	const form = new URLSearchParams(ctx.call.bodyText ?? "");
	if (form.get("grant_type") !== "client_credentials") throw badRequest("grant_type must be client_credentials");
	if (form.get("scope") !== "general") throw badRequest("scope must be general");
	if (form.get("client_id") !== ctx.account.accountId || form.get("client_secret") !== ctx.account.apiKey) {
		throw new SandboxError(401, "Client authentication failed");
	}
	const { accessToken, expiresIn } = await ctx.tokens.issue(ctx.account.accountId, ctx.clock.nowMs);
	return { status: 200, body: { token_type: "Bearer", expires_in: expiresIn, access_token: accessToken } };
}

export async function revokeToken(ctx: HandlerContext): Promise<ApiReply> {
	const token = ctx.query.string("token");
	if (token === undefined) throw badRequest("token is required");
	if (!(await ctx.tokens.revoke(token))) throw forbidden("Unauthorized: this access token is not valid");
	return ok([]);
}
