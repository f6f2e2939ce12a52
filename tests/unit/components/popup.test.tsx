// @vitest-environment happy-dom

import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { Popup } from '@/components/popup/Popup';
import { must } from '@/tests/must';
import { FakePlatform } from './fake-platform';
import { button, change, click, type Mounted, mount, settleUntil, withText } from './harness';
import { article, record, type Seed, testApi } from './test-api';

const VAE = '变分自编码器';
/** The series' key (the grouper lower-cases it) and its name as the titles spell it. */
const TRANSFORMER = 'transformer升级之路';
const TRANSFORMER_NAME = 'Transformer升级之路';

/** Two series: VAE (not followed: part 1 read, part 2 in progress, part 3 unread) and Transformer (followed, 1 new). */
function library(extra: Seed = {}) {
  return testApi({
    articles: [
      article('5253', '变分自编码器（一）：原来是这么一回事', VAE, 1),
      article('5343', '变分自编码器（二）：从贝叶斯观点出发', VAE, 2),
      article('5383', '变分自编码器（三）：这样做为什么能成？', VAE, 3),
      article('8130', 'Transformer升级之路：1、Sinusoidal位置编码追根溯源', TRANSFORMER, 1),
      article('8265', 'Transformer升级之路：2、博采众长的旋转式位置编码', TRANSFORMER, 2),
      article('9999', 'A Tour of MoE: 1. Gating', null),
    ],
    reading: [record('5253', 'read'), record('5343', 'reading', 0.4, 50)],
    followed: [TRANSFORMER],
    newParts: { [TRANSFORMER]: 1 },
    ...extra,
  });
}

const rows = (m: Mounted) => [...m.container.querySelectorAll<HTMLElement>('li.kx-series')];
const row = (m: Mounted, key: string) =>
  must(m.container.querySelector<HTMLElement>(`li.kx-series[data-series="${key}"]`), 'the row of the series');

let mounted: Mounted | undefined;
afterEach(() => mounted?.unmount());

describe('popup: series list', () => {
  it('lists every series with its progress, followed series first', async () => {
    mounted = await mount(<Popup />, { api: library() });
    expect(rows(mounted).map((r) => r.dataset.series)).toEqual([TRANSFORMER, VAE]);

    const vae = row(mounted, VAE);
    const bar = must(vae.querySelector('[role="progressbar"]'), '[role="progressbar"]');
    expect(bar.getAttribute('aria-valuenow')).toBe('1');
    expect(bar.getAttribute('aria-valuemax')).toBe('3');
    expect(vae.textContent).toContain('已读 1/3');
    expect(vae.textContent).toContain('1 篇在读');
    expect(row(mounted, TRANSFORMER).textContent).toContain('已读 0/2');
    expect(row(mounted, TRANSFORMER).querySelector('.kx-badge')?.textContent).toBe('1 篇新文章');
  });

  it('links the next unread part, opened in a tab', async () => {
    mounted = await mount(<Popup />, { api: library() });
    const next = must(row(mounted, VAE).querySelector<HTMLAnchorElement>('.kx-next a'), '.kx-next a');
    // Part 1 is read; part 2 is only in progress, so it is the next unread part.
    expect(next.href).toBe('https://kexue.fm/archives/5343');
    expect(next.textContent).toContain('从贝叶斯观点出发');
    await click(next);
    expect(mounted.platform.opened).toEqual(['https://kexue.fm/archives/5343']);
  });

  it('offers to continue the article last in progress', async () => {
    mounted = await mount(<Popup />, { api: library() });
    const section = must(mounted.container.querySelector('.kx-continue'), '.kx-continue');
    expect(section.textContent).toContain('继续阅读');
    expect(must(section.querySelector('a'), 'a').getAttribute('href')).toBe('https://kexue.fm/archives/5343');
    expect(section.textContent).toContain('40%');
  });

  it('opens with one summary call (none kept yet) and no per-series call', async () => {
    mounted = await mount(<Popup />, { api: library() });
    expect(mounted.api.callsTo('popupSummary')).toHaveLength(1);
    expect(mounted.api.callsTo('listSeries')).toHaveLength(0);
    expect(mounted.api.callsTo('getSeries')).toHaveLength(0);
    expect(mounted.container.querySelector('[data-kx-ready]')).not.toBeNull();
  });

  it('follows and unfollows a series', async () => {
    mounted = await mount(<Popup />, { api: library() });
    const follow = must(row(mounted, VAE).querySelector<HTMLButtonElement>('.kx-follow'), '.kx-follow');
    expect(follow.getAttribute('aria-label')).toBe(`关注系列：${VAE}`);
    await click(follow);
    expect(mounted.api.callsTo('follow')).toEqual([[VAE]]);
    expect(follow.getAttribute('aria-label')).toBe(`取消关注系列：${VAE}`);
    await click(follow);
    expect(mounted.api.callsTo('unfollow')).toEqual([[VAE]]);
    expect(follow.getAttribute('aria-label')).toBe(`关注系列：${VAE}`);
  });
});

