// @vitest-environment happy-dom

import { afterEach, describe, expect, it } from 'vitest';
import { Popup } from '@/components/popup/Popup';
import { newSeriesKey } from '@/components/popup/SeriesGrouping';
import { must } from '@/tests/must';
import type { SeriesCorrection } from '@/utils/db/model';
import { button, change, click, type Mounted, mount } from './harness';
import { article, testApi } from './test-api';

const VAE = '变分自编码器';
/** The series' key (the grouper lower-cases it) and its name as the titles spell it. */
const TRANSFORMER = 'transformer升级之路';
const TRANSFORMER_NAME = 'Transformer升级之路';

function library() {
  return testApi({
    articles: [
      article('5253', '变分自编码器（一）：原来是这么一回事', VAE, 1),
      article('5343', '变分自编码器（二）：从贝叶斯观点出发', VAE, 2),
      article('5383', '变分自编码器（三）：这样做为什么能成？', VAE, 3),
      article('8130', 'Transformer升级之路：1、Sinusoidal位置编码追根溯源', TRANSFORMER, 1),
      article('8265', 'Transformer升级之路：2、博采众长的旋转式位置编码', TRANSFORMER, 2),
    ],
  });
}

let mounted: Mounted | undefined;
afterEach(() => mounted?.unmount());

async function openGrouping(key: string, uiLocale = 'zh-CN') {
  const m = await mount(<Popup />, { api: library(), uiLocale });
  await click(m.container.querySelector(`li.kx-series[data-series="${key}"] .kx-series-name`));
  await click(m.container.querySelector('[aria-controls="kx-grouping"]'));
  return m;
}

const q = <E extends Element = HTMLElement>(m: Mounted, selector: string) =>
  must(m.container.querySelector<E>(selector), 'm.container.querySelector<E>(selector)');
const heading = (m: Mounted) => q(m, '#kx-series-title').textContent;
const status = (m: Mounted) => q(m, '.kx-series-view [role="status"]')?.textContent;
/** The corrections of every correctSeries call, flattened. */
const saved = (m: Mounted) =>
  m.api.callsTo('correctSeries').flatMap(([c]) => (Array.isArray(c) ? c : [c])) as SeriesCorrection[];
const splitBox = (m: Mounted, title: string) => {
  const labels = [...m.container.querySelectorAll<HTMLLabelElement>('.kx-split-list label')];
  const label = must(
    labels.find((l) => l.textContent?.includes(title)),
    `the split box of "${title}"`,
  );
  return must(label.querySelector('input'), 'its checkbox');
};

describe('series grouping: the editor', () => {
  it('opens and closes from a button that says whether it is expanded', async () => {
    mounted = await openGrouping(VAE);
    const toggle = q<HTMLButtonElement>(mounted, '[aria-controls="kx-grouping"]');
    expect(toggle.textContent).toBe('调整分组');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(q(mounted, '#kx-grouping')).not.toBeNull();
    await click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(mounted.container.querySelector('#kx-grouping')).toBeNull();
  });

  it('labels every control (zh-CN and en)', async () => {
    mounted = await openGrouping(VAE, 'en');
    expect(q(mounted, 'label[for="kx-rename"]').textContent).toBe('Series name');
    expect(q(mounted, 'label[for="kx-merge-into"]').textContent).toBe('Merge this series into');
    expect(q(mounted, 'label[for="kx-split-name"]').textContent).toBe('New series name');
    expect(button(mounted.container, 'Reset grouping…').textContent).toBe('Reset grouping…');
  });
});

describe('series grouping: rename', () => {
  it('saves a rename correction, shows the new name and reloads the list', async () => {
    mounted = await openGrouping(VAE);
    const listCalls = mounted.api.callsTo('listSeries').length;
    await change(q(mounted, '#kx-rename'), '  VAE 系列 ');
    await click(button(mounted.container, '重命名'));
    expect(saved(mounted)).toEqual([{ kind: 'rename', seriesKey: VAE, name: 'VAE 系列', at: expect.any(Number) }]);
    expect(heading(mounted)).toBe('VAE 系列');
    expect(status(mounted)).toBe('已重命名为“VAE 系列”。');
    expect(mounted.api.callsTo('listSeries').length).toBeGreaterThan(listCalls);
    await click(button(mounted.container, '返回系列列表'));
    expect(q(mounted, `li.kx-series[data-series="${VAE}"]`).textContent).toContain('VAE 系列');
  });

  it('refuses an empty name without calling the api', async () => {
    mounted = await openGrouping(VAE);
    await change(q(mounted, '#kx-rename'), '   ');
    await click(button(mounted.container, '重命名'));
    expect(q(mounted, '#kx-rename-error').textContent).toBe('请输入名称。');
    expect(q(mounted, '#kx-rename').getAttribute('aria-invalid')).toBe('true');
    expect(mounted.api.callsTo('correctSeries')).toEqual([]);
  });
});

