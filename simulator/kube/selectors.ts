// Label and field selectors as the API server parses them: `a=b,c!=d,e in (x,y),f notin (z),g,!h`.

type Requirement = (labels: Record<string, string>) => boolean;

function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of selector) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  if (current.trim()) parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

export class SelectorError extends Error {}

export function parseSelector(selector: string | null | undefined): Requirement {
  if (!selector?.trim()) return () => true;
  const requirements = splitTopLevel(selector).map((part): Requirement => {
    let m = part.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/);
    if (m) {
      const [, key, op, list] = m as unknown as [string, string, string, string];
      const values = list.split(",").map((v) => v.trim());
      return op === "in" ? (l) => key in l && values.includes(l[key]!) : (l) => !(key in l) || !values.includes(l[key]!);
    }
    m = part.match(/^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/);
    if (m) {
      const [, key, op, value] = m as unknown as [string, string, string, string];
      return op === "!=" ? (l) => l[key] !== value : (l) => l[key] === value;
    }
    m = part.match(/^(!?)([\w./-]+)$/);
    if (m) {
      const [, not, key] = m as unknown as [string, string, string];
      return not ? (l) => !(key in l) : (l) => key in l;
    }
    throw new SelectorError(`unable to parse requirement: ${part}`);
  });
  return (labels) => requirements.every((r) => r(labels));
}

/** Field selectors over the few fields the API server supports for every kind. */
export function fieldsOf(object: { metadata?: { name?: string; namespace?: string }; status?: unknown }): Record<string, string> {
  const fields: Record<string, string> = {};
  if (object.metadata?.name) fields["metadata.name"] = object.metadata.name;
  if (object.metadata?.namespace) fields["metadata.namespace"] = object.metadata.namespace;
  const phase = (object.status as { phase?: string } | undefined)?.phase;
  if (phase) fields["status.phase"] = phase;
  return fields;
}
