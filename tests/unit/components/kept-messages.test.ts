import { describe, expect, it } from 'vitest';
import { type KeptMessages, keptMessagesLoader } from '@/components/popup/kept-messages';
import { translatorFor } from '@/components/Shell';
import type { Lang } from '@/utils/i18n';
import { fakeI18nLoader, MESSAGES } from './harness';

/** An English browser (its own lookup speaks English), the reader having chosen Chinese. */
function setup(kept: unknown) {
  const loads: Lang[] = [];
  const saved: KeptMessages[] = [];
  const loader = keptMessagesLoader(fakeI18nLoader('en-US', loads), kept, '1.2.0', async (k) => {
    saved.push(k);
  });
  return { loader, loads, saved };
}

describe('the popup keeps the messages of a language other than the browser’s', () => {
  it('fetches them on the first open and keeps them with the version they belong to', async () => {
    const { loader, loads, saved } = setup(null);
    const { lang, t } = await translatorFor('zh-CN', loader);
    expect(lang).toBe('zh-CN');
    expect(t('popup.continueReading')).toBe(MESSAGES['zh-CN'].popup_continueReading?.message);
    expect(loads).toEqual(['zh-CN']);
    expect(saved).toEqual([{ version: '1.2.0', lang: 'zh-CN', messages: MESSAGES['zh-CN'] }]);
  });

  it('answers from the kept copy on the next open: no fetch, nothing written', async () => {
    const { loader, loads, saved } = setup({ version: '1.2.0', lang: 'zh-CN', messages: MESSAGES['zh-CN'] });
    const { t } = await translatorFor('zh-CN', loader);
    expect(t('popup.continueReading')).toBe(MESSAGES['zh-CN'].popup_continueReading?.message);
    expect(loads).toEqual([]);
    expect(saved).toEqual([]);
  });

  it('fetches again after an update, for another language, or when the kept value is not messages', async () => {
    for (const kept of [
      { version: '1.1.0', lang: 'zh-CN', messages: { popup_continueReading: { message: 'old text' } } },
      { version: '1.2.0', lang: 'en', messages: MESSAGES.en },
      { version: '1.2.0', lang: 'zh-CN' },
      'zh-CN',
    ]) {
      const { loader, loads, saved } = setup(kept);
      const { t } = await translatorFor('zh-CN', loader);
      expect(t('popup.continueReading')).toBe(MESSAGES['zh-CN'].popup_continueReading?.message);
      expect(loads).toEqual(['zh-CN']);
      expect(saved.map((s) => [s.version, s.lang])).toEqual([['1.2.0', 'zh-CN']]);
    }
  });

  it('the browser’s own language needs no messages at all', async () => {
    const { loader, loads, saved } = setup(null);
    const { lang, t } = await translatorFor('en', loader);
    expect(lang).toBe('en');
    expect(t('popup.continueReading')).toBe(MESSAGES.en.popup_continueReading?.message);
    expect(loads).toEqual([]);
    expect(saved).toEqual([]);
  });
});
