/** Rendering the UI in happy-dom with the real locale files, a fake api and a fake platform. */
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { render, type ComponentChildren } from 'preact';
import { act } from 'preact/test-utils';
import { resolve } from 'node:path';
import { Shell } from '@/components/Shell';
import { browserLang, formatMessage, LOCALE_DIRS, type ChromeMessages, type I18nLoader, type Lang } from '@/utils/i18n';
import { FakePlatform, FakeReaderApi } from './fake-api';

/** A locale's messages exactly as the build emits them in `_locales/<dir>/messages.json`. */
export async function builtMessages(lang: Lang): Promise<ChromeMessages> {
  const parsed = await parseMessagesFile(resolve(__dirname, `../../../locales/${LOCALE_DIRS[lang]}.yml`));
  return generateChromeMessages(parsed) as ChromeMessages;
}

export const MESSAGES: Record<Lang, ChromeMessages> = {
  'zh-CN': await builtMessages('zh-CN'),
  en: await builtMessages('en'),
};

/** What `browser.i18n` would do in a browser whose UI language is `uiLocale`. */
export function fakeI18nLoader(uiLocale: string, loads: Lang[] = []): I18nLoader {
  const native = MESSAGES[browserLang(uiLocale)];
  return {
    uiLocale: () => uiLocale,
    getMessage: (key, subs) => (native[key] ? formatMessage(native[key].message, subs) : ''),
    async loadMessages(lang) {
      loads.push(lang);
      return MESSAGES[lang];
    },
  };
}

/** Lets pending promises (the fake api's answers) settle and Preact re-render. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

/** Settles until `done()` holds (file reads and the like take an unknown number of rounds); throws if it never does. */
export async function settleUntil(done: () => boolean, what: string, maxRounds = 500): Promise<void> {
  for (let i = 0; i < maxRounds && !done(); i++) await settle(1);
  if (!done()) throw new Error(`still waiting for ${what}`);
}

export interface Mounted {
  container: HTMLElement;
  api: FakeReaderApi;
  platform: FakePlatform;
  unmount(): void;
}

export async function mount(
  ui: ComponentChildren,
  {
    api = new FakeReaderApi(),
    platform = new FakePlatform(),
    uiLocale = 'zh-CN',
    i18n = fakeI18nLoader(uiLocale),
  }: { api?: FakeReaderApi; platform?: FakePlatform; uiLocale?: string; i18n?: I18nLoader } = {},
): Promise<Mounted> {
  const container = document.createElement('div');
  document.body.append(container);
  await act(() => {
    render(
      <Shell api={api} platform={platform} i18n={i18n}>
        {ui}
      </Shell>,
      container,
    );
  });
  await settle();
  return {
    container,
    api,
    platform,
    unmount() {
      render(null, container);
      container.remove();
    },
  };
}

export async function click(element: Element | null | undefined): Promise<void> {
  if (!element) throw new Error('nothing to click');
  await act(() => {
    (element as HTMLElement).click();
  });
  await settle();
}

/** Sets an input's or select's value and fires the events a user's edit fires. */
export async function change(
  element: Element | null | undefined,
  value: string,
  events: string[] = ['input', 'change'],
): Promise<void> {
  if (!element) throw new Error('nothing to change');
  await act(() => {
    (element as HTMLInputElement).value = value;
    for (const type of events) element.dispatchEvent(new Event(type, { bubbles: true }));
  });
  await settle();
}

/** The elements matching `selector` whose text contains `text`. */
export function withText<E extends Element = HTMLElement>(root: ParentNode, selector: string, text: string): E[] {
  return [...root.querySelectorAll<E>(selector)].filter((e) => e.textContent?.includes(text));
}

export function button(root: ParentNode, text: string): HTMLButtonElement {
  const [found] = withText<HTMLButtonElement>(root, 'button', text);
  if (!found) throw new Error(`no button "${text}" in: ${(root as Element).textContent}`);
  return found;
}
