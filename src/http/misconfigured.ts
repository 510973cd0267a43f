/**
 * The answer to every request while the configuration is invalid: 503 "misconfigured" with the
 * message and the variables to fix (ConfigError names them, never a value), not a stack trace.
 */
import { ConfigError } from "../config";
import { SERVER_VERSION } from "../version";

export function misconfiguredResponse(error: ConfigError): Response {
	console.error(error.message);
	return Response.json(
		{ status: "misconfigured", version: SERVER_VERSION, error: error.message, problems: error.problems },
		{ status: 503 },
	);
}

/** The Hono apps' error handler: configuration errors as above, anything else a plain 500. */
export function answerError(error: Error): Response {
	if (error instanceof ConfigError) return misconfiguredResponse(error);
	console.error("unhandled error", error.stack ?? String(error));
	return Response.json({ status: "error", error: "Internal server error" }, { status: 500 });
}
