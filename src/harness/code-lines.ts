// Which lines of a TypeScript/JavaScript text hold code: a line whose every
// character is blank or inside a comment holds none. A small scanner (strings,
// template literals, line and block comments); regex literals are read as code,
// which is right for every character except a `//` or `/*` inside one.
// Contract: returns, per 0-based line, whether it holds a non-comment, non-blank character.

export function codeLines(text: string): boolean[] {
  const out: boolean[] = [false];
  let line = 0;
  let state: "code" | "line-comment" | "block-comment" | "'" | '"' | "`" = "code";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") {
      // A line inside a string or template literal is part of that code, even when empty.
      out.push(state === "'" || state === '"' || state === "`");
      line++;
      if (state === "line-comment") state = "code";
      continue;
    }
    switch (state) {
      case "line-comment":
        break;
      case "block-comment":
        if (c === "*" && text[i + 1] === "/") {
          state = "code";
          i++;
        }
        break;
      case "'":
      case '"':
      case "`":
        out[line] = true;
        // An escape skips its character, except a newline (counted above, the string goes on).
        if (c === "\\") {
          if (text[i + 1] !== "\n") i++;
        } else if (c === state) state = "code";
        break;
      case "code":
        if (c === "/" && text[i + 1] === "/") {
          state = "line-comment";
          i++;
        } else if (c === "/" && text[i + 1] === "*") {
          state = "block-comment";
          i++;
        } else if (c === "'" || c === '"' || c === "`") {
          state = c;
          out[line] = true;
        } else if (c !== " " && c !== "\t" && c !== "\r") out[line] = true;
        break;
    }
  }
  return out;
}