describe('popup: search', () => {
  it('filters series by name, case-insensitively, and lists matching titles', async () => {
    mounted = await mount(<Popup />, { api: library() });
    await change(mounted.container.querySelector('input[type="search"]'), 'transformer');
    expect(rows(mounted).map((r) => r.dataset.series)).toEqual([TRANSFORMER]);
    expect(mounted.api.callsTo('searchArticles').at(-1)?.[0]).toBe('transformer');
    const found = mounted.container.querySelectorAll('.kx-found-articles a');
    // Newest first, as the service orders them.
    expect([...found].map((a) => a.getAttribute('href'))).toEqual([
      'https://kexue.fm/archives/8265',
      'https://kexue.fm/archives/8130',
    ]);
  });

  it('finds English titles and says when nothing matches', async () => {
    mounted = await mount(<Popup />, { api: library() });
    await change(mounted.container.querySelector('input[type="search"]'), 'MoE');
    expect(rows(mounted)).toHaveLength(0);
    expect(must(mounted.container.querySelector('.kx-found-articles'), '.kx-found-articles').textContent).toContain(
      'A Tour of MoE',
    );

    await change(mounted.container.querySelector('input[type="search"]'), '量子引力');
    expect(mounted.container.textContent).toContain('没有找到与“量子引力”相关的系列或文章。');
  });

  it('matches full-width input against half-width names', async () => {
    mounted = await mount(<Popup />, { api: library() });
    await change(mounted.container.querySelector('input[type="search"]'), 'ＴＲＡＮＳ');
    expect(rows(mounted).map((r) => r.dataset.series)).toEqual([TRANSFORMER]);
  });
});

