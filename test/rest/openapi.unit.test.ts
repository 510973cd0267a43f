/**
 * The OpenAPI document is valid OpenAPI 3.1 (checked by @seriousme/openapi-schema-validator) and
 * lists every REST route, every operation of the registry, with the operation's own schemas.
 * In Node: the validator compiles schemas at run time, which the Workers runtime forbids.
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { isWriteOperation } from "../../src/operations/operation";
import { operations } from "../../src/operations/registry";
import { openApiDocument } from "../../src/rest/openapi";
import { openApiPath, restRoutes } from "../../src/rest/routes";

interface Document {
	openapi: string;
	paths: Record<
		string,
		Record<
			string,
			{
				operationId: string;
				parameters?: { name: string; in: string; required?: boolean }[];
				requestBody?: unknown;
				responses: Record<string, unknown>;
			}
		>
	>;
}

const document = openApiDocument("https://hostaway-mcp.example.workers.dev") as Document;

describe("OpenAPI document", () => {
	it("is valid OpenAPI 3.1", async () => {
		const validator = new Validator();
		const result = await validator.validate(document as unknown as Parameters<Validator["validate"]>[0]);
		expect(result.errors ?? []).toEqual([]);
		expect(result.valid).toBe(true);
		expect(validator.version).toBe("3.1");
	});

	it("lists every route, and every operation has at least one", () => {
		for (const route of restRoutes) {
			const entry = document.paths[openApiPath(route)]?.[route.method];
			expect(entry, `${route.method} ${route.path}`).toBeDefined();
			expect(entry!.operationId.startsWith(route.operation)).toBe(true);
			for (const param of Object.keys(route.pathParams ?? {})) {
				expect(entry!.parameters?.some((p) => p.in === "path" && p.name === param && p.required)).toBe(true);
			}
			const operation = operations.find((candidate) => candidate.name === route.operation)!;
			expect(entry!.parameters?.some((p) => p.in === "header" && p.name === "Idempotency-Key" && p.required) ?? false).toBe(
				isWriteOperation(operation),
			);
			expect(Object.keys(entry!.responses)).toEqual(
				expect.arrayContaining(["200", "400", "401", "403", "404", "409", "429", "502", "503", "504"]),
			);
		}
		const routed = new Set(restRoutes.map((route) => route.operation));
		expect(operations.filter((operation) => !routed.has(operation.name)).map((operation) => operation.name)).toEqual([]);
		const listed = Object.values(document.paths).flatMap((methods) => Object.keys(methods));
		expect(listed).toHaveLength(restRoutes.length);
	});

	it("takes a GET route's input from the query and a write's from the body, never the confirmation token", () => {
		const listings = document.paths["/api/v1/listings"]!.get!;
		expect(listings.parameters?.filter((p) => p.in === "query").map((p) => p.name)).toEqual(
			expect.arrayContaining(["city", "limit", "cursor"]),
		);
		const create = JSON.stringify(document.paths["/api/v1/bookings"]!.post!.requestBody);
		expect(create).toContain("guestName");
		expect(create).not.toContain("confirmationToken");
	});
});
