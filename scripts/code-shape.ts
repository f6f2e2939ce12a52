/**
 * The code-shape rules Biome has no rule for (issue 14), pure so that a test can make each one fail:
 * - no line over 120 characters in our .ts, .tsx, .css and .mjs files (comments and strings too);
 * - no production file (PRODUCTION_FOLDERS) over 400 lines;
 * - no production function over 80 lines unless the comment right above it has a sentence starting "Long because"
 *   that says why (LONG_BECAUSE). Tests are left out of the last two: a describe block is long by nature.
 * scripts/check-code-shape.ts runs them over the tree.
 */
import ts from 'typescript';

export const MAX_LINE = 120;
export const MAX_FILE_LINES = 400;
export const MAX_FUNCTION_LINES = 80;
export const PRODUCTION_FOLDERS = ['utils', 'features', 'components', 'background', 'entrypoints', 'scripts'];
/** The reason a long function gives in the comment right above it: "Long because" and at least a few words. */
export const LONG_BECAUSE = /\bLong because\s+\S+\s+\S+/;

export interface SourceFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  text: string;
}

export interface Finding {
  path: string;
  line: number;
  why: string;
}

const checkedExtension = /\.(ts|tsx|css|mjs)$/;
const scriptExtension = /\.(ts|tsx|mjs)$/;

/** Whether the shape check reads this file at all (saved pages and reference data are inputs, not our code). */
export function isChecked(path: string): boolean {
  return checkedExtension.test(path) && !path.startsWith('tests/fixtures/');
}

export function isProduction(path: string): boolean {
  return PRODUCTION_FOLDERS.some((folder) => path.startsWith(`${folder}/`));
}

export function checkShape(files: SourceFile[]): Finding[] {
  const findings: Finding[] = [];
  for (const file of files.filter((f) => isChecked(f.path))) {
    findings.push(...longLines(file));
    if (!isProduction(file.path)) continue;
    findings.push(...longFile(file));
    if (scriptExtension.test(file.path)) findings.push(...longFunctions(file));
  }
  return findings;
}

function longLines({ path, text }: SourceFile): Finding[] {
  return text.split('\n').flatMap((line, index) => {
    // Characters, not UTF-16 units: a CJK character or an emoji counts once.
    const length = [...line.replace(/\r$/, '')].length;
    return length > MAX_LINE ? [{ path, line: index + 1, why: `line of ${length} characters (max ${MAX_LINE})` }] : [];
  });
}

function longFile({ path, text }: SourceFile): Finding[] {
  const lines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
  return lines > MAX_FILE_LINES ? [{ path, line: 1, why: `file of ${lines} lines (max ${MAX_FILE_LINES})` }] : [];
}

function scriptKind(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  return path.endsWith('.mjs') ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

function longFunctions({ path, text }: SourceFile): Finding[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path));
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
  const findings: Finding[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = lineOf(node.getStart(source));
      const lines = lineOf(node.getEnd()) - first + 1;
      if (lines > MAX_FUNCTION_LINES && !LONG_BECAUSE.test(commentAbove(node, source))) {
        const limit = `max ${MAX_FUNCTION_LINES} without a "Long because …" comment`;
        findings.push({ path, line: first, why: `${describe(node)} of ${lines} lines (${limit})` });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

/**
 * The comments right above a function: those before the outermost node that starts on the function's first line, so
 * that `export const f = () => {` and `const f = memo(function () {` find the comment above the statement.
 */
export function commentAbove(node: ts.Node, source: ts.SourceFile): string {
  const line = (n: ts.Node) => source.getLineAndCharacterOfPosition(n.getStart(source)).line;
  let holder = node;
  while (holder.parent && !ts.isSourceFile(holder.parent) && line(holder.parent) === line(node)) {
    holder = holder.parent;
  }
  const ranges = ts.getLeadingCommentRanges(source.text, holder.getFullStart()) ?? [];
  return ranges.map((range) => source.text.slice(range.pos, range.end)).join('\n');
}

/** `function name`, also for `const name = () => …` and `name: function () …`; `callback of f` for `f(() => …)`. */
function describe(node: ts.SignatureDeclaration): string {
  if (node.name && ts.isIdentifier(node.name)) return `function ${node.name.text}`;
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) {
    return `function ${parent.name.text}`;
  }
  if (parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent))) {
    return `callback of ${ts.isNewExpression(parent) ? 'new ' : ''}${parent.expression.getText()}`;
  }
  return 'function';
}
