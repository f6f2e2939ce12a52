// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { HistorySection } from '@/components/options/HistorySection';
import { Options } from '@/components/options/Options';
import { NOT_SYNCED_SHOWN, notSyncedText } from '@/components/options/SyncStatusLine';
import { must } from '@/tests/must';
import { DEFAULT_SETTINGS, type ReadingEvent, type Snapshot } from '@/utils/db/model';
import { toJsonBackup } from '@/utils/export/backup';
import { unencodable } from '@/utils/sync/codec';
import { emptyState } from '@/utils/sync/marks';
import { FakePlatform } from './fake-platform';
import { button, change, click, type Mounted, mount, settleUntil, withText } from './harness';
import { article, articleRecord, record, type Seed, testApi } from './test-api';

function library(extra: Seed = {}) {
  return testApi({
    articles: [
      article('5253', '变分自编码器（一）：原来是这么一回事', '变分自编码器', 1, '2018-03-18'),
      article('5343', '变分自编码器（二）：从贝叶斯观点出发', '变分自编码器', 2, '2018-03-28'),
      article('8130', 'Transformer升级之路：1、Sinusoidal位置编码追根溯源', 'transformer升级之路', 1, '2021-03-08'),
    ],
    reading: [record('5253', 'read', 1, 10), record('5343', 'reading', 0.5, 10)],
    followed: ['transformer升级之路'],
    // One part known: the grouper makes no series of it alone; the reader put it in its series.
    corrections: [{ kind: 'assign', articleId: '8130', seriesKey: 'transformer升级之路', part: 1, at: 1 }],
    diagnostics: [
      { at: Date.UTC(2026, 10, 20, 8), url: 'https://kexue.fm/archives/404', message: 'no article body found' },
    ],
    ...extra,
  });
}

/** A backup holding one article the library lacks and a newer read state for one it has. */
function backupText(): string {
  const snapshot: Snapshot = {
    articles: [
      articleRecord('5253', '变分自编码器（一）：原来是这么一回事', '变分自编码器', 1, '2018-03-18'),
      articleRecord('10000', 'Muon优化器赏析', null),
    ],
    reading: [record('5343', 'read', 1, 500), record('10000', 'read', 1, 500)],
    follows: [{ seriesKey: '变分自编码器', followedAt: 400, seenIds: [] }],
    corrections: [],
    settings: { ...DEFAULT_SETTINGS, theme: 'dark' },
    events: [],
  };
  return toJsonBackup(snapshot, new Date(Date.UTC(2026, 10, 22)));
}