describe('series grouping: merge', () => {
  it('merges into the series chosen among the others, then shows that series; separating undoes it', async () => {
    mounted = await openGrouping(VAE);
    const select = q<HTMLSelectElement>(mounted, '#kx-merge-into');
    expect([...select.options].map((o) => o.value)).toEqual(['', TRANSFORMER]);
    const submit = button(mounted.container, '合并');
    expect(submit.disabled).toBe(true);
    await change(select, TRANSFORMER, ['change']);
    await click(submit);
    expect(saved(mounted)).toEqual([{ kind: 'merge', from: VAE, into: TRANSFORMER, at: expect.any(Number) }]);
    expect(heading(mounted)).toBe(TRANSFORMER_NAME);
    expect(status(mounted)).toBe(`已并入“${TRANSFORMER_NAME}”。`);
    expect(mounted.container.querySelectorAll('.kx-articles li')).toHaveLength(5);
    expect(document.activeElement).toBe(q(mounted, '#kx-series-title'));

    await click(q(mounted, '[aria-controls="kx-grouping"]'));
    const separate = q<HTMLButtonElement>(mounted, '.kx-merged button');
    expect(separate.getAttribute('aria-label')).toBe(`将“${VAE}”重新拆分出来`);
    await click(separate);
    expect(saved(mounted)[1]).toEqual({ kind: 'merge', from: VAE, into: VAE, at: expect.any(Number) });
    expect(status(mounted)).toBe(`“${VAE}”已重新成为独立的系列。`);
  });
});

describe('series grouping: split', () => {
  it('moves the selected articles to a new series it names, in one call, keeping their parts', async () => {
    mounted = await openGrouping(VAE);
    const submit = button(mounted.container, '移到新系列');
    expect(submit.disabled).toBe(true);
    await click(splitBox(mounted, '从贝叶斯观点出发'));
    await click(splitBox(mounted, '这样做为什么能成'));
    expect(q(mounted, '.kx-grouping .kx-meta[aria-live]').textContent).toBe('已选 2 篇');
    await change(q(mounted, '#kx-split-name'), 'VAE 进阶');
    await click(submit);
    const calls = mounted.api.callsTo('correctSeries');
    expect(calls).toHaveLength(1);
    const [first, ...moves] = saved(mounted);
    const rename = must(first, 'the rename of the new series');
    expect(rename).toMatchObject({ kind: 'rename', name: 'VAE 进阶' });
    const key = (rename as Extract<SeriesCorrection, { kind: 'rename' }>).seriesKey;
    expect(key).toMatch(/^user:/);
    expect(moves).toEqual([
      { kind: 'assign', articleId: '5343', seriesKey: key, part: 2, at: rename.at },
      { kind: 'assign', articleId: '5383', seriesKey: key, part: 3, at: rename.at },
    ]);
    expect(status(mounted)).toBe('已将 2 篇移到“VAE 进阶”。');
    expect(mounted.container.querySelectorAll('.kx-articles li')).toHaveLength(1);
  });

  it('asks for the new series name first', async () => {
    mounted = await openGrouping(VAE);
    await click(splitBox(mounted, '原来是这么一回事'));
    await click(button(mounted.container, '移到新系列'));
    expect(q(mounted, '#kx-split-error').textContent).toBe('请输入名称。');
    expect(mounted.api.callsTo('correctSeries')).toEqual([]);
  });

  it('takes articles out of any series; removing all of them returns to the list', async () => {
    mounted = await openGrouping(TRANSFORMER);
    await click(splitBox(mounted, 'Sinusoidal'));
    await click(button(mounted.container, '移出系列'));
    expect(saved(mounted)).toEqual([
      { kind: 'assign', articleId: '8130', seriesKey: null, part: null, at: expect.any(Number) },
    ]);
    expect(status(mounted)).toBe('已将 1 篇移出系列。');
    await click(splitBox(mounted, '博采众长'));
    await click(button(mounted.container, '移出系列'));
    expect(mounted.container.querySelector('.kx-series-view')).toBeNull();
    expect(mounted.container.querySelector(`li.kx-series[data-series="${TRANSFORMER}"]`)).toBeNull();
  });
});

describe('series grouping: reset', () => {
  it('asks before resetting, then removes the series corrections through the api', async () => {
    mounted = await openGrouping(VAE);
    await change(q(mounted, '#kx-rename'), 'VAE');
    await click(button(mounted.container, '重命名'));
    // The editor stays open after a change.
    await click(button(mounted.container, '恢复自动分组…'));
    expect(q(mounted, '[role="alertdialog"]').textContent).toContain('撤销对本系列的所有调整');
    await click(button(mounted.container, '取消'));
    expect(mounted.api.callsTo('resetSeries')).toEqual([]);
    await click(button(mounted.container, '恢复自动分组…'));
    await click(button(mounted.container, '确定恢复'));
    expect(mounted.api.callsTo('resetSeries')).toEqual([[VAE]]);
    expect(status(mounted)).toBe('已恢复自动分组：撤销了 1 项调整。');
    await click(button(mounted.container, '恢复自动分组…'));
    await click(button(mounted.container, '确定恢复'));
    expect(status(mounted)).toBe('本系列没有可撤销的调整。');
  });
});

describe('newSeriesKey', () => {
  it('makes a key no parser key looks like, distinct from the taken ones', () => {
    const first = newSeriesKey(1000, []);
    expect(first).toBe(`user:${(1000).toString(36)}`);
    expect(newSeriesKey(1000, [first])).toBe(`user:${(1001).toString(36)}`);
  });
});
