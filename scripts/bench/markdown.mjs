/**
 * Markdown the bench writes: tables, and the replacement of a generated block between marker
 * comments in a document someone also edits by hand (README.md). Pure functions.
 */

/** A Markdown cell: pipes escaped, line breaks folded, null/undefined shown as "—". */
function cell(value) {
	if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) return "—";
	return String(value).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/**
 * A table with a header row. `align` per column: "left" (default) or "right" (numbers).
 * @param {string[]} headers
 * @param {unknown[][]} rows
 * @param {("left" | "right")[]} [align]
 */
export function markdownTable(headers, rows, align = []) {
	const rule = headers.map((_, index) => (align[index] === "right" ? "---:" : "---"));
	const line = (cells) => `| ${cells.join(" | ")} |`;
	return [line(headers.map(cell)), line(rule), ...rows.map((row) => line(headers.map((_, index) => cell(row[index]))))].join("\n");
}

export function startMarker(name) {
	return `<!-- ${name}:start -->`;
}

export function endMarker(name) {
	return `<!-- ${name}:end -->`;
}

/**
 * The document with the block between `<!-- name:start -->` and `<!-- name:end -->` replaced by
 * `content` (the markers stay). Both markers must be present once each, in that order: a
 * document without them is an error, never silently appended to.
 */
export function replaceBetweenMarkers(document, name, content) {
	const start = startMarker(name);
	const end = endMarker(name);
	const startAt = document.indexOf(start);
	const endAt = document.indexOf(end);
	if (startAt < 0 || endAt < 0) throw new Error(`the markers ${start} and ${end} are not both in the document`);
	if (document.indexOf(start, startAt + 1) >= 0 || document.indexOf(end, endAt + 1) >= 0) {
		throw new Error(`the markers ${start} and ${end} must appear once each`);
	}
	if (endAt < startAt) throw new Error(`${end} comes before ${start}`);
	// Blank lines around the block, as Prettier formats Markdown after an HTML comment.
	return `${document.slice(0, startAt + start.length)}\n\n${content.trim()}\n\n${document.slice(endAt)}`;
}
