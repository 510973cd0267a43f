/**
 * Output shapes one tool defines and other tools return inside theirs: a booking's detail is
 * get_booking's whole output and part of update_booking's and cancel_booking's. Each is registered
 * here with its home tool, so an adapter that lists tools to a model (src/mcp/tool-definitions.ts)
 * can spell the shape out once, at home, and elsewhere say where to find it instead of repeating
 * it in every tool's schema. The zod schemas themselves are unchanged: results are still checked
 * against the full shape everywhere.
 *
 * A registry of its own rather than zod's global metadata, so nothing else that converts these
 * schemas (REST's OpenAPI document, the tool reference) sees it.
 */
import { z } from "zod";

export interface OutputShapeHome {
	/** The tool whose output spells the shape out. */
	tool: string;
	/** Where in that output, in words: "output", "each row of bookings". */
	where: string;
}

export const outputShapeHomes = z.registry<OutputShapeHome>();

/** Registers `schema` as defined by `home.tool`'s output; returns it unchanged. */
export function homeOfOutputShape<Schema extends z.ZodType>(schema: Schema, home: OutputShapeHome): Schema {
	outputShapeHomes.add(schema, home);
	return schema;
}
