// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { toBookmarksHtml } from '@/utils/export/formats';
import { listSnapshot } from './fixtures';

const now = new Date(Date.UTC(2026, 10, 22));

/** Folders and links as a browser's importer reads them: each <H3> names the <DL> that follows it. */
function readBookmarks(html: string) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const folders: { name: string; links: { href: string; title: string; added: string | null }[] }[] = [];
  for (const heading of doc.querySelectorAll('h3')) {
    const list = heading.parentElement?.querySelector(':scope > dl') ?? heading.nextElementSibling;
    const links = [...(list?.querySelectorAll(':scope > dt > a, :scope > p > dt > a') ?? [])].map((a) => ({
      href: a.getAttribute('href') ?? '',
      title: a.textContent ?? '',
      added: a.getAttribute('add_date'),
    }));
    folders.push({ name: heading.textContent ?? '', links });
  }
  return { doc, folders };
}

describe('bookmarks HTML', () => {
  const html = toBookmarksHtml(listSnapshot, { now, labels: { title: '科学空间', noSeries: '其他' } });

  it('is a Netscape bookmark file', () => {
    expect(html.startsWith('<!DOCTYPE NETSCAPE-Bookmark-file-1>\n')).toBe(true);
    expect(html).toContain('<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">');
  });

  it('has one folder per series, parts in order, escaped titles and dates', () => {
    const { doc, folders } = readBookmarks(html);
    expect(folders.map((f) => f.name)).toEqual(['科学空间', '熵', 'Transformer升级之路', 'A Tour of MoE', '其他']);
    expect(folders[1]?.links.map((l) => l.href)).toEqual([
      'https://kexue.fm/archives/3534',
      'https://kexue.fm/archives/3552',
      'https://kexue.fm/archives/3567',
    ]);
    expect(folders[3]?.links).toEqual([
      {
        href: 'https://kexue.fm/archives/10122',
        title: 'A Tour of MoE: 7. {Braces} & 50% "quotes", <tags> $x_1$ #1 ~ ^',
        added: String(Date.UTC(2026, 1, 5) / 1000),
      },
    ]);
    expect(folders[4]?.links.map((l) => l.title)).toEqual(['=HYPERLINK("http://evil")', 'archives/777']);
    // Escaping kept the markup to the generated elements: 7 links, no <tags> element.
    expect(doc.querySelectorAll('a')).toHaveLength(7);
    expect(doc.querySelector('tags')).toBeNull();
  });
});
