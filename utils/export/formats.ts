import type { Snapshot } from '@/utils/db/model';
import { toJsonBackup } from './backup';
import { type ExportRow, type ExportScope, groupRows, selectRows } from './rows';

/** Words the exports write; the options page passes its translations (defaults are English). */
export interface ExportLabels {
  /** Heading of the Markdown file and name of the root bookmark folder. */
  title: string;
  /** Heading / folder of the articles in no series. */
  noSeries: string;
}

export const DEFAULT_LABELS: ExportLabels = { title: 'Kexue Reader', noSeries: 'Other articles' };

export interface ExportOptions {
  scope?: ExportScope;
  /** The export's own time (bookmark folder dates, Markdown header). */
  now?: Date;
  labels?: Partial<ExportLabels>;
}

function resolve(options: ExportOptions) {
  return {
    scope: options.scope ?? 'all',
    now: options.now ?? new Date(),
    labels: { ...DEFAULT_LABELS, ...options.labels },
  };
}

/** `YYYY-MM-DD` of a date in local time. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function displayTitle(row: ExportRow): string {
  return row.title.replace(/\s+/g, ' ').trim() || `archives/${row.id}`;
}

// ---------------------------------------------------------------- Markdown

/** Backslash-escapes what Markdown would read as markup inside link text. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);
}

/**
 * A checklist grouped by series: `## Series`, then `- [x] [Title](url) · 2024-05-01` per part in order (`- [ ]` for
 * unread, with the progress for articles in progress); articles in no series come last.
 */