describe('popup: one series', () => {
  async function openSeries(key: string) {
    const m = await mount(<Popup />, { api: library() });
    await click(row(m, key).querySelector('.kx-series-name'));
    return m;
  }

  const checkbox = (m: Mounted, id: string) =>
    must(m.container.querySelector<HTMLInputElement>(`#kx-read-${id}`), `the read box of ${id}`);

  it('lists the articles in part order with their states', async () => {
    mounted = await openSeries(VAE);
    const items = [...mounted.container.querySelectorAll('.kx-articles li')];
    expect(items.map((li) => must(li.querySelector('a'), 'a').getAttribute('href'))).toEqual([
      'https://kexue.fm/archives/5253',
      'https://kexue.fm/archives/5343',
      'https://kexue.fm/archives/5383',
    ]);
    expect(items.map((li) => must(li.querySelector('.kx-meta'), '.kx-meta').textContent)).toEqual([
      '已读',
      '在读 40%',
      '未读',
    ]);
    expect(checkbox(mounted, '5253').checked).toBe(true);
  });

  it('toggles an article through the api', async () => {
    mounted = await openSeries(VAE);
    await click(checkbox(mounted, '5383'));
    expect(mounted.api.callsTo('setState')).toEqual([[['5383'], 'read', 'manual']]);
    expect(checkbox(mounted, '5383').checked).toBe(true);
    await click(checkbox(mounted, '5253'));
    expect(mounted.api.callsTo('setState')[1]).toEqual([['5253'], 'unread', 'manual']);
    expect(checkbox(mounted, '5253').checked).toBe(false);
    expect(
      must(mounted.container.querySelector('.kx-series-view .kx-meta'), '.kx-series-view .kx-meta').textContent,
    ).toContain('已读 1/3');
  });

  it('marks all read and undoes the bulk action', async () => {
    mounted = await openSeries(VAE);
    await click(button(mounted.container, '全部标为已读'));
    expect(mounted.api.callsTo('setState')).toEqual([[['5343', '5383'], 'read', 'manual']]);
    expect(must(mounted.container.querySelector('.kx-undo'), '.kx-undo').textContent).toContain('已将 2 篇标为已读。');
    await click(button(mounted.container, '撤销'));
    // The batch the service gave the bulk marking is the one undone.
    const marked = must(
      mounted.api.calls.find((c) => c.method === 'setState'),
      'the bulk setState call',
    );
    const { batch } = (await marked.result) as { batch: string };
    expect(mounted.api.callsTo('undo')).toEqual([[batch]]);
    expect(checkbox(mounted, '5383').checked).toBe(false);
    expect(mounted.container.querySelector('.kx-undo')).toBeNull();
  });

  it('clears the badge of a followed series when it is opened, and the list shows it on return', async () => {
    mounted = await openSeries(TRANSFORMER);
    expect(mounted.api.callsTo('markSeriesSeen')).toEqual([[TRANSFORMER]]);
    await click(button(mounted.container, '返回系列列表'));
    expect(row(mounted, TRANSFORMER).querySelector('.kx-badge')).toBeNull();
  });

  it('does not mark a series seen when it has no new parts', async () => {
    mounted = await openSeries(VAE);
    expect(mounted.api.callsTo('markSeriesSeen')).toHaveLength(0);
  });

  it('carries changed progress back to the list without reloading it', async () => {
    mounted = await openSeries(VAE);
    await click(button(mounted.container, '全部标为已读'));
    await click(button(mounted.container, '返回系列列表'));
    expect(row(mounted, VAE).textContent).toContain('已读 3/3');
    expect(row(mounted, VAE).textContent).toContain('全部读完了');
    expect(mounted.api.callsTo('popupSummary')).toHaveLength(1);
  });
});

