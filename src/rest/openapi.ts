/**
 * The OpenAPI 3.1 document of the REST API, generated from the same zod schemas the MCP tools
 * use (@hono/zod-openapi's registry, which builds on @asteasolutions/zod-to-openapi): for each
 * route, its path parameters, its query or JSON body (the operation's input, less what the path
 * gives), its 200 answer (the operation's output) and its errors. Nothing is described twice.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { isWriteOperation } from "../operations/operation";
import { type AnyOperation, operations } from "../operations/registry";
import { SERVER_NAME, SERVER_VERSION } from "../version";
import { REST_ERROR_CODES } from "./errors";
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_MAX_LENGTH } from "./idempotency-key";
import { restInputSchema } from "./request-input";
import { openApiPath, type RestRoute, restRoutes } from "./routes";

export const OPENAPI_PATH = "/openapi.json";

const ErrorSchema = z
	.object({
		error: z.object({
			code: z.enum(REST_ERROR_CODES).describe("Stable machine-readable code"),
			message: z.string().describe("What went wrong and what to do next"),
			field: z.string().optional().describe("The offending field, path parameter or header, when one is to blame"),
		}),
	})
	.meta({ id: "Error" });

const ERROR_STATUSES: Record<string, string> = {
	"400": "Invalid input (the field is named), or a write without an Idempotency-Key",
	"401": "No valid API key",
	"403": "The API key has read-only access, or Hostaway refused the change",
	"404": "No such listing, booking or conversation",
	"409": "A conflict: the Idempotency-Key was used for another request or is still in use, or Hostaway refused a conflicting change",
	"413": "The request body is too large",
	"429": "Too many requests; wait the Retry-After seconds",
	"502": "Hostaway failed or refused the tenant's credentials, or a write's outcome is unknown (never sent again under its key)",
	"503": "The server is not configured for this (missing Hostaway credentials or encryption key)",
	"504": "Hostaway did not answer in time",
};

/** The operation a route serves; a route naming no operation is a programming error. */
export function operationOf(route: RestRoute): AnyOperation {
	const operation = operations.find((candidate) => candidate.name === route.operation);
	if (!operation) throw new Error(`REST route ${route.method.toUpperCase()} ${route.path} names an unknown operation ${route.operation}`);
	return operation;
}

const documents = new Map<string, unknown>();

/** The document for a server URL (built once per URL: the schemas do not change while the Worker runs). */
export function openApiDocument(serverUrl: string): unknown {
	let document = documents.get(serverUrl);
	if (!document) {
		const app = new OpenAPIHono();
		registerRoutes(app, restRoutes);
		document = app.getOpenAPI31Document(openApiInfo(serverUrl));
		documents.set(serverUrl, document);
	}
	return document;
}

/** Registers every route's description; `operationId`s are the tool names (suffixed where one tool has two routes). */
function registerRoutes(app: OpenAPIHono, routes: readonly RestRoute[]): void {
	const registry = app.openAPIRegistry;
	registry.registerComponent("securitySchemes", "apiKeyHeader", { type: "apiKey", in: "header", name: "X-API-Key" });
	registry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", description: "The API key as a Bearer token" });
	for (const route of routes) {
		const operation = operationOf(route);
		const input = restInputSchema(operation);
		const fromPath = Object.values(route.pathParams ?? {});
		const rest: z.ZodObject = input.omit(
			Object.fromEntries(fromPath.map((field) => [field, true])) as Record<string, true> & Record<number, never>,
		);
		const params = Object.fromEntries(
			Object.entries(route.pathParams ?? {}).map(([param, field]) => [param, required(input.shape[field] as z.ZodType)]),
		);
		const write = isWriteOperation(operation);
		const twoRoutes = routes.filter((other) => other.operation === route.operation).length > 1;
		registry.registerPath({
			method: route.method,
			path: openApiPath(route),
			operationId: twoRoutes ? `${operation.name}_by_${fromPath[0]}` : operation.name,
			tags: [tagOf(route)],
			summary: operation.title,
			description: write
				? `${restDescription(operation.description)}\n\nREST: performed at once (no preview step); send an ${IDEMPOTENCY_KEY_HEADER}.`
				: operation.description,
			security: [{ apiKeyHeader: [] }, { bearer: [] }],
			request: {
				...(fromPath.length > 0 ? { params: z.object(params) } : {}),
				...(route.method === "get"
					? Object.keys(rest.shape).length > 0
						? { query: rest }
						: {}
					: { body: { required: false, content: { "application/json": { schema: rest } } } }),
				...(write
					? {
							headers: z.object({
								[IDEMPOTENCY_KEY_HEADER]: z
									.string()
									.min(1)
									.max(IDEMPOTENCY_KEY_MAX_LENGTH)
									.describe(
										"Unique per intended change (a UUID); a repeated request with the same key and body is answered from the first, never performed twice",
									),
							}),
						}
					: {}),
			},
			responses: {
				200: { description: operation.title, content: { "application/json": { schema: operation.output } } },
				...Object.fromEntries(
					Object.entries(ERROR_STATUSES).map(([status, description]) => [
						status,
						{ description, content: { "application/json": { schema: ErrorSchema } } },
					]),
				),
			},
		});
	}
}

function openApiInfo(serverUrl: string) {
	return {
		openapi: "3.1.0",
		info: {
			title: `${SERVER_NAME} REST API`,
			version: SERVER_VERSION,
			description:
				"The Hostaway operations of this server as REST endpoints: the same operations, inputs and results as its MCP tools. " +
				`Authenticate with an API key (X-API-Key or Authorization: Bearer). Writes take an ${IDEMPOTENCY_KEY_HEADER} header and are performed at once.`,
		},
		servers: [{ url: serverUrl }],
	};
}

function tagOf(route: RestRoute): string {
	const segment = route.path.split("/")[1] ?? "";
	return segment.charAt(0).toUpperCase() + segment.slice(1);
}

/** The MCP description without its paragraph about the preview/confirm protocol, which REST does not use. */
function restDescription(description: string): string {
	return description.replace(/\n\nSafe write:[\s\S]*$/, "");
}

/** A path parameter is always given, even where the tool's field is optional (get_message_history's two ids). */
function required(schema: z.ZodType): z.ZodType {
	if (!(schema instanceof z.ZodOptional)) return schema;
	const inner = schema.unwrap() as z.ZodType;
	return schema.description ? inner.describe(schema.description) : inner;
}
