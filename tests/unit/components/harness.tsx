/** Rendering the UI in happy-dom with the real locale files, the real service (./test-api.ts) and a fake platform. */

import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { type ComponentChildren, render } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import { Shell } from '@/components/Shell';
import { browserLang, type ChromeMessages, formatMessage, type I18nLoader, type Lang, LOCALE_DIRS } from '@/utils/i18n';
import { FakePlatform } from './fake-platform';
import { type TestApi, testApi, waitingForService } from './test-api';

/** A locale's messages exactly as the build emits them in `_locales/<dir>/messages.json`. */
export async function builtMessages(lang: Lang): Promise<ChromeMessages> {
  const parsed = await parseMessagesFile(resolve(__dirname, `../../../locales/${LOCALE_DIRS[lang]}.yml`));
  return generateChromeMessages(parsed) as ChromeMessages;
}

// Each test seeds a real database (fake-indexeddb) and waits for its answers: more than Vitest's default 5 s when
// the machine is busy (a load of 26 on 2 cores was seen here), never a measure of the UI's speed.
vi.setConfig({ testTimeout: 30_000 });

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

async function tick(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

/**
 * Lets pending promises settle and Preact re-render: turns of the event loop until `rounds` turns in a row found no
 * call of the UI waiting for the service (IndexedDB answers in a few turns; an answer may start another call).
 */
export async function settle(rounds = 5): Promise<void> {
  let quiet = 0;
  for (let i = 0; i < 2000 && quiet < rounds; i++) {
    await tick();
    quiet = waitingForService() ? 0 : quiet + 1;
  }
}

/** Settles until `done()` holds (file reads and the like take an unknown number of rounds); throws if it never does. */
export async function settleUntil(done: () => boolean, what: string, maxRounds = 500): Promise<void> {
  for (let i = 0; i < maxRounds && !done(); i++) await settle(1);
  if (!done()) throw new Error(`still waiting for ${what}`);
}

export interface Mounted {
  container: HTMLElement;
  api: TestApi;
  platform: FakePlatform;
  unmount(): void;
}

export async function mount(
  ui: ComponentChildren,
  {
    api: given,
    platform = new FakePlatform(),
    uiLocale = 'zh-CN',
    i18n = fakeI18nLoader(uiLocale),
  }: { api?: TestApi | Promise<TestApi>; platform?: FakePlatform; uiLocale?: string; i18n?: I18nLoader } = {},
): Promise<Mounted> {
  const api = await (given ?? testApi());
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