describe('popup: states and settings', () => {
  it('explains what to do when nothing is known yet', async () => {
    mounted = await mount(<Popup />, { api: testApi() });
    const empty = must(mounted.container.querySelector('.kx-empty'), '.kx-empty');
    expect(empty.textContent).toContain('还没有阅读记录');
    const links = [...empty.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['https://kexue.fm/', 'https://kexue.fm/content.html']);
    await click(empty.querySelectorAll('a')[1]);
    expect(mounted.platform.opened).toEqual(['https://kexue.fm/content.html']);
  });

  it("shows the diagnostic of the current tab's page", async () => {
    const api = library({
      diagnostics: [
        { at: 3, url: 'https://kexue.fm/archives/1', message: 'no article body found' },
        { at: 2, url: 'https://kexue.fm/category/Big-Data', message: 'listing without entries' },
      ],
    });
    mounted = await mount(<Popup />, {
      api,
      platform: new FakePlatform('https://kexue.fm/category/Big-Data#comments'),
    });
    const notice = must(mounted.container.querySelector('.kx-notice'), '.kx-notice');
    expect(notice.textContent).toContain('当前页面未能识别');
    expect(notice.textContent).toContain('listing without entries');
    expect(notice.textContent).not.toContain('no article body found');
  });

  it('shows no diagnostic for a page that was understood, and asks none for a tab off the blog', async () => {
    const api = await library({
      diagnostics: [{ at: 3, url: 'https://kexue.fm/archives/1', message: 'no article body found' }],
    });
    mounted = await mount(<Popup />, { api, platform: new FakePlatform('https://kexue.fm/archives/2') });
    expect(mounted.container.querySelector('.kx-notice')).toBeNull();
    mounted.unmount();

    mounted = await mount(<Popup />, { api, platform: new FakePlatform('https://example.com/archives/1') });
    expect(mounted.container.querySelector('.kx-notice')).toBeNull();
    expect(api.callsTo('diagnostics')).toHaveLength(1);
  });

  it('turns the renderer off through the settings', async () => {
    mounted = await mount(<Popup />, { api: library() });
    const [toggle] = withText(mounted.container, 'label', '用 KaTeX 渲染公式');
    const box = must(toggle?.querySelector('input'), 'the renderer switch');
    expect(box.checked).toBe(true);
    await click(box);
    expect(mounted.api.callsTo('updateSettings')).toEqual([[{ renderer: false }]]);
    expect(box.checked).toBe(false);
  });

  it('downloads a quick Markdown export', async () => {
    mounted = await mount(<Popup />, { api: library() });
    await click(button(mounted.container, '导出 Markdown'));
    // The exporters load on first use.
    await settleUntil(() => must(mounted, 'the mounted page').platform.downloads.length > 0, 'the download');
    const file = must(mounted.platform.downloads[0], 'the download');
    expect(file.fileName).toMatch(/^kexue-reading-\d{4}-\d{2}-\d{2}\.md$/);
    expect(file.content).toContain('[x]');
    expect(file.content).toContain('https://kexue.fm/archives/5253');
  });

  it('speaks English in an English browser, and English when chosen in a Chinese one', async () => {
    mounted = await mount(<Popup />, { api: library(), uiLocale: 'en-US' });
    expect(row(mounted, VAE).textContent).toContain('1/3 read');
    expect(document.documentElement.lang).toBe('en');
    mounted.unmount();

    const api = library({ settings: { language: 'en' } });
    mounted = await mount(<Popup />, { api, uiLocale: 'zh-CN' });
    expect(must(mounted.container.querySelector('h1'), 'h1').textContent).toBe('Kexue Reader');
    expect(row(mounted, VAE).textContent).toContain('1 in progress');
  });

  it('applies the theme setting to the document', async () => {
    const api = library({ settings: { theme: 'dark' } });
    mounted = await mount(<Popup />, { api });
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it("shows the database's error instead of crashing", async () => {
    const api = await library();
    api.popupSummary = async () => {
      throw new Error('IndexedDB is unavailable (private browsing?)');
    };
    mounted = await mount(<Popup />, { api });
    expect(must(mounted.container.querySelector('[role="alert"]'), '[role="alert"]').textContent).toContain(
      'IndexedDB is unavailable (private browsing?)',
    );
  });
});

describe('popup: rough edges (issue 11)', () => {
  /** 20 series: 3 started, 1 followed without a part read, 16 never touched. */
  function manySeries() {
    const articles = Array.from({ length: 40 }, (_, i) =>
      article(
        String(100 + i),
        `系列${Math.floor(i / 2)}（${(i % 2) + 1}）：第${i}篇`,
        `系列${Math.floor(i / 2)}`,
        (i % 2) + 1,
      ),
    );
    return testApi({
      articles,
      reading: [record('100', 'read'), record('102', 'reading', 0.3), record('105', 'read')],
      followed: ['系列9'],
    });
  }
  const filterButton = (m: Mounted, filter: string) =>
    must(m.container.querySelector<HTMLButtonElement>(`[data-filter="${filter}"]`), `the filter ${filter}`);

  it("opens on the reader's own series (started or followed), and filters followed and all", async () => {
    mounted = await mount(<Popup />, { api: manySeries() });
    expect(filterButton(mounted, 'mine').getAttribute('aria-pressed')).toBe('true');
    expect(rows(mounted).map((r) => r.dataset.series)).toEqual(['系列9', '系列0', '系列1', '系列2']);
    expect(filterButton(mounted, 'mine').textContent).toBe('读过或关注的 4');

    await click(filterButton(mounted, 'followed'));
    expect(rows(mounted).map((r) => r.dataset.series)).toEqual(['系列9']);

    await click(filterButton(mounted, 'all'));
    expect(rows(mounted)).toHaveLength(8);
    await click(button(mounted.container, '显示全部 20 个'));
    expect(rows(mounted)).toHaveLength(20);
  });

  it('shows all series to a reader who has started none, and says when none is followed', async () => {
    const api = testApi({
      articles: [
        article('1', '系列甲（1）：第一篇', '系列甲', 1),
        article('2', '系列甲（2）：第二篇', '系列甲', 2),
        article('3', '系列乙（1）：第一篇', '系列乙', 1),
        article('4', '系列乙（2）：第二篇', '系列乙', 2),
      ],
    });
    mounted = await mount(<Popup />, { api });
    expect(filterButton(mounted, 'all').getAttribute('aria-pressed')).toBe('true');
    expect(rows(mounted)).toHaveLength(2);
    await click(filterButton(mounted, 'followed'));
    expect(rows(mounted)).toHaveLength(0);
    expect(mounted.container.textContent).toContain('还没有关注系列');
  });

  it("shows each found article's reading state, links its series once, not when the series is found too", async () => {
    mounted = await mount(<Popup />, { api: library() });
    await change(mounted.container.querySelector('input[type="search"]'), '变分自编码器');
    const found = [...mounted.container.querySelectorAll<HTMLElement>('.kx-found-articles li')];
    const stateById = found.map((li) => [li.dataset.kxFound, li.querySelector('.kx-found-state')?.textContent]);
    expect(Object.fromEntries(stateById)).toEqual({ '5253': '已读', '5343': '在读 40%', '5383': '未读' });
    expect(found).toHaveLength(3);
    // The series is listed above the articles: no link to it on the rows.
    expect(rows(mounted).map((r) => r.dataset.series)).toEqual([VAE]);
    expect(mounted.container.querySelectorAll('.kx-found-articles button')).toHaveLength(0);

    // Titles of a series whose name does not match: the series is linked on its first article only.
    await change(mounted.container.querySelector('input[type="search"]'), '位置编码');
    expect(rows(mounted)).toHaveLength(0);
    const links = mounted.container.querySelectorAll<HTMLButtonElement>('.kx-found-articles button');
    expect([...links].map((b) => b.textContent)).toEqual([`系列：${TRANSFORMER_NAME}`]);
    await click(links[0]);
    expect(mounted.container.querySelector('.kx-series-view')).not.toBeNull();
  });

  it('offers no export when there is nothing to export', async () => {
    mounted = await mount(<Popup />, { api: testApi() });
    expect(mounted.container.querySelector('.kx-empty')).not.toBeNull();
    expect(withText(mounted.container, 'button', '导出')).toHaveLength(0);
    mounted.unmount();
    mounted = await mount(<Popup />, { api: library() });
    expect(withText(mounted.container, 'button', '导出')).toHaveLength(2);
  });

  it('follows the summary the background keeps while open, rows staying where they are', async () => {
    const api = await library();
    mounted = await mount(<Popup />, { api });
    expect(rows(mounted).map((r) => r.dataset.series)).toEqual([TRANSFORMER, VAE]);
    // A tab marks VAE part 3 read and the reader follows VAE elsewhere: the kept summary puts it first.
    await api.service.setState(['5383'], 'read', 'manual');
    await api.service.follow(VAE);
    const summary = await api.service.popupSummary();
    await act(() => {
      for (const listener of must(mounted, 'the mounted page').platform.summaryListeners) listener(summary);
    });
    await settleUntil(
      () => row(must(mounted, 'the mounted page'), VAE).textContent?.includes('已读 2/3') === true,
      'the new summary',
    );
    expect(rows(mounted).map((r) => r.dataset.series)).toEqual([TRANSFORMER, VAE]);
  });
});
