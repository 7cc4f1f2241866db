// A small well-formedness checker for the tests: tags balance, attributes are
// quoted, `&` starts a known entity, no stray `<`. XML mode is strict; HTML
// mode knows void elements and the raw text of <script> and <style>.
// Returns the first problem, or undefined. Also collects elements for queries.

export interface Element {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly text: string;
}

const VOID = new Set(["meta", "br", "hr", "img", "input", "link", "wbr", "area", "base", "col", "source"]);
const ENTITY = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;

function unescape(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos);/g, (_m, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[e]!);
}

export function checkMarkup(text: string, mode: "xml" | "html"): { problem?: string; elements: Element[] } {
  const elements: Element[] = [];
  const stack: { name: string; attrs: Record<string, string>; start: number }[] = [];
  let i = 0;
  if (mode === "xml") {
    if (!text.startsWith("<?xml")) return { problem: "no XML declaration", elements };
    i = text.indexOf("?>") + 2;
  }
  const fail = (msg: string) => ({ problem: `${msg} at ${i}: ${JSON.stringify(text.slice(i, i + 40))}`, elements });
  while (i < text.length) {
    const c = text[i]!;
    if (c === "&") {
      if (!ENTITY.test(text.slice(i, i + 12))) return fail("bad entity");
      i++;
      continue;
    }
    if (c !== "<") {
      i++;
      continue;
    }
    if (text.startsWith("<!doctype", i) || text.startsWith("<!DOCTYPE", i)) {
      i = text.indexOf(">", i) + 1;
      continue;
    }
    const close = /^<\/([A-Za-z][\w:-]*)\s*>/.exec(text.slice(i));
    if (close) {
      const top = stack.pop();
      if (!top || top.name !== close[1]) return fail(`</${close[1]}> closes <${top?.name ?? "nothing"}>`);
      elements.push({ name: top.name, attrs: top.attrs, text: unescape(text.slice(top.start, i).replace(/<[^>]*>/g, "")) });
      i += close[0].length;
      continue;
    }
    const open = /^<([A-Za-z][\w:-]*)((?:\s+[\w:-]+(?:="[^"<]*")?)*)\s*(\/?)>/.exec(text.slice(i));
    if (!open) return fail("malformed tag");
    const name = open[1]!;
    const attrs: Record<string, string> = {};
    for (const m of open[2]!.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) {
      if (mode === "xml" && m[2] === undefined) return fail(`attribute ${m[1]} without a value`);
      if (m[1]! in attrs) return fail(`duplicate attribute ${m[1]}`);
      attrs[m[1]!] = unescape(m[2] ?? "");
    }
    for (const v of Object.values(attrs)) if (/&(?!(amp|lt|gt|quot|apos);)/.test(v.replace(/&(amp|lt|gt|quot|apos);/g, ""))) return fail("bad entity in attribute");
    i += open[0].length;
    if (open[3] === "/" || (mode === "html" && VOID.has(name))) {
      elements.push({ name, attrs, text: "" });
      continue;
    }
    if (mode === "html" && (name === "script" || name === "style")) {
      const end = text.indexOf(`</${name}>`, i);
      if (end < 0) return fail(`unclosed <${name}>`);
      elements.push({ name, attrs, text: text.slice(i, end) });
      i = end + name.length + 3;
      continue;
    }
    stack.push({ name, attrs, start: i });
  }
  if (stack.length > 0) return { problem: `unclosed <${stack[stack.length - 1]!.name}>`, elements };
  return { elements };
}
