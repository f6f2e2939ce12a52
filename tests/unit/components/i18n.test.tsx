// @vitest-environment happy-dom

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Popup } from '@/components/popup/Popup';
import { must } from '@/tests/must';
import { browserLang, formatMessage, type Lang, loadTranslator } from '@/utils/i18n';
import { fakeI18nLoader, MESSAGES, mount } from './harness';
import { testApi } from './test-api';

const ROOT = resolve(__dirname, '../../..');
/** Where UI strings are used: the extension pages, and the content script's own controls on the blog. */
const SOURCES = ['components', 'entrypoints', 'features', 'utils', 'background'];
/** Keys the manifest uses (wxt.config.ts), not the code. */
// The manifest's own messages (wxt.config.ts): name, description and the commands' descriptions.
const MANIFEST_KEYS = [
  'extName',
  'extDescription',
  'commands.toggleRead',
  'commands.nextPart',
  'commands.toggleRenderer',
];
const GROUPS = ['common', 'popup', 'settings', 'options', 'export', 'import', 'history', 'content', 'welcome'];

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Keys the code passes to t(…) or names as message keys in tables (`'popup.follow'`). */
function usedKeys(): Set<string> {
  const used = new Set<string>();
  // `t('key'` in components, `i18n.t('key'` in content scripts.
  const call = /\bt\(\s*'([^']+)'/g;
  const groupKey = new RegExp(`'((?:${GROUPS.join('|')})\\.[A-Za-z0-9]+)'`, 'g');
  const ternary = /\bt\(\s*[^,)]*\?\s*'([^']+)'\s*:\s*'([^']+)'/g;
  for (const file of SOURCES.flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(call)) used.add(must(m[1], 'the key'));
    for (const m of text.matchAll(groupKey)) used.add(must(m[1], 'the key'));
    for (const m of text.matchAll(ternary)) {
      used.add(must(m[1], 'the first key'));
      used.add(must(m[2], 'the second key'));
    }
  }
  return used;
}

const dotted = (lang: Lang) => new Set(Object.keys(MESSAGES[lang]).map((k) => k.replace('_', '.')));
const substitutions = (message: string) =>
  [...message.matchAll(/\$([1-9])/g)]
    .map((m) => m[1])
    .sort()
    .join(',');

describe('locales', () => {
  it('zh_CN and en define the same keys with the same substitutions', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES['zh-CN']).sort());
    for (const key of Object.keys(MESSAGES['zh-CN'])) {
      expect([key, substitutions(must(MESSAGES.en[key], `en ${key}`).message)]).toEqual([
        key,
        substitutions(must(MESSAGES['zh-CN'][key], `zh_CN ${key}`).message),
      ]);
    }
  });

  it('defines every key the code uses, and nothing unused', () => {
    const used = usedKeys();
    const defined = dotted('zh-CN');
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !defined.has(k))).toEqual([]);
    expect([...defined].filter((k) => !used.has(k) && !MANIFEST_KEYS.includes(k))).toEqual([]);
  });

  it('keeps the manifest keys', () => {
    expect(MESSAGES['zh-CN'].extName?.message).toContain('科学空间');
    expect(MESSAGES.en.extDescription?.message).toContain('kexue.fm');
  });
});

describe('utils/i18n', () => {
  it('formats substitutions as browser.i18n does', () => {
    expect(formatMessage('已读 $1/$2', ['3', '10'])).toBe('已读 3/10');
    expect(formatMessage('costs $$1 and $1', ['5'])).toBe('costs $1 and 5');
    expect(formatMessage('missing $2', ['x'])).toBe('missing ');
  });

  it("resolves the browser's language the way the browser picks a locale", () => {
    expect(browserLang('en-US')).toBe('en');
    expect(browserLang('en')).toBe('en');
    expect(browserLang('zh-CN')).toBe('zh-CN');
    expect(browserLang('zh-TW')).toBe('zh-CN');
    expect(browserLang('fr')).toBe('zh-CN');
  });

  it("uses the browser's own messages unless another language is chosen", async () => {
    const loads: Lang[] = [];
    const loader = fakeI18nLoader('zh-CN', loads);
    const browser = await loadTranslator('browser', loader);
    expect([browser.lang, browser.t('popup.undo')]).toEqual(['zh-CN', '撤销']);
    const chinese = await loadTranslator('zh-CN', loader);
    expect(chinese.t('common.readOfTotal', [3, 10])).toBe('已读 3/10');
    expect(loads).toEqual([]);

    const english = await loadTranslator('en', loader);
    expect([english.lang, english.t('common.readOfTotal', [3, 10])]).toEqual(['en', '3/10 read']);
    expect(loads).toEqual(['en']);
  });

  it('loads Chinese messages in an English browser when Chinese is chosen', async () => {
    const loads: Lang[] = [];
    const chinese = await loadTranslator('zh-CN', fakeI18nLoader('en-GB', loads));
    expect(chinese.t('popup.follow')).toBe('关注');
    expect(loads).toEqual(['zh-CN']);
  });

  it("falls back to the browser's language when the chosen locale can't be loaded", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const loader = { ...fakeI18nLoader('zh-CN'), loadMessages: () => Promise.reject(new Error('404')) };
    const api = testApi({ settings: { language: 'en' } });
    const mounted = await mount(<Popup />, { api, i18n: loader });
    expect(must(mounted.container.querySelector('.kx-empty'), '.kx-empty').textContent).toContain('还没有阅读记录');
    expect(warn).toHaveBeenCalled();
    mounted.unmount();
    warn.mockRestore();
  });
});
