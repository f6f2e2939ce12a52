import { describe, expect, it, vi } from 'vitest';
import { type PageText, textOnceLoaded } from '@/utils/content/page-text';
import type { Translator } from '@/utils/i18n';

const native: Translator = { lang: 'zh-CN', t: (key) => `zh:${key}` };

/** The chosen language's text, loaded later; `change()` plays a later change of language. */
function chosenText(lang: PageText['lang']) {
  const listeners = new Set<() => void>();
  let current = lang;
  const text: PageText = {
    get lang() {
      return current;
    },
    t: (key) => `${current}:${key}`,
    onChange: (relabel) => listeners.add(relabel),
  };
  return {
    text,
    change(next: PageText['lang']) {
      current = next;
      for (const relabel of listeners) relabel();
    },
  };
}

describe('textOnceLoaded (our UI text before the settings are read)', () => {
  it('speaks the browser’s language until the chosen one is loaded, then relabels once', async () => {
    const chosen = chosenText('en');
    let load: (text: PageText) => void = () => undefined;
    const text = textOnceLoaded(new Promise((resolve) => (load = resolve)), new AbortController().signal, native);
    const relabel = vi.fn();
    text.onChange(relabel, new AbortController().signal);
    expect([text.lang, text.t('content.copy')]).toEqual(['zh-CN', 'zh:content.copy']);
    load(chosen.text);
    await Promise.resolve();
    expect([text.lang, text.t('content.copy')]).toEqual(['en', 'en:content.copy']);
    expect(relabel).toHaveBeenCalledOnce();
    // Later changes of language reach the labels as with the text read after the settings.
    chosen.change('zh-CN');
    expect(relabel).toHaveBeenCalledTimes(2);
  });

  it('does not relabel when the chosen language is the browser’s own', async () => {
    const text = textOnceLoaded(Promise.resolve(chosenText('zh-CN').text), new AbortController().signal, native);
    const relabel = vi.fn();
    text.onChange(relabel, new AbortController().signal);
    await Promise.resolve();
    expect(relabel).not.toHaveBeenCalled();
  });

  it('forgets a label whose signal aborted before the text came', async () => {
    const chosen = chosenText('en');
    const text = textOnceLoaded(Promise.resolve(chosen.text), new AbortController().signal, native);
    const relabel = vi.fn();
    const gone = new AbortController();
    text.onChange(relabel, gone.signal);
    gone.abort();
    await Promise.resolve();
    chosen.change('zh-CN');
    expect(relabel).not.toHaveBeenCalled();
  });
});