export function toMarkdown(snapshot: Snapshot, options: ExportOptions = {}): string {
  const { scope, now, labels } = resolve(options);
  const lines = [`# ${escapeMarkdown(labels.title)}`, '', `_${localDay(now)}_`];
  for (const group of groupRows(selectRows(snapshot, scope))) {
    lines.push('', `## ${escapeMarkdown(group.name ?? labels.noSeries)}`, '');
    for (const row of group.rows) {
      const box = row.state === 'read' ? '[x]' : '[ ]';
      const extras = [row.date, row.state === 'reading' ? `${Math.round(row.progress * 100)}%` : ''].filter(Boolean);
      const tail = extras.length > 0 ? ` · ${extras.join(' · ')}` : '';
      lines.push(`- ${box} [${escapeMarkdown(displayTitle(row))}](${row.url})${tail}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- CSV

export const CSV_COLUMNS = ['id', 'title', 'url', 'date', 'series', 'part', 'state', 'progress', 'readAt'] as const;

/** Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP's CSV-injection advice). */
function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** RFC 4180 with a UTF-8 byte-order mark (so Excel reads the Chinese right) and CRLF line ends. */
export function toCsv(snapshot: Snapshot, options: ExportOptions = {}): string {
  const { scope } = resolve(options);
  const records = selectRows(snapshot, scope).map((row) =>
    [
      row.id,
      defuseFormula(row.title),
      row.url,
      row.date,
      defuseFormula(row.seriesName ?? ''),
      row.part === null ? '' : String(row.part),
      row.state,
      String(Math.round(row.progress * 1000) / 1000),
      row.readAt === null ? '' : new Date(row.readAt).toISOString(),
    ].map(csvField),
  );
  return `\uFEFF${[[...CSV_COLUMNS], ...records].map((r) => `${r.join(',')}\r\n`).join('')}`;
}

// ---------------------------------------------------------------- BibTeX

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Makes a title safe inside `title={…}`: TeX specials escaped, so braces always balance. */
export function escapeBibtex(text: string): string {
  const replacements: Record<string, string> = {
    '\\': '\\textbackslash{}',
    '{': '\\{',
    '}': '\\}',
    '%': '\\%',
    '&': '\\&',
    '#': '\\#',
    $: '\\$',
    _: '\\_',
    '^': '\\^{}',
    '~': '\\~{}',
  };
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\{}%&#$_^~]/g, (c) => replacements[c] ?? c);
}

/**
 * One entry per article in the blog's own citation form (8-space indent as on the blog). Year and month come from
 * the article's date; an article without a known date gets neither field.
 */
export function toBibtex(snapshot: Snapshot, options: ExportOptions = {}): string {
  const { scope } = resolve(options);
  const entries = selectRows(snapshot, scope).map((row) => {
    const indent = '        ';
    const fields = [`title={${escapeBibtex(displayTitle(row))}}`, 'author={苏剑林}'];
    const date = /^(\d{4})-(\d{2})-\d{2}$/.exec(row.date);
    if (date) fields.push(`year={${date[1]}}`, `month={${MONTHS[Number(date[2]) - 1]}}`);
    fields.push(`url={\\url{${row.url}}}`);
    return `@online{kexuefm-${row.id},\n${fields.map((f) => `${indent}${f},\n`).join('')}}\n`;
  });
  return entries.join('\n');
}

// ---------------------------------------------------------------- Bookmarks

/** Only the five entities Chrome's bookmark importer decodes (it is not a full HTML parser; Firefox's is). */
const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

const seconds = (ms: number) => String(Math.floor(ms / 1000));

/**
 * A Netscape bookmark file (the format Chrome and Firefox import and export): one root folder, inside it one
 * folder per series (parts in order) and a last folder for the articles in no series.
 */
export function toBookmarksHtml(snapshot: Snapshot, options: ExportOptions = {}): string {
  const { scope, now, labels } = resolve(options);
  const stamp = seconds(now.getTime());
  const out = [
    '<!DOCTYPE NETSCAPE-Bookmark-file-1>',
    '<!-- This is an automatically generated file.',
    '     It will be read and overwritten.',
    '     DO NOT EDIT! -->',
    '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
    '<TITLE>Bookmarks</TITLE>',
    '<H1>Bookmarks</H1>',
    '<DL><p>',
    `    <DT><H3 ADD_DATE="${stamp}" LAST_MODIFIED="${stamp}">${escapeHtml(labels.title)}</H3>`,
    '    <DL><p>',
  ];
  for (const group of groupRows(selectRows(snapshot, scope))) {
    out.push(
      `        <DT><H3 ADD_DATE="${stamp}">${escapeHtml(group.name ?? labels.noSeries)}</H3>`,
      '        <DL><p>',
    );
    for (const row of group.rows) {
      const added = seconds(row.readAt ?? row.firstSeen);
      out.push(
        `            <DT><A HREF="${escapeHtml(row.url)}" ADD_DATE="${added}">${escapeHtml(displayTitle(row))}</A>`,
      );
    }
    out.push('        </DL><p>');
  }
  out.push('    </DL><p>', '</DL><p>');
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------- File names

export type ExportFormat = 'markdown' | 'csv' | 'json' | 'bibtex' | 'bookmarks';

const EXTENSIONS: Record<ExportFormat, string> = {
  markdown: 'md',
  csv: 'csv',
  json: 'json',
  bibtex: 'bib',
  bookmarks: 'html',
};

export const MIME_TYPES: Record<ExportFormat, string> = {
  markdown: 'text/markdown;charset=utf-8',
  csv: 'text/csv;charset=utf-8',
  json: 'application/json',
  bibtex: 'application/x-bibtex;charset=utf-8',
  bookmarks: 'text/html;charset=utf-8',
};

/** `kexue-reading-2026-11-22.md`, from the local date of `date`. */
export function exportFileName(format: ExportFormat, date: Date): string {
  return `kexue-reading-${localDay(date)}.${EXTENSIONS[format]}`;
}

/** A ready-to-download export: what the options page and the popup hand to a Blob and a download link. */
export function renderExport(
  format: ExportFormat,
  snapshot: Snapshot,
  options: ExportOptions = {},
): { fileName: string; mimeType: string; text: string } {
  const now = options.now ?? new Date();
  const withNow = { ...options, now };
  const text = {
    markdown: () => toMarkdown(snapshot, withNow),
    csv: () => toCsv(snapshot, withNow),
    // A backup is always complete: the scope does not apply.
    json: () => toJsonBackup(snapshot, now),
    bibtex: () => toBibtex(snapshot, withNow),
    bookmarks: () => toBookmarksHtml(snapshot, withNow),
  }[format]();
  return { fileName: exportFileName(format, now), mimeType: MIME_TYPES[format], text };
}
