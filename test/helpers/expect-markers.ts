/**
 * `# expect: <id>[, <id>…]` markers: the findings a fixture must produce, each on the line it points at.
 * Shared by the examples test and the rule fixture runner so both read markers the same way.
 */
export interface ExpectedMarker {
  readonly line: number;
  readonly id: string;
}

const MARKER = /#\s*expect:\s*([A-Za-z0-9_,\s-]+)$/;

export function expectedMarkers(text: string): ExpectedMarker[] {
  const out: ExpectedMarker[] = [];
  text.split('\n').forEach((raw, i) => {
    const m = MARKER.exec(raw.replace(/\r$/, ''));
    if (!m) return;
    for (const id of (m[1] as string).split(',').map((s) => s.trim()).filter(Boolean)) out.push({ line: i + 1, id });
  });
  return out;
}
