export function markdownTable(headers: string[], rows: unknown[][], align?: ("left" | "right")[]): string;
export function startMarker(name: string): string;
export function endMarker(name: string): string;
export function replaceBetweenMarkers(document: string, name: string, content: string): string;