async function chooseFile(m: Mounted, text: string, name = 'backup.json') {
  const input = must(m.container.querySelector<HTMLInputElement>('input[type="file"]'), 'input[type="file"]');
  const file = new File([text], name, { type: 'application/json' });
  await act(() => {
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  // Done when the preview or an error shows and the file input is usable again.
  await settleUntil(
    () =>
      !input.disabled &&
      m.container.querySelector('[data-kx-import-preview], .kx-import-preview, [role="alert"]') !== null,
    'the file to be read',
  );
}

const section = (m: Mounted, heading: string) =>
  must(
    withText(m.container, 'section', heading).find((s) => s.querySelector('h2')?.textContent === heading),
    'section',
  );

let mounted: Mounted | undefined;
afterEach(() => mounted?.unmount());

describe('options: settings', () => {
  it('saves each change through updateSettings', async () => {
    mounted = await mount(<Options />, { api: library() });
    const settings = section(mounted, '阅读与显示');
    await click(withText(settings, 'label', '用 KaTeX 渲染公式')[0]?.querySelector('input'));
    await change(withText(settings, 'label', '读到正文的')[0]?.querySelector('input'), '90', ['change']);
    await change(withText(settings, 'label', '并停留')[0]?.querySelector('input'), '5', ['change']);
    await change(withText(settings, 'label', '外观')[0]?.querySelector('select'), 'dark', ['change']);
    await click(withText(settings, 'label', '跨设备同步')[0]?.querySelector('input'));
    expect(mounted.api.callsTo('updateSettings')).toEqual([
      [{ renderer: false }],
      [{ autoReadThreshold: 0.9 }],
      [{ autoReadDwellMs: 5000 }],
      [{ theme: 'dark' }],
      [{ sync: true }],
    ]);
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('shows what the last sync did while sync is on', async () => {
    const api = library({ settings: { sync: true } });
    const platform = new FakePlatform();
    platform.sync = { kind: 'error', at: 1, message: 'Sync storage is full: QUOTA_BYTES quota exceeded' };
    mounted = await mount(<Options />, { api, platform });
    const settings = section(mounted, '阅读与显示');
    await settleUntil(() => settings.querySelector('[data-kx-sync]') !== null, 'the sync status');
    expect(must(settings.querySelector('[data-kx-sync="error"]'), '[data-kx-sync="error"]').textContent).toBe(
      '同步失败：Sync storage is full: QUOTA_BYTES quota exceeded。本机数据完好，稍后会自动重试。',
    );
  });

  /** What the engine names (utils/sync/engine.ts, and codec.ts's `unencodable` for marks the format cannot carry). */
  function notSyncedNames(): string[] {
    const state = emptyState();
    state.reads.set('0123', { on: true, at: 1 });
    state.follows.set('长'.repeat(250), { on: true, at: 1 });
    return ['unreadable item kx1.r.0', 'item kx1.f.2 over the item quota', ...unencodable(state)];
  }

  async function mountNotSynced(notSynced: string[], uiLocale = 'zh-CN') {
    const api = library({ settings: { sync: true } });
    const platform = new FakePlatform();
    platform.sync = { kind: 'ok', at: Date.UTC(2026, 10, 22, 9), bytes: 321, waiting: false, notSynced };
    const m = await mount(<Options />, { api, platform, uiLocale });
    await settleUntil(() => m.container.querySelector('[data-kx-not-synced]') !== null, 'the items not synced');
    const list = must(m.container.querySelector('[data-kx-not-synced]'), 'the list of items not synced');
    return { m, list, items: [...list.querySelectorAll('li')].map((li) => li.textContent) };
  }

  it("names every item the last sync could not write or read, in the reader's language", async () => {
    const zh = await mountNotSynced(notSyncedNames());
    mounted = zh.m;
    expect(zh.list.querySelector('p')?.textContent).toBe('以下 4 项未同步（本机数据不受影响）：');
    expect(zh.items).toEqual([
      '其他设备写入的同步项 kx1.r.0 在此无法读取（原样保留）',
      '同步项 kx1.f.2 超出浏览器单项大小上限',
      '文章 0123 的已读标记（编号无法同步）',
      `系列 ${'长'.repeat(40)}… 的关注（名称过长，无法同步）`,
    ]);
    // The status line itself still says the rest is in step.
    expect(zh.m.container.querySelector('[data-kx-sync="ok"]')?.textContent).toMatch(
      /^已同步（.+），占用同步空间 321 字节。$/,
    );
    zh.m.unmount();

    const en = await mountNotSynced(notSyncedNames(), 'en');
    mounted = en.m;
    expect(en.list.querySelector('p')?.textContent).toBe('Not synced (4), nothing on this device is lost:');
    expect(en.items[0]).toBe('sync item kx1.r.0, written by another device, cannot be read here (left as it is)');
    expect(en.items[2]).toBe('the read mark of article 0123 (an id the sync format cannot carry)');
  });

  it('names the first items not synced and counts the rest; shows nothing when all synced', async () => {
    const many = Array.from({ length: NOT_SYNCED_SHOWN + 3 }, (_, i) => `unreadable item kx1.r.${i}`);
    const shown = await mountNotSynced(many);
    mounted = shown.m;
    expect(shown.items).toHaveLength(NOT_SYNCED_SHOWN + 1);
    expect(shown.items.at(-1)).toBe('另有 3 项');
    // A name of a shape the page does not know is shown as it is, never dropped.
    expect(notSyncedText((key) => key, 'something new')).toBe('something new');
    shown.m.unmount();

    const api = library({ settings: { sync: true } });
    const platform = new FakePlatform();
    platform.sync = { kind: 'ok', at: 1, bytes: 10, waiting: false };
    mounted = await mount(<Options />, { api, platform });
    await settleUntil(() => mounted?.container.querySelector('[data-kx-sync="ok"]') != null, 'the sync status');
    expect(mounted.container.querySelector('[data-kx-not-synced]')).toBeNull();
  });

  it('shows no sync status while sync is off', async () => {
    const platform = new FakePlatform();
    platform.sync = { kind: 'ok', at: 1, bytes: 10, waiting: false };
    mounted = await mount(<Options />, { api: library(), platform });
    expect(mounted.container.querySelector('[data-kx-sync]')).toBeNull();
  });

  it('explains an out-of-range threshold instead of saving it', async () => {
    mounted = await mount(<Options />, { api: library() });
    const settings = section(mounted, '阅读与显示');
    await change(withText(settings, 'label', '读到正文的')[0]?.querySelector('input'), '30', ['change']);
    expect(mounted.api.callsTo('updateSettings')).toHaveLength(0);
    expect(must(settings.querySelector('[role="alert"]'), '[role="alert"]').textContent).toBe(
      '阅读比例须在 50% 到 100% 之间。',
    );
  });

  it('switches the page language when the language setting changes', async () => {
    mounted = await mount(<Options />, { api: library(), uiLocale: 'zh-CN' });
    expect(must(mounted.container.querySelector('h1'), 'h1').textContent).toBe('科学空间阅读助手设置');
    await change(withText(mounted.container, 'label', '语言')[0]?.querySelector('select'), 'en', ['change']);
    expect(mounted.api.callsTo('updateSettings')).toEqual([[{ language: 'en' }]]);
    expect(must(mounted.container.querySelector('h1'), 'h1').textContent).toBe('Kexue Reader settings');
    expect(document.documentElement.lang).toBe('en');
  });
});

describe('options: import', () => {
  it('previews a merge, then applies it', async () => {
    mounted = await mount(<Options />, { api: library() });
    await chooseFile(mounted, backupText());
    const preview = must(mounted.container.querySelector('[data-kx-import-preview]'), '[data-kx-import-preview]');
    expect([...preview.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      '新增 1 篇文章',
      '2 篇文章的阅读状态改变',
      '新关注 1 个系列',
      '新增 0 条系列更正',
    ]);
    expect(mounted.api.callsTo('applyImport')).toHaveLength(0);

    await click(button(mounted.container, '合并导入'));
    const [[plan]] = mounted.api.callsTo('applyImport') as [[{ mode: string; reading: { id: string }[] }]];
    expect(plan.mode).toBe('merge');
    expect(plan.reading.map((r) => r.id).sort()).toEqual(['10000', '5343']);
    expect((await mounted.api.service.getStates(['5343']))['5343']?.state).toBe('read');
    expect(mounted.container.textContent).toContain('导入完成。');
  });

  it('replaces only after confirmation, and takes the settings of the backup', async () => {
    mounted = await mount(<Options />, { api: library() });
    await chooseFile(mounted, backupText());
    await click(mounted.container.querySelector('input[type="radio"][value="replace"]'));
    const apply = button(mounted.container, '替换导入');
    expect(apply.disabled).toBe(true);
    expect(mounted.container.textContent).toContain('替换会先删除当前数据：3 篇文章、2 条阅读记录、1 个关注的系列。');
    expect(
      must(mounted.container.querySelector('[data-kx-import-preview]'), '[data-kx-import-preview]').textContent,
    ).toContain('设置将替换为备份中的设置');

    await click(withText(mounted.container, 'label', '我明白，替换当前数据')[0]?.querySelector('input'));
    await click(button(mounted.container, '替换导入'));
    const [[plan]] = mounted.api.callsTo('applyImport') as [[{ mode: string }]];
    expect(plan.mode).toBe('replace');
    expect((await mounted.api.service.getSnapshot()).articles.map((a) => a.id).sort()).toEqual(['10000', '5253']);
    // The imported settings are shown at once.
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('says when a backup changes nothing', async () => {
    const api = await library();
    mounted = await mount(<Options />, { api });
    await chooseFile(mounted, toJsonBackup(await api.service.getSnapshot()));
    expect(mounted.container.textContent).toContain('这个备份没有带来任何变化');
    expect(button(mounted.container, '合并导入').disabled).toBe(true);
  });

  it.each([
    [
      'not a backup',
      '{"format":"something-else","version":1}',
      '这个文件不是科学空间阅读助手的备份',
      'This file is not a Kexue Reader backup',
    ],
    ['not an object', 'null', '这个文件不是科学空间阅读助手的备份', 'This file is not a Kexue Reader backup'],
    [
      'truncated',
      backupText().slice(0, 120),
      '它不是可读取的 JSON，可能下载时被截断',
      'perhaps cut off while downloading',
    ],
    ['newer', backupText().replace('"version":1', '"version":2'), '请先更新扩展', 'Update the extension'],
    [
      'hostile',
      backupText().replace(/"articles":\s*\[/, '"articles":[{"__proto__":{"polluted":true}},'),
      '已损坏或被手动改过（问题出在“data.articles[0].__proto__”）',
      'damaged or was edited by hand',
    ],
  ])("says what is wrong with a %s file, in the reader's language, and calls nothing", async (_, text, zh, en) => {
    for (const [uiLocale, message] of [
      ['zh-CN', zh],
      ['en-US', en],
    ]) {
      mounted = await mount(<Options />, { api: library(), uiLocale });
      const before = mounted.api.calls.length;
      await chooseFile(mounted, text);
      const alert = must(
        mounted.container.querySelector(
          '.kx-import-section [role="alert"], section[aria-labelledby="kx-import-title"] [role="alert"]',
        ),
        '.kx-import-section [role="alert"], section[aria-labelledby="kx-import-title"] [role="alert"]',
      );
      expect(alert.textContent).toContain(message);
      // No parser or schema jargon.
      expect(alert.textContent).not.toMatch(/Unknown format|position|JSON at|Unexpected|null/);
      expect(mounted.api.calls.slice(before)).toEqual([]);
      expect(mounted.container.querySelector('[data-kx-import-preview]')).toBeNull();
      mounted.unmount();
    }
    mounted = undefined;
  });

  it('names Replace on the button when Replace is chosen, even for a backup equal to the data', async () => {
    const api = await library();
    mounted = await mount(<Options />, { api });
    await chooseFile(mounted, toJsonBackup(await api.service.getSnapshot()));
    await click(mounted.container.querySelector('input[type="radio"][value="replace"]'));
    expect(button(mounted.container, '替换导入').disabled).toBe(true);
    expect(withText(mounted.container, 'button', '合并导入')).toHaveLength(0);
  });

  const mergeChosen = (m: Mounted) =>
    must(m.container.querySelector<HTMLInputElement>('input[type="radio"][value="merge"]'), 'the Merge choice').checked;

  it('returns to Merge after all data is cleared, and for each new file', async () => {
    mounted = await mount(<Options />, { api: library() });
    await chooseFile(mounted, backupText());
    await click(mounted.container.querySelector('input[type="radio"][value="replace"]'));
    await click(button(mounted.container, '清除所有数据…'));
    await click(button(mounted.container, '确认清除'));
    expect(mounted.container.querySelector('[data-kx-import-preview]')).toBeNull();
    await chooseFile(mounted, backupText());
    expect(mergeChosen(mounted)).toBe(true);
    await click(mounted.container.querySelector('input[type="radio"][value="replace"]'));
    await chooseFile(mounted, backupText());
    expect(mergeChosen(mounted)).toBe(true);
  });
});

describe('options: export', () => {
  it('downloads the chosen scope in the chosen format', async () => {
    mounted = await mount(<Options />, { api: library() });
    const exportSection = section(mounted, '导出');
    const [scope, format] = exportSection.querySelectorAll('select');
    await change(scope, 'read', ['change']);
    await change(format, 'csv', ['change']);
    await click(button(exportSection, '下载'));
    const file = must(mounted.platform.downloads[0], 'the download');
    expect(file.fileName).toMatch(/^kexue-reading-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(file.mimeType).toContain('text/csv');
    expect(file.content).toContain('5253');
    expect(file.content).not.toContain('5343');
  });

  it('exports one series as BibTeX', async () => {
    mounted = await mount(<Options />, { api: library() });
    const exportSection = section(mounted, '导出');
    await change(exportSection.querySelector('select'), 'series', ['change']);
    const [, series, format] = exportSection.querySelectorAll('select');
    await change(series, 'transformer升级之路', ['change']);
    await change(format, 'bibtex', ['change']);
    await click(button(exportSection, '下载'));
    await settleUntil(() => mounted?.platform.downloads.length === 1, 'the download');
    const file = must(mounted.platform.downloads[0], 'the download');
    expect(file.fileName).toMatch(/\.bib$/);
    expect(file.content).toContain('@online{kexuefm-8130');
    expect(file.content).not.toContain('kexuefm-5253');
  });
});

describe('options: clear all data', () => {
  it('needs a confirmation and offers a backup first', async () => {
    mounted = await mount(<Options />, { api: library() });
    const danger = section(mounted, '清除所有数据');
    await click(button(danger, '清除所有数据…'));
    expect(mounted.api.callsTo('clearAll')).toHaveLength(0);
    expect(must(danger.querySelector('[role="alertdialog"]'), '[role="alertdialog"]').textContent).toContain(
      '此操作无法撤销',
    );

    await click(button(danger, '先下载备份（JSON）'));
    const backup = must(mounted.platform.downloads[0], 'the backup');
    expect(backup.fileName).toMatch(/\.json$/);
    expect(JSON.parse(backup.content).data.articles).toHaveLength(3);

    await click(button(danger, '取消'));
    expect(mounted.api.callsTo('clearAll')).toHaveLength(0);

    await click(button(danger, '清除所有数据…'));
    await click(button(danger, '确认清除'));
    expect(mounted.api.callsTo('clearAll')).toHaveLength(1);
    expect(danger.textContent).toContain('所有数据已清除。');
  });
});

describe('options: diagnostics and history', () => {
  it('lists the recent pages not understood', async () => {
    mounted = await mount(<Options />, { api: library() });
    const diagnostics = section(mounted, '诊断');
    expect(must(diagnostics.querySelector('a'), 'a').getAttribute('href')).toBe('https://kexue.fm/archives/404');
    expect(diagnostics.textContent).toContain('no article body found');
  });

  it('charts articles read per week and per month', async () => {
    const now = new Date(2026, 10, 18, 12).getTime(); // a Wednesday
    const day = 24 * 3600 * 1000;
    const read = (articleId: string, at: number): ReadingEvent => ({
      at,
      articleId,
      from: 'unread',
      to: 'read',
      source: 'manual',
    });
    const api = library({
      events: [read('1', now - day), read('2', now - 2 * day), read('3', now - 8 * day), read('4', now - 40 * day)],
    });
    mounted = await mount(<HistorySection now={() => now} />, { api });

    const values = () =>
      [...must(mounted, 'the mounted page').container.querySelectorAll('rect.kx-bar')].map((r) =>
        Number(r.getAttribute('data-value')),
      );
    const weeks = values();
    expect(weeks).toHaveLength(26);
    expect(weeks.slice(-2)).toEqual([1, 2]);
    expect(weeks.reduce((a, b) => a + b)).toBe(4);
    expect(must(mounted.container.querySelector('svg'), 'svg').getAttribute('aria-label')).toBe(
      '每周读完的文章数，最近 26 周，共 4 篇',
    );

    await click(button(mounted.container, '每月'));
    const months = values();
    expect(months).toHaveLength(12);
    expect(months.slice(-2)).toEqual([1, 3]);
  });

  it('says how the chart fills when nothing was read yet', async () => {
    mounted = await mount(<HistorySection />, { api: testApi() });
    expect(mounted.container.textContent).toContain('还没有读完的文章');
    expect(mounted.container.querySelector('svg')).toBeNull();
  });
});
